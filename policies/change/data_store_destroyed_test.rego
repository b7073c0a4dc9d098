package crm.rules.change.data_store_destroyed_test

import data.crm.lib.fixtures as fx
import data.crm.rules.change.data_store_destroyed as rule

_db_before := {"engine": "postgres", "identifier": "crm", "deletion_protection": true}

test_replaced_database_names_forcing_attribute if {
	c := fx.change("aws_db_instance.crm", ["delete", "create"], _db_before, object.union(_db_before, {"engine": "mysql"}), ["engine"])
	some f in rule.deny with input as fx.plan_model([], [c])
	f.resource == "aws_db_instance.crm"
	contains(f.message, "replaced (destroyed, then re-created)")
	contains(f.message, "forced by `engine` (\"postgres\" → \"mysql\")")
}

test_create_before_destroy_replace_and_delete_fail if {
	c1 := fx.change("aws_s3_bucket.files", ["create", "delete"], {"bucket": "crm-files"}, {"bucket": "crm-files-2"}, ["bucket"])
	c2 := fx.change("aws_dynamodb_table.t", ["delete"], {"name": "t"}, null, [])
	fs := rule.deny with input as fx.plan_model([], [c1, c2])
	{f.resource | some f in fs} == {"aws_s3_bucket.files", "aws_dynamodb_table.t"}
	some f in fs
	f.resource == "aws_dynamodb_table.t"
	contains(f.message, "is planned to be destroyed (actions [\"delete\"])")
	not contains(f.message, "forced by")
}

test_forcing_values_nested_or_composite if {
	c := fx.change("aws_efs_file_system.f", ["delete", "create"], {"lifecycle_policy": [{"x": 1}], "tags": {"a": "b"}, "kms_key_id": "k1"}, {"tags": {"a": "c"}}, ["kms_key_id", "lifecycle_policy.x", "tags"])
	some f in rule.deny with input as fx.plan_model([], [c])
	contains(f.message, "forced by `kms_key_id` (\"k1\" → ?), `lifecycle_policy.x`, `tags` ((set) → (set))")
}

test_update_replica_other_types_and_no_changes_pass if {
	update := fx.change("aws_db_instance.crm", ["update"], _db_before, object.union(_db_before, {"instance_class": "db.r6g.xlarge"}), [])
	replica := fx.change("aws_db_instance.dr", ["delete"], {"replicate_source_db": "arn:aws:rds:eu-west-1:111122223333:db:crm"}, null, [])
	sg := fx.change("aws_security_group.app", ["delete", "create"], {"name": "a"}, {"name": "b"}, ["name"])
	count(rule.deny) == 0 with input as fx.plan_model([], [update, replica, sg])
	count(rule.deny) == 0 with input as fx.model([])
}
