package crm.rules.compliance.replication_residency_test

import data.crm.lib.fixtures as fx
import data.crm.rules.compliance.replication_residency as rule

_in(r, region) := fx.merged(r, {"region": region})

_src := fx.resource("aws_s3_bucket.files", {})

_repl := fx.with_refs(
	fx.resource("aws_s3_bucket_replication_configuration.files", {"rule": [{"status": "Enabled", "destination": {"bucket": "${aws_s3_bucket.replica.arn}"}}]}),
	{"bucket": ["aws_s3_bucket.files"], "rule.destination.bucket": ["aws_s3_bucket.replica"]},
)

test_eu_destinations_pass if {
	replica := _in(fx.resource("aws_s3_bucket.replica", {}), "eu-central-1")
	count(rule.deny) == 0 with input as fx.model([_src, replica, _repl])
}

test_s3_destination_outside_list_fails if {
	replica := _in(fx.resource("aws_s3_bucket.replica", {}), "us-east-1")
	some f in rule.deny with input as fx.model([_src, replica, _repl])
	f.resource == "aws_s3_bucket_replication_configuration.files"
	contains(f.message, "to region us-east-1")
}

test_disabled_rule_ignored if {
	c := fx.with_refs(
		fx.resource("aws_s3_bucket_replication_configuration.files", {"rule": [{"status": "Disabled", "destination": {"bucket": "arn:aws:s3:::elsewhere"}}]}),
		{"bucket": ["aws_s3_bucket.files"]},
	)
	count(rule.deny) == 0 with input as fx.model([_src, c])
}

test_literal_s3_destination_unverifiable if {
	c := fx.with_refs(
		fx.resource("aws_s3_bucket_replication_configuration.files", {"rule": [{"status": "Enabled", "destination": {"bucket": "arn:aws:s3:::elsewhere"}}]}),
		{"bucket": ["aws_s3_bucket.files"]},
	)
	some f in rule.deny with input as fx.model([_src, c])
	f.unverifiable == true
}

test_backup_copy_outside_list_fails if {
	p := fx.resource("aws_backup_plan.p", {"rule": [{"rule_name": "daily", "copy_action": [{"destination_vault_arn": "arn:aws:backup:us-west-2:123456789012:backup-vault:x"}]}]})
	some f in rule.deny with input as fx.model([p])
	contains(f.message, "backup rule `daily` copy_action")
}

test_replica_resources_outside_list_fail if {
	rs := [
		_in(fx.resource("aws_db_instance.replica", {"replicate_source_db": "arn:aws:rds:eu-west-1:123456789012:db:crm"}), "us-east-1"),
		_in(fx.resource("aws_kms_replica_key.k", {}), "us-east-1"),
		_in(fx.resource("aws_db_instance_automated_backups_replication.b", {}), "us-east-1"),
		_in(fx.resource("aws_rds_cluster.sec", {"global_cluster_identifier": "g"}), "us-east-1"),
	]
	count(rule.deny) == 4 with input as fx.model(rs)
}

test_primary_database_is_not_a_copy if {
	count(rule.deny) == 0 with input as fx.model([_in(fx.resource("aws_db_instance.crm", {}), "us-east-1")])
}

test_unknown_replica_region_unverifiable if {
	some f in rule.deny with input as fx.model([_in(fx.resource("aws_kms_replica_key.k", {}), null)])
	f.unverifiable == true
}

test_secret_and_table_replica_regions if {
	s := fx.resource("aws_secretsmanager_secret.s", {"replica": [{"region": "eu-central-1"}, {"region": "us-east-1"}]})
	t := fx.resource("aws_dynamodb_table.t", {"replica": {"region_name": "${var.r}"}})
	fs := rule.deny with input as fx.model([s, t])
	count(fs) == 2
	some f in fs
	f.resource == "aws_dynamodb_table.t"
	f.unverifiable == true
}

test_ecr_and_snapshot_copy_destinations if {
	ecr := fx.resource("aws_ecr_replication_configuration.r", {"replication_configuration": {"rule": {"destination": [{"region": "ap-south-1"}]}}})
	snap := fx.resource("aws_db_snapshot_copy.c", {"destination_region": "us-east-1"})
	count(rule.deny) == 2 with input as fx.model([ecr, snap])
}

test_dr_region_outside_list_fails if {
	providers := {"aws.dr": {"key": "aws.dr", "name": "aws", "alias": "dr", "region": "us-east-1", "region_unknown": false, "values": {}}}
	some f in rule.deny with input as fx.model_with([_src], {"providers": providers}) with data.config.dr_region as "us-east-1"
	f.resource == "provider.aws.dr"
	contains(f.message, "the DR region us-east-1")
}

test_dr_region_outside_list_anchored_on_account_without_alias if {
	some f in rule.deny with input as fx.model([_src]) with data.config.dr_region as "us-east-1"
	f.resource == "provider.aws"
}
