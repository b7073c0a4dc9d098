package crm.rules.change.dr_protection_removed_test

import data.crm.lib.fixtures as fx
import data.crm.rules.change.dr_protection_removed as rule

test_replica_deleted_fails if {
	c := fx.change("aws_db_instance.dr", ["delete"], {"replicate_source_db": "arn:aws:rds:eu-west-1:111122223333:db:crm"}, null, [])
	some f in rule.deny with input as fx.plan_model([], [c])
	contains(f.message, "a read replica of \"arn:aws:rds:eu-west-1:111122223333:db:crm\") is planned to be destroyed")
}

test_replication_configuration_or_table_replica_deleted_fails if {
	r := fx.change("aws_s3_bucket_replication_configuration.files", ["delete"], {"rule": []}, null, [])
	t := fx.change("aws_dynamodb_table_replica.dr", ["delete"], {"global_table_arn": "x"}, null, [])
	fs := rule.deny with input as fx.plan_model([], [r, t])
	{f.resource | some f in fs} == {"aws_s3_bucket_replication_configuration.files", "aws_dynamodb_table_replica.dr"}
}

test_rules_replicas_and_copy_actions_removed_fail if {
	r := fx.change(
		"aws_s3_bucket_replication_configuration.files", ["update"],
		{"rule": [{"id": "dr", "status": "Enabled"}, {"id": "logs", "status": "Enabled"}]},
		{"rule": [{"id": "dr", "status": "Disabled"}, {"id": "logs", "status": "Enabled"}]}, [],
	)
	t := fx.change("aws_dynamodb_table.t", ["update"], {"replica": [{"region_name": "eu-central-1"}]}, {"replica": []}, [])
	p := fx.change(
		"aws_backup_plan.crm", ["update"],
		{"rule": [{"rule_name": "daily", "copy_action": [{"destination_vault_arn": "arn:dr"}]}]},
		{"rule": [{"rule_name": "daily"}]}, [],
	)
	fs := rule.deny with input as fx.plan_model([], [r, t, p])
	count(fs) == 3
	some f in fs
	contains(f.message, "replication rule(s) [\"dr\"]")
}

test_replaced_configuration_and_unchanged_copies_pass if {
	r := fx.change("aws_s3_bucket_replication_configuration.files", ["delete", "create"], {"role": "a"}, {"role": "b"}, ["role"])
	p := fx.change(
		"aws_backup_plan.crm", ["update"],
		{"rule": [{"rule_name": "daily", "copy_action": [{"destination_vault_arn": "arn:dr"}]}]},
		{"rule": [{"rule_name": "daily", "copy_action": [{"destination_vault_arn": "arn:dr"}], "schedule": "x"}]}, [],
	)
	db := fx.change("aws_db_instance.crm", ["delete"], {"engine": "postgres"}, null, [])
	count(rule.deny) == 0 with input as fx.plan_model([], [r, p, db])
}
