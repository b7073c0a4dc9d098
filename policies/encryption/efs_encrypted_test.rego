package crm.rules.encryption.efs_encrypted_test

import data.crm.lib.fixtures as fx
import data.crm.rules.encryption.efs_encrypted as rule

_fs(values) := fx.with_refs(fx.resource("aws_efs_file_system.files", values), {"kms_key_id": ["aws_kms_key.k"]})

_good := {"encrypted": true, "kms_key_id": "${aws_kms_key.k.arn}"}

_td(conf) := fx.resource("aws_ecs_task_definition.app", {"family": "app", "volume": [{"name": "files", "efs_volume_configuration": conf}]})

test_encrypted_with_cmk_and_tls_mount_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, _fs(_good), _td({"file_system_id": "fs-1", "transit_encryption": "ENABLED"})])
}

test_unencrypted_fails if {
	some f in rule.deny with input as fx.model([_fs({})])
	f.resource == "aws_efs_file_system.files"
	contains(f.message, "`encrypted` absent")
}

test_aws_managed_key_fails if {
	some f in rule.deny with input as fx.model([_fs({"encrypted": true})])
	contains(f.message, "AWS-managed key")
}

test_mount_without_tls_fails if {
	some f in rule.deny with input as fx.model([_td([{"file_system_id": "fs-1"}])])
	f.resource == "aws_ecs_task_definition.app"
	contains(f.message, "`transit_encryption` absent")
	some f2 in rule.deny with input as fx.model([_td({"file_system_id": "fs-1", "transit_encryption": "DISABLED"})])
	contains(f2.message, "`transit_encryption = \"DISABLED\"`")
}

test_unknowns_are_unverifiable if {
	fs := fx.with_unknown(_fs({"encrypted": "${var.e}"}), ["encrypted"])
	some f in rule.deny with input as fx.model([fs])
	f.unverifiable == true
	fs2 := fx.with_unknown(_fs({"encrypted": true, "kms_key_id": "${var.k}"}), ["kms_key_id"])
	some f2 in rule.deny with input as fx.model([fs2])
	f2.unverifiable == true
	td := fx.with_unknown(_td({"transit_encryption": "${var.t}"}), ["volume.efs_volume_configuration.transit_encryption"])
	some f3 in rule.deny with input as fx.model([td])
	f3.unverifiable == true
}
