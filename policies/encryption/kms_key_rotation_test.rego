package crm.rules.encryption.kms_key_rotation_test

import data.crm.lib.fixtures as fx
import data.crm.rules.encryption.kms_key_rotation as rule

_key(values) := fx.resource("aws_kms_key.k", values)

test_rotation_on_passes if {
	count(rule.deny) == 0 with input as fx.model([_key({"enable_key_rotation": true, "rotation_period_in_days": 180})])
}

test_rotation_absent_fails if {
	some f in rule.deny with input as fx.model([_key({})])
	f.resource == "aws_kms_key.k"
	contains(f.message, "`enable_key_rotation` absent")
}

test_rotation_false_fails if {
	some f in rule.deny with input as fx.model([_key({"enable_key_rotation": false})])
	contains(f.message, "`enable_key_rotation = false`")
}

test_long_period_fails if {
	some f in rule.deny with input as fx.model([_key({"enable_key_rotation": true, "rotation_period_in_days": 730})])
	contains(f.message, "`rotation_period_in_days = 730`")
}

test_unknown_rotation_is_unverifiable if {
	k := fx.with_unknown(_key({"enable_key_rotation": "${var.rotate}"}), ["enable_key_rotation"])
	some f in rule.deny with input as fx.model([k])
	f.unverifiable == true
}

test_unknown_period_is_unverifiable if {
	k := fx.with_unknown(_key({"enable_key_rotation": true, "rotation_period_in_days": "${var.days}"}), ["rotation_period_in_days"])
	some f in rule.deny with input as fx.model([k])
	f.unverifiable == true
	contains(f.message, "365 days")
}

test_asymmetric_hmac_and_custom_store_not_applicable if {
	keys := [
		fx.resource("aws_kms_key.sign", {"customer_master_key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY"}),
		fx.resource("aws_kms_key.mac", {"customer_master_key_spec": "HMAC_256", "key_usage": "GENERATE_VERIFY_MAC"}),
		fx.resource("aws_kms_key.hsm", {"custom_key_store_id": "cks-1"}),
	]
	count(rule.deny) == 0 with input as fx.model(keys)
}

test_unknown_spec_stays_in_scope if {
	k := fx.with_unknown(_key({"customer_master_key_spec": "${var.spec}"}), ["customer_master_key_spec"])
	count(rule.deny) == 1 with input as fx.model([k])
}

test_unknown_key_store_without_rotation_is_unverifiable if {
	k := fx.with_unknown(_key({"custom_key_store_id": "${var.custom_key_store_id}"}), ["custom_key_store_id"])
	findings := rule.deny with input as fx.model([k])
	count(findings) == 1
	some f in findings
	f.unverifiable == true
	contains(f.message, "custom_key_store_id")
}

test_unknown_key_store_with_rotation_passes if {
	k := fx.with_unknown(_key({"custom_key_store_id": "${var.custom_key_store_id}", "enable_key_rotation": true}), ["custom_key_store_id"])
	count(rule.deny) == 0 with input as fx.model([k])
}

test_empty_key_store_is_the_aws_store if {
	some f in rule.deny with input as fx.model([_key({"custom_key_store_id": ""})])
	not f.unverifiable
	contains(f.message, "`enable_key_rotation` absent")
}
