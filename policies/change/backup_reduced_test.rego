package crm.rules.change.backup_reduced_test

import data.crm.lib.fixtures as fx
import data.crm.rules.change.backup_reduced as rule

test_retention_lowered_or_disabled_fails if {
	c := fx.change("aws_db_instance.crm", ["update"], {"backup_retention_period": 14}, {"backup_retention_period": 0}, [])
	some f in rule.deny with input as fx.plan_model([], [c])
	contains(f.message, "from 14 to 0 days (automated backups off)")
	d := fx.change("aws_rds_cluster.c", ["update"], {"backup_retention_period": 35}, {"backup_retention_period": 7}, [])
	some g in rule.deny with input as fx.plan_model([], [d])
	contains(g.message, "from 35 to 7 days;")
}

test_pitr_off_versioning_suspended_and_plan_retention_shortened_fail if {
	t := fx.change("aws_dynamodb_table.t", ["update"], {"point_in_time_recovery": [{"enabled": true}]}, {"point_in_time_recovery": [{"enabled": false}]}, [])
	v := fx.change("aws_s3_bucket_versioning.files", ["update"], {"versioning_configuration": [{"status": "Enabled"}]}, {"versioning_configuration": [{"status": "Suspended"}]}, [])
	p := fx.change(
		"aws_backup_plan.crm", ["update"],
		{"rule": [{"rule_name": "daily", "lifecycle": [{"delete_after": 35}]}]},
		{"rule": [{"rule_name": "daily", "lifecycle": [{"delete_after": 7}]}]}, [],
	)
	fs := rule.deny with input as fx.plan_model([], [t, v, p])
	{f.resource | some f in fs} == {"aws_dynamodb_table.t", "aws_s3_bucket_versioning.files", "aws_backup_plan.crm"}
}

test_backup_plan_selection_deleted_fails if {
	s := fx.change("aws_backup_selection.crm", ["delete"], {"name": "crm"}, null, [])
	some f in rule.deny with input as fx.plan_model([], [s])
	contains(f.message, "the backup selection")
}

test_longer_retention_and_replaced_selection_pass if {
	c := fx.change("aws_db_instance.crm", ["update"], {"backup_retention_period": 7}, {"backup_retention_period": 14}, [])
	r := fx.change("aws_backup_selection.crm", ["delete", "create"], {"name": "a"}, {"name": "b"}, ["name"])
	p := fx.change(
		"aws_backup_plan.crm", ["update"],
		{"rule": [{"rule_name": "daily", "lifecycle": [{"delete_after": 35}]}]},
		{"rule": [{"rule_name": "daily", "lifecycle": [{"delete_after": 35}]}, {"rule_name": "new", "lifecycle": [{"delete_after": 1}]}]}, [],
	)
	u := fx.change("aws_db_instance.other", ["update"], {"backup_retention_period": "${var.r}"}, {"backup_retention_period": 1}, [])
	count(rule.deny) == 0 with input as fx.plan_model([], [c, r, p, u])
}
