package crm.rules.change.key_or_lock_removed_test

import data.crm.lib.fixtures as fx
import data.crm.rules.change.key_or_lock_removed as rule

test_key_deleted_or_replaced_fails if {
	d := fx.change("aws_kms_key.data", ["delete"], {"enable_key_rotation": true}, null, [])
	r := fx.change("aws_kms_replica_key.dr", ["delete", "create"], {"primary_key_arn": "a"}, {"primary_key_arn": "b"}, ["primary_key_arn"])
	fs := rule.deny with input as fx.plan_model([], [d, r])
	{f.resource | some f in fs} == {"aws_kms_key.data", "aws_kms_replica_key.dr"}
	some f in fs
	contains(f.message, "forced by `primary_key_arn` (\"a\" → \"b\")")
}

test_key_disabled_fails if {
	c := fx.change("aws_kms_key.data", ["update"], {"is_enabled": true}, {"is_enabled": false}, [])
	some f in rule.deny with input as fx.plan_model([], [c])
	contains(f.message, "disabled")
}

test_locks_removed_fail if {
	v := fx.change("aws_backup_vault_lock_configuration.crm", ["delete"], {"min_retention_days": 35}, null, [])
	o := fx.change("aws_s3_bucket_object_lock_configuration.audit", ["delete"], {"bucket": "a"}, null, [])
	count(rule.deny) == 2 with input as fx.plan_model([], [v, o])
}

test_rotation_update_and_lock_replacement_pass if {
	k := fx.change("aws_kms_key.data", ["update"], {"is_enabled": true, "description": "a"}, {"is_enabled": true, "description": "b"}, [])
	l := fx.change("aws_backup_vault_lock_configuration.crm", ["create", "delete"], {"min_retention_days": 35}, {"min_retention_days": 40}, ["min_retention_days"])
	count(rule.deny) == 0 with input as fx.plan_model([], [k, l])
}
