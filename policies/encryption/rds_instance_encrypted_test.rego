package crm.rules.encryption.rds_instance_encrypted_test

import data.crm.lib.fixtures as fx
import data.crm.rules.encryption.rds_instance_encrypted as rule

_db(values) := fx.with_unknown(
	fx.with_refs(fx.resource("aws_db_instance.crm", values), {"kms_key_id": ["aws_kms_key.k"]}),
	["kms_key_id"],
)

_good := {"storage_encrypted": true, "kms_key_id": "${aws_kms_key.k.arn}"}

test_encrypted_with_cmk_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, _db(_good)])
}

test_unencrypted_fails if {
	some f in rule.deny with input as fx.model([fx.kms_key, _db(object.union(_good, {"storage_encrypted": false}))])
	f.resource == "aws_db_instance.crm"
	contains(f.message, "`storage_encrypted = false`")
}

test_absent_flag_fails if {
	some f in rule.deny with input as fx.model([fx.kms_key, _db(object.remove(_good, ["storage_encrypted"]))])
	contains(f.message, "`storage_encrypted` absent")
}

test_aws_managed_key_fails if {
	db := fx.resource("aws_db_instance.crm", {"storage_encrypted": true, "kms_key_id": "alias/aws/rds"})
	some f in rule.deny with input as fx.model([db])
	contains(f.message, "AWS-managed key")
}

test_literal_key_arn_passes if {
	db := fx.resource("aws_db_instance.crm", {"storage_encrypted": true, "kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/abcd"})
	count(rule.deny) == 0 with input as fx.model([db])
}

test_alias_to_cmk_passes if {
	alias := fx.with_refs(fx.resource("aws_kms_alias.a", {"target_key_id": "${aws_kms_key.k.key_id}"}), {"target_key_id": ["aws_kms_key.k"]})
	db := fx.with_refs(fx.resource("aws_db_instance.crm", {"storage_encrypted": true, "kms_key_id": "${aws_kms_alias.a.arn}"}), {"kms_key_id": ["aws_kms_alias.a"]})
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, alias, db])
}

test_unknown_flag_is_unverifiable if {
	db := fx.with_unknown(fx.resource("aws_db_instance.crm", object.union(_good, {"storage_encrypted": "${var.encrypt}"})), ["storage_encrypted"])
	some f in rule.deny with input as fx.model([fx.kms_key, db])
	f.unverifiable == true
	contains(f.message, "cannot be proven that storage is encrypted")
}

test_replica_inherits_from_source if {
	db := fx.resource("aws_db_instance.replica", {"replicate_source_db": "crm"})
	count(rule.deny) == 0 with input as fx.model([db])
}

test_performance_insights_without_cmk_fails if {
	db := _db(object.union(_good, {"performance_insights_enabled": true}))
	some f in rule.deny with input as fx.model([fx.kms_key, db])
	contains(f.message, "Performance Insights")
}

test_performance_insights_with_cmk_passes if {
	db := fx.with_refs(
		fx.resource("aws_db_instance.crm", object.union(_good, {"performance_insights_enabled": true, "performance_insights_kms_key_id": "${aws_kms_key.k.arn}"})),
		{"kms_key_id": ["aws_kms_key.k"], "performance_insights_kms_key_id": ["aws_kms_key.k"]},
	)
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, db])
}

test_unresolvable_key_is_unverifiable if {
	db := fx.with_unknown(fx.resource("aws_db_instance.crm", {"storage_encrypted": true, "kms_key_id": "${var.kms_key_arn}"}), ["kms_key_id"])
	some f in rule.deny with input as fx.model([db])
	f.unverifiable == true
	contains(f.message, "customer-managed")
}

test_performance_insights_unresolvable_key_is_unverifiable if {
	db := fx.with_unknown(_db(object.union(_good, {"performance_insights_enabled": true, "performance_insights_kms_key_id": "${var.pi_key}"})), ["kms_key_id", "performance_insights_kms_key_id"])
	some f in rule.deny with input as fx.model([fx.kms_key, db])
	f.unverifiable == true
	contains(f.message, "Performance Insights")
}

test_aurora_cluster_instance_performance_insights_without_cmk_fails if {
	ci := fx.resource("aws_rds_cluster_instance.crm_1", {"cluster_identifier": "crm", "engine": "aurora-postgresql", "performance_insights_enabled": true})
	some f in rule.deny with input as fx.model([ci])
	f.resource == "aws_rds_cluster_instance.crm_1"
	contains(f.message, "Performance Insights")
	ok := fx.with_refs(
		fx.resource("aws_rds_cluster_instance.crm_1", {"engine": "aurora-postgresql", "performance_insights_enabled": true, "performance_insights_kms_key_id": "${aws_kms_key.k.arn}"}),
		{"performance_insights_kms_key_id": ["aws_kms_key.k"]},
	)
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, ok])
}
