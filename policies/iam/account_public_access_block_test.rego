package crm.rules.iam.account_public_access_block_test

import data.crm.lib.fixtures as fx
import data.crm.rules.iam.account_public_access_block as rule

_all_true := {"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}

_account(flags) := fx.resource("aws_s3_account_public_access_block.this", flags)

_bucket := fx.resource("aws_s3_bucket.b", {})

test_complete_account_block_passes if {
	count(rule.deny) == 0 with input as fx.model([_bucket, _account(_all_true)])
}

test_missing_account_block_fails if {
	some f in rule.deny with input as fx.model([_bucket])
	f.resource == "provider.aws"
	count(rule.deny) == 0 with input as fx.model([_bucket]) with data.config.account_baseline_external as true
}

test_flag_false_or_absent_fails if {
	fs := rule.deny with input as fx.model([_account(object.union(object.remove(_all_true, ["ignore_public_acls"]), {"block_public_policy": false}))])
	count(fs) == 2
	some f in fs
	contains(f.message, "`ignore_public_acls` absent")
}

test_access_points if {
	ok := fx.resource("aws_s3_access_point.ap", {"bucket": "b", "public_access_block_configuration": {"block_public_acls": true}})
	count(rule.deny) == 0 with input as fx.model([_account(_all_true), ok])
	bad := fx.resource("aws_s3_access_point.ap", {"bucket": "b", "public_access_block_configuration": [{"block_public_policy": false}]})
	some f in rule.deny with input as fx.model([_account(_all_true), bad])
	contains(f.message, "`public_access_block_configuration.block_public_policy = false`")
	mrap := fx.resource("aws_s3control_multi_region_access_point.m", {"details": {"name": "m", "public_access_block": {"restrict_public_buckets": false}}})
	count(rule.deny) == 1 with input as fx.model([_account(_all_true), mrap])
}

test_unknowns_are_unverifiable if {
	a := fx.with_unknown(_account(object.union(_all_true, {"block_public_acls": "${var.b}"})), ["block_public_acls"])
	some f in rule.deny with input as fx.model([a])
	f.unverifiable == true
	ap := fx.with_unknown(fx.resource("aws_s3_access_point.ap", {"public_access_block_configuration": {"block_public_acls": "${var.b}"}}), ["public_access_block_configuration.block_public_acls"])
	some f2 in rule.deny with input as fx.model([_account(_all_true), ap])
	f2.unverifiable == true
}
