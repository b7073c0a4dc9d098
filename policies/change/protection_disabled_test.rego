package crm.rules.change.protection_disabled_test

import data.crm.lib.fixtures as fx
import data.crm.rules.change.protection_disabled as rule

test_deletion_protection_turned_off_fails if {
	c := fx.change("aws_db_instance.crm", ["update"], {"deletion_protection": true}, {"deletion_protection": false}, [])
	some f in rule.deny with input as fx.plan_model([], [c])
	f.resource == "aws_db_instance.crm"
	contains(f.message, "change `deletion_protection` from true to false")
}

test_absent_after_counts_as_default_and_force_destroy_on_fails if {
	t := fx.change("aws_dynamodb_table.t", ["update"], {"deletion_protection_enabled": true}, {}, [])
	b := fx.change("aws_s3_bucket.files", ["update"], {"force_destroy": false}, {"force_destroy": true}, [])
	s := fx.change("aws_rds_cluster.c", ["update"], {"skip_final_snapshot": false}, {"skip_final_snapshot": true}, [])
	fs := rule.deny with input as fx.plan_model([], [t, b, s])
	{f.resource | some f in fs} == {"aws_dynamodb_table.t", "aws_s3_bucket.files", "aws_rds_cluster.c"}
}

test_kept_or_turned_on_or_delete_passes if {
	kept := fx.change("aws_db_instance.crm", ["update"], {"deletion_protection": true, "instance_class": "a"}, {"deletion_protection": true, "instance_class": "b"}, [])
	on := fx.change("aws_lb.public", ["update"], {"enable_deletion_protection": false}, {"enable_deletion_protection": true}, [])
	gone := fx.change("aws_rds_cluster.c", ["delete"], {"deletion_protection": true}, null, [])
	count(rule.deny) == 0 with input as fx.plan_model([], [kept, on, gone])
}
