package crm.rules.encryption.rds_cluster_encrypted_test

import data.crm.lib.fixtures as fx
import data.crm.rules.encryption.rds_cluster_encrypted as rule

_cluster(name, values) := fx.with_refs(fx.resource(concat(".", ["aws_rds_cluster", name]), values), {"kms_key_id": ["aws_kms_key.k"]})

_good := {"engine": "aurora-postgresql", "master_username": "crm", "storage_encrypted": true, "kms_key_id": "${aws_kms_key.k.arn}"}

test_encrypted_with_cmk_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, _cluster("crm", _good)])
}

test_unencrypted_fails if {
	some f in rule.deny with input as fx.model([fx.kms_key, _cluster("crm", object.remove(_good, ["storage_encrypted"]))])
	f.resource == "aws_rds_cluster.crm"
	contains(f.message, "`storage_encrypted` absent")
}

test_aws_managed_key_fails if {
	c := fx.resource("aws_rds_cluster.crm", object.union(_good, {"kms_key_id": "alias/aws/rds"}))
	some f in rule.deny with input as fx.model([c])
	contains(f.message, "AWS-managed key")
}

test_unknown_flag_and_key_are_unverifiable if {
	c := fx.with_unknown(fx.resource("aws_rds_cluster.crm", object.union(_good, {"storage_encrypted": "${var.enc}"})), ["storage_encrypted"])
	some f in rule.deny with input as fx.model([c])
	f.unverifiable == true
	c2 := fx.with_unknown(fx.resource("aws_rds_cluster.crm", object.union(_good, {"kms_key_id": "${var.key}"})), ["kms_key_id"])
	some f2 in rule.deny with input as fx.model([c2])
	f2.unverifiable == true
}

test_secondary_cluster_needs_own_key if {
	sec := fx.resource("aws_rds_cluster.dr", {"engine": "aurora-postgresql", "global_cluster_identifier": "crm-global"})
	some f in rule.deny with input as fx.model([sec])
	f.resource == "aws_rds_cluster.dr"
	contains(f.message, "`kms_key_id` absent")
	ok := _cluster("dr", {"engine": "aurora-postgresql", "global_cluster_identifier": "crm-global", "kms_key_id": "${aws_kms_key.k.arn}"})
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, ok])
}

test_replica_cluster_needs_key if {
	rep := fx.resource("aws_rds_cluster.rep", {"replication_source_identifier": "arn:aws:rds:eu-west-1:111122223333:cluster:crm"})
	count(rule.deny) == 1 with input as fx.model([rep])
}

test_serverless_v1_needs_cmk_only if {
	sls := fx.resource("aws_rds_cluster.sls", {"engine_mode": "serverless", "master_username": "crm"})
	some f in rule.deny with input as fx.model([sls])
	contains(f.message, "AWS-managed")
}

test_global_cluster_flag if {
	g := fx.resource("aws_rds_global_cluster.g", {"global_cluster_identifier": "crm-global"})
	some f in rule.deny with input as fx.model([g])
	f.resource == "aws_rds_global_cluster.g"
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_rds_global_cluster.g", {"storage_encrypted": true})])
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_rds_global_cluster.g", {"source_db_cluster_identifier": "arn:x"})])
	gu := fx.with_unknown(fx.resource("aws_rds_global_cluster.g", {"storage_encrypted": "${var.e}"}), ["storage_encrypted"])
	some f2 in rule.deny with input as fx.model([gu])
	f2.unverifiable == true
}
