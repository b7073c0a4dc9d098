package crm.rules.iam.s3_public_access_block_test

import data.crm.lib.fixtures as fx
import data.crm.rules.iam.s3_public_access_block as rule

_bucket := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files"})

_all_true := {"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}

_pab(flags) := fx.with_refs(
	fx.resource("aws_s3_bucket_public_access_block.files", object.union({"bucket": "${aws_s3_bucket.files.id}"}, flags)),
	{"bucket": ["aws_s3_bucket.files"]},
)

test_complete_block_passes if {
	count(rule.deny) == 0 with input as fx.model([_bucket, _pab(_all_true)])
}

test_missing_block_fails if {
	some f in rule.deny with input as fx.model([_bucket])
	f.resource == "aws_s3_bucket.files"
	contains(f.message, "no aws_s3_bucket_public_access_block")
}

test_flag_false_fails if {
	findings := rule.deny with input as fx.model([_bucket, _pab(object.union(_all_true, {"restrict_public_buckets": false}))])
	count(findings) == 1
	some f in findings
	contains(f.message, "`restrict_public_buckets = false`")
}

test_flag_absent_fails if {
	some f in rule.deny with input as fx.model([_bucket, _pab(object.remove(_all_true, ["ignore_public_acls"]))])
	contains(f.message, "`ignore_public_acls` absent")
}

test_block_referencing_other_attribute_does_not_count if {
	pab := fx.with_refs(fx.resource("aws_s3_bucket_public_access_block.x", object.union(_all_true, {"bucket": "other"})), {"depends": ["aws_s3_bucket.files"]})
	some f in rule.deny with input as fx.model([_bucket, pab])
	contains(f.message, "no aws_s3_bucket_public_access_block")
}

test_unknown_flag_is_unverifiable if {
	pab := fx.with_unknown(_pab(object.union(_all_true, {"block_public_policy": "${var.block}"})), ["block_public_policy"])
	some f in rule.deny with input as fx.model([_bucket, pab])
	f.unverifiable == true
	f.resource == "aws_s3_bucket.files"
}

test_unresolved_block_makes_a_bucket_without_one_unverifiable if {
	loose := fx.with_unknown(fx.resource("aws_s3_bucket_public_access_block.other", object.union(_all_true, {"bucket": "${var.bucket_name}"})), ["bucket"])
	fs := rule.deny with input as fx.model([_bucket, loose])
	count(fs) == 1
	some f in fs
	f.unverifiable == true
	f.resource == "aws_s3_bucket.files"
}
