package crm.rules.encryption.ebs_default_encryption_test

import data.crm.lib.fixtures as fx
import data.crm.rules.encryption.ebs_default_encryption as rule

_vol := fx.resource("aws_ebs_volume.data", {"size": 10, "encrypted": true})

_ebd := fx.resource("aws_ebs_encryption_by_default.this", {"enabled": true})

_key := fx.with_refs(fx.resource("aws_ebs_default_kms_key.this", {"key_arn": "${aws_kms_key.k.arn}"}), {"key_arn": ["aws_kms_key.k"]})

test_enabled_with_cmk_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, _vol, _ebd, _key])
}

test_no_ec2_resources_not_applicable if {
	count(rule.deny) == 0 with input as fx.model([fx.kms_key])
}

test_missing_default_fails if {
	fs := rule.deny with input as fx.model([_vol])
	some f in fs
	f.resource == "provider.aws"
	contains(f.message, "no aws_ebs_encryption_by_default")
	count(fs) == 1
}

test_disabled_fails if {
	some f in rule.deny with input as fx.model([_vol, fx.resource("aws_ebs_encryption_by_default.this", {"enabled": false}), _key, fx.kms_key])
	f.resource == "aws_ebs_encryption_by_default.this"
}

test_absent_enabled_defaults_to_true if {
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, _vol, fx.resource("aws_ebs_encryption_by_default.this", {}), _key])
}

test_no_default_key_fails if {
	some f in rule.deny with input as fx.model([_vol, _ebd])
	contains(f.message, "aws_ebs_default_kms_key")
	some f2 in rule.deny with input as fx.model([_vol, _ebd, fx.resource("aws_ebs_default_kms_key.this", {"key_arn": "alias/aws/ebs"})])
	f2.resource == "aws_ebs_default_kms_key.this"
}

test_unknowns_are_unverifiable if {
	e := fx.with_unknown(fx.resource("aws_ebs_encryption_by_default.this", {"enabled": "${var.on}"}), ["enabled"])
	k := fx.with_unknown(fx.resource("aws_ebs_default_kms_key.this", {"key_arn": "${var.key}"}), ["key_arn"])
	fs := rule.deny with input as fx.model([_vol, e, k])
	count(fs) == 2
	every f in fs {
		f.unverifiable == true
	}
}

test_unknown_region_is_unverifiable if {
	v := object.union(_vol, {"region": null})
	some f in rule.deny with input as fx.model([v, _ebd, _key, fx.kms_key])
	f.resource == "aws_ebs_volume.data"
	f.unverifiable == true
}

test_external_baseline_not_applicable if {
	count(rule.deny) == 0 with input as fx.model([_vol]) with data.config.account_baseline_external as true
}

test_default_on_exported if {
	rule.default_on("eu-west-1") with input as fx.model([_ebd])
	not rule.default_on("eu-west-1") with input as fx.model([fx.resource("aws_ebs_encryption_by_default.this", {"enabled": false})])
}
