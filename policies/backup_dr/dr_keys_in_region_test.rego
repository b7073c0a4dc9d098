package crm.rules.backup_dr.dr_keys_in_region_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.dr_keys_in_region as rule

_dr(r) := fx.merged(r, {"region": "eu-central-1", "provider": "aws.dr"})

_primary_key := fx.resource("aws_kms_key.primary", {})

_dr_key := _dr(fx.resource("aws_kms_key.dr", {}))

_uses(address, attr, key) := fx.with_refs(fx.resource(address, {attr: concat("", ["${", key, ".arn}"])}), {attr: [key]})

test_same_region_keys_pass if {
	v := _dr(_uses("aws_backup_vault.dr", "kms_key_arn", "aws_kms_key.dr"))
	p := _uses("aws_backup_vault.crm", "kms_key_arn", "aws_kms_key.primary")
	count(rule.deny) == 0 with input as fx.model([_primary_key, _dr_key, v, p])
}

test_cross_region_key_reference_fails if {
	v := _dr(_uses("aws_backup_vault.dr", "kms_key_arn", "aws_kms_key.primary"))
	some f in rule.deny with input as fx.model([_primary_key, v])
	f.resource == "aws_backup_vault.dr"
	contains(f.message, "protects data in eu-central-1 with `kms_key_arn` = key `aws_kms_key.primary` from eu-west-1")
}

test_alias_resolves_to_its_key if {
	alias := fx.with_refs(fx.resource("aws_kms_alias.crm", {"target_key_id": "${aws_kms_key.primary.key_id}"}), {"target_key_id": ["aws_kms_key.primary"]})
	q := _dr(_uses("aws_sqs_queue.dr", "kms_master_key_id", "aws_kms_alias.crm"))
	some f in rule.deny with input as fx.model([_primary_key, alias, q])
	f.resource == "aws_sqs_queue.dr"
}

test_alias_in_other_region_than_key_fails if {
	alias := _dr(fx.with_refs(fx.resource("aws_kms_alias.crm", {"target_key_id": "${aws_kms_key.primary.key_id}"}), {"target_key_id": ["aws_kms_key.primary"]}))
	some f in rule.deny with input as fx.model([_primary_key, alias])
	f.resource == "aws_kms_alias.crm"
}

test_nested_literal_key_arn_checked if {
	sse := _dr(fx.resource("aws_s3_bucket_server_side_encryption_configuration.dr", {"rule": [{"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms", "kms_master_key_id": "arn:aws:kms:eu-west-1:123456789012:key/abc"}}]}))
	some f in rule.deny with input as fx.model([sse])
	contains(f.message, "`rule.apply_server_side_encryption_by_default.kms_master_key_id` = key `arn:aws:kms:eu-west-1:123456789012:key/abc` from eu-west-1")
}

test_literal_key_arn_in_same_region_passes if {
	sse := _dr(fx.resource("aws_s3_bucket_server_side_encryption_configuration.dr", {"rule": [{"apply_server_side_encryption_by_default": {"kms_master_key_id": "arn:aws:kms:eu-central-1:123456789012:key/abc"}}]}))
	count(rule.deny) == 0 with input as fx.model([sse])
}

test_literal_alias_name_passes if {
	q := _dr(fx.resource("aws_sqs_queue.dr", {"kms_master_key_id": "alias/crm"}))
	count(rule.deny) == 0 with input as fx.model([q])
}

_replica := _dr(fx.resource("aws_s3_bucket.replica", {}))

_repl(key) := fx.with_refs(
	fx.resource("aws_s3_bucket_replication_configuration.files", {"rule": [{"status": "Enabled", "destination": {"bucket": "${aws_s3_bucket.replica.arn}", "encryption_configuration": {"replica_kms_key_id": concat("", ["${", key, ".arn}"])}}}]}),
	{"bucket": ["aws_s3_bucket.files"], "rule.destination.bucket": ["aws_s3_bucket.replica"], "rule.destination.encryption_configuration.replica_kms_key_id": [key]},
)

test_replication_key_in_destination_region_passes if {
	rs := [fx.resource("aws_s3_bucket.files", {}), _replica, _primary_key, _dr_key, _repl("aws_kms_key.dr")]
	count(rule.deny) == 0 with input as fx.model(rs)
}

