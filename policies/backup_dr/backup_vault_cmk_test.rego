package crm.rules.backup_dr.backup_vault_cmk_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.backup_vault_cmk as rule

test_vault_with_cmk_passes if {
	v := fx.with_unknown(fx.with_refs(fx.resource("aws_backup_vault.crm", {"kms_key_arn": "${aws_kms_key.k.arn}"}), {"kms_key_arn": ["aws_kms_key.k"]}), ["kms_key_arn"])
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, v])
}

test_vault_without_key_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_backup_vault.crm", {"name": "crm"})])
	f.resource == "aws_backup_vault.crm"
	contains(f.message, "`kms_key_arn` absent")
}

test_vault_with_aws_managed_alias_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_backup_vault.crm", {"kms_key_arn": "alias/aws/backup"})])
	contains(f.message, "alias/aws/backup")
}

test_vault_with_literal_key_arn_passes if {
	v := fx.resource("aws_backup_vault.crm", {"kms_key_arn": "arn:aws:kms:eu-west-1:123456789012:key/abc"})
	count(rule.deny) == 0 with input as fx.model([v])
}

test_vault_with_variable_key_unverifiable if {
	v := fx.with_unknown(fx.resource("aws_backup_vault.crm", {"kms_key_arn": "${var.key}"}), ["kms_key_arn"])
	some f in rule.deny with input as fx.model([v])
	f.unverifiable == true
}
