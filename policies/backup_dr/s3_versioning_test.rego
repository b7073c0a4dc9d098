package crm.rules.backup_dr.s3_versioning_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.s3_versioning as rule

_bucket := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files"})

_versioning(status) := fx.with_refs(
	fx.resource("aws_s3_bucket_versioning.files", {"bucket": "${aws_s3_bucket.files.id}", "versioning_configuration": {"status": status}}),
	{"bucket": ["aws_s3_bucket.files"]},
)

test_split_enabled_passes if {
	count(rule.deny) == 0 with input as fx.model([_bucket, _versioning("Enabled")])
}

test_split_list_form_passes if {
	v := fx.with_refs(fx.resource("aws_s3_bucket_versioning.files", {"versioning_configuration": [{"status": "Enabled"}]}), {"bucket": ["aws_s3_bucket.files"]})
	count(rule.deny) == 0 with input as fx.model([_bucket, v])
}

test_split_suspended_fails if {
	some f in rule.deny with input as fx.model([_bucket, _versioning("Suspended")])
	f.resource == "aws_s3_bucket.files"
	contains(f.message, "`aws_s3_bucket_versioning.files` has `versioning_configuration.status = \"Suspended\"`")
}

test_split_without_status_fails if {
	v := fx.with_refs(fx.resource("aws_s3_bucket_versioning.files", {}), {"bucket": ["aws_s3_bucket.files"]})
	some f in rule.deny with input as fx.model([_bucket, v])
	contains(f.message, "= null")
}

test_no_binding_fails if {
	some f in rule.deny with input as fx.model([_bucket])
	contains(f.message, "no aws_s3_bucket_versioning")
}

test_legacy_enabled_passes if {
	b := fx.resource("aws_s3_bucket.files", {"versioning": [{"enabled": true}]})
	count(rule.deny) == 0 with input as fx.model([b])
}

test_legacy_disabled_fails if {
	b := fx.resource("aws_s3_bucket.files", {"versioning": {"enabled": false}})
	some f in rule.deny with input as fx.model([b])
	contains(f.message, "`aws_s3_bucket.files` has `versioning.enabled = false`")
}

test_split_wins_over_legacy if {
	b := fx.resource("aws_s3_bucket.files", {"versioning": {"enabled": true}})
	count(rule.deny) == 1 with input as fx.model([b, _versioning("Suspended")])
}

test_unknown_status_unverifiable if {
	v := fx.with_unknown(_versioning("${var.status}"), ["versioning_configuration.status"])
	some f in rule.deny with input as fx.model([_bucket, v])
	f.unverifiable == true
}

test_unresolved_versioning_makes_a_bucket_without_one_unverifiable if {
	loose := fx.with_unknown(fx.resource("aws_s3_bucket_versioning.other", {"bucket": "${var.bucket_name}", "versioning_configuration": [{"status": "Enabled"}]}), ["bucket"])
	fs := rule.deny with input as fx.model([_bucket, loose])
	count(fs) == 1
	some f in fs
	f.unverifiable == true
	f.resource == "aws_s3_bucket.files"
}