test_replication_key_in_source_region_fails if {
	rs := [fx.resource("aws_s3_bucket.files", {}), _replica, _primary_key, _repl("aws_kms_key.primary")]
	some f in rule.deny with input as fx.model(rs)
	f.resource == "aws_s3_bucket_replication_configuration.files"
	contains(f.message, "protects data in eu-central-1")
}

test_secret_replica_key_in_primary_region_fails if {
	s := fx.with_refs(fx.resource("aws_secretsmanager_secret.db", {"replica": [{"region": "eu-central-1", "kms_key_id": "${aws_kms_key.primary.arn}"}]}), {"replica.kms_key_id": ["aws_kms_key.primary"]})
	some f in rule.deny with input as fx.model([_primary_key, s])
	contains(f.message, "`replica.kms_key_id`")
}

test_secret_replica_without_key_fails if {
	s := fx.resource("aws_secretsmanager_secret.db", {"replica": {"region": "eu-central-1"}})
	some f in rule.deny with input as fx.model([s])
	contains(f.message, "relying on an AWS-managed key")
}

test_secret_replica_with_literal_dr_key_passes if {
	s := fx.resource("aws_secretsmanager_secret.db", {"replica": {"region": "eu-central-1", "kms_key_id": "arn:aws:kms:eu-central-1:123456789012:key/k"}})
	count(rule.deny) == 0 with input as fx.model([s])
}

test_dynamodb_replica_key_region_checked if {
	t := fx.resource("aws_dynamodb_table.t", {"replica": [{"region_name": "eu-central-1", "kms_key_arn": "arn:aws:kms:eu-west-1:123456789012:key/k"}]})
	some f in rule.deny with input as fx.model([t])
	contains(f.message, "`replica.kms_key_arn`")
}

test_dr_read_replica_without_key_fails if {
	db := _dr(fx.resource("aws_db_instance.crm_dr", {"replicate_source_db": "arn:aws:rds:eu-west-1:123456789012:db:crm"}))
	some f in rule.deny with input as fx.model([db])
	contains(f.message, "cross-region read replica in DR region eu-central-1 relying on an AWS-managed key (`kms_key_id = null`)")
}

test_dr_replica_cluster_and_backup_replication_without_key_fail if {
	c := _dr(fx.resource("aws_rds_cluster.sec", {"global_cluster_identifier": "crm"}))
	b := _dr(fx.resource("aws_db_instance_automated_backups_replication.crm", {"source_db_instance_arn": "arn:aws:rds:eu-west-1:123456789012:db:crm"}))
	count(rule.deny) == 2 with input as fx.model([c, b])
}

test_dr_copy_with_dr_key_passes if {
	db := _dr(fx.with_refs(fx.resource("aws_db_instance.crm_dr", {"replicate_source_db": "arn:aws:rds:eu-west-1:123456789012:db:crm", "kms_key_id": "${aws_kms_key.dr.arn}"}), {"kms_key_id": ["aws_kms_key.dr"]}))
	count(rule.deny) == 0 with input as fx.model([_dr_key, db])
}

test_dr_copy_with_unresolvable_key_unverifiable if {
	db := _dr(fx.resource("aws_db_instance_automated_backups_replication.crm", {"kms_key_id": "${var.key}"}))
	some f in rule.deny with input as fx.model([db])
	f.unverifiable == true
}

# A path referencing several keys is judged key by key: only the one from another region is reported.
test_path_with_several_keys_reports_each_mismatched_key if {
	q := fx.with_refs(fx.resource("aws_sqs_queue.crm", {"kms_master_key_id": "${var.pick ? aws_kms_key.primary.arn : aws_kms_key.dr.arn}"}), {"kms_master_key_id": ["aws_kms_key.primary", "aws_kms_key.dr"]})
	fs := rule.deny with input as fx.model([_primary_key, _dr_key, q])
	[f.resource | some f in fs] == ["aws_sqs_queue.crm"]
	some f in fs
	contains(f.message, "protects data in eu-west-1 with `kms_master_key_id` = key `aws_kms_key.dr` from eu-central-1")
}
