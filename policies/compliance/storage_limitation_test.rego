package crm.rules.compliance.storage_limitation_test

import data.crm.lib.fixtures as fx
import data.crm.rules.compliance.storage_limitation as rule

_bucket(tags) := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files", "tags": tags})

_bind(r) := fx.with_refs(r, {"bucket": ["aws_s3_bucket.files"]})

_versioning := _bind(fx.resource("aws_s3_bucket_versioning.files", {"bucket": "${aws_s3_bucket.files.id}", "versioning_configuration": [{"status": "Enabled"}]}))

_lifecycle(rule_block) := _bind(fx.resource("aws_s3_bucket_lifecycle_configuration.files", {"bucket": "${aws_s3_bucket.files.id}", "rule": [object.union({"id": "r", "status": "Enabled"}, rule_block)]}))

test_versioned_bucket_without_noncurrent_expiration_fails if {
	some f in rule.deny with input as fx.model([_bucket({}), _versioning])
	contains(f.message, "kept forever in old versions")
	count(rule.deny) == 1 with input as fx.model([_bucket({}), _versioning, _lifecycle({"noncurrent_version_expiration": [{"noncurrent_days": 3650}]})])
}

test_bounded_noncurrent_expiration_passes if {
	count(rule.deny) == 0 with input as fx.model([_bucket({}), _versioning, _lifecycle({"noncurrent_version_expiration": [{"noncurrent_days": 90}]})])
	legacy := fx.resource("aws_s3_bucket.files", {"versioning": [{"enabled": true}], "lifecycle_rule": [{"enabled": true, "noncurrent_version_expiration": [{"days": 30}]}]})
	count(rule.deny) == 0 with input as fx.model([legacy])
}

test_log_buckets_and_unversioned_buckets_out_of_scope if {
	count(rule.deny) == 0 with input as fx.model([_bucket({"Purpose": "logs"}), _versioning])
	count(rule.deny) == 0 with input as fx.model([_bucket({})])
}

test_unknown_noncurrent_days_unverifiable if {
	some f in rule.deny with input as fx.model([_bucket({}), _versioning, _lifecycle({"noncurrent_version_expiration": [{"noncurrent_days": "${var.days}"}]})])
	f.unverifiable == true
}

_plan(rule_block) := fx.resource("aws_backup_plan.crm", {"rule": [object.union({"rule_name": "daily"}, rule_block)]})

test_backups_kept_forever_or_too_long_fail if {
	some f in rule.deny with input as fx.model([_plan({})])
	contains(f.message, "rule `daily` keeps recovery points forever")
	copy := _plan({"lifecycle": [{"delete_after": 35}], "copy_action": [{"destination_vault_arn": "arn:dr", "lifecycle": [{"delete_after": 3650}]}]})
	some g in rule.deny with input as fx.model([copy])
	contains(g.message, "the copy action of rule `daily` keeps recovery points for 3650 days")
}

test_bounded_backups_pass_and_unknown_unverifiable if {
	ok := _plan({"lifecycle": {"delete_after": 35}, "copy_action": [{"destination_vault_arn": "arn:dr", "lifecycle": [{"delete_after": 35}]}]})
	count(rule.deny) == 0 with input as fx.model([ok])
	some f in rule.deny with input as fx.model([_plan({"lifecycle": [{"delete_after": "${var.days}"}]})])
	f.unverifiable == true
}
