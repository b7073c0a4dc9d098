package crm.rules.logging.cloudtrail_cmk_test

import data.crm.lib.fixtures as fx
import data.crm.rules.logging.cloudtrail_cmk as rule

test_key_reference_passes if {
	t := fx.with_unknown(fx.with_refs(fx.resource("aws_cloudtrail.t", {"kms_key_id": "${aws_kms_key.k.arn}"}), {"kms_key_id": ["aws_kms_key.k"]}), ["kms_key_id"])
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, t])
}

test_literal_key_arn_passes if {
	t := fx.resource("aws_cloudtrail.t", {"kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"})
	count(rule.deny) == 0 with input as fx.model([t])
}

test_absent_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_cloudtrail.t", {})])
	contains(f.message, "`kms_key_id` absent")
}

test_aws_managed_alias_fails if {
	count(rule.deny) == 1 with input as fx.model([fx.resource("aws_cloudtrail.t", {"kms_key_id": "alias/aws/cloudtrail"})])
}

test_variable_unverifiable if {
	t := fx.with_unknown(fx.resource("aws_cloudtrail.t", {"kms_key_id": "${var.key}"}), ["kms_key_id"])
	some f in rule.deny with input as fx.model([t])
	f.unverifiable == true
}
