package crm.rules.logging.log_group_cmk_test

import data.crm.lib.fixtures as fx
import data.crm.rules.logging.log_group_cmk as rule

test_key_reference_passes if {
	g := fx.with_unknown(fx.with_refs(fx.resource("aws_cloudwatch_log_group.app", {"kms_key_id": "${aws_kms_key.k.arn}"}), {"kms_key_id": ["aws_kms_key.k"]}), ["kms_key_id"])
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, g])
}

test_alias_to_key_passes if {
	alias := fx.with_refs(fx.resource("aws_kms_alias.logs", {"target_key_id": "${aws_kms_key.k.key_id}"}), {"target_key_id": ["aws_kms_key.k"]})
	g := fx.with_unknown(fx.with_refs(fx.resource("aws_cloudwatch_log_group.app", {"kms_key_id": "${aws_kms_alias.logs.arn}"}), {"kms_key_id": ["aws_kms_alias.logs"]}), ["kms_key_id"])
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, alias, g])
}

test_absent_key_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_cloudwatch_log_group.app", {"retention_in_days": 365})])
	f.resource == "aws_cloudwatch_log_group.app"
	contains(f.message, "`kms_key_id` absent")
}

test_variable_key_unverifiable if {
	g := fx.with_unknown(fx.resource("aws_cloudwatch_log_group.app", {"kms_key_id": "${var.key}"}), ["kms_key_id"])
	some f in rule.deny with input as fx.model([g])
	f.unverifiable == true
}
