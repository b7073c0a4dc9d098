package crm.rules.encryption.ebs_volumes_encrypted_test

import data.crm.lib.fixtures as fx
import data.crm.rules.encryption.ebs_volumes_encrypted as rule

_ebd := fx.resource("aws_ebs_encryption_by_default.this", {"enabled": true})

test_encrypted_volume_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_ebs_volume.v", {"encrypted": true})])
}

test_unencrypted_volume_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_ebs_volume.v", {"size": 10})])
	f.resource == "aws_ebs_volume.v"
	contains(f.message, "`encrypted` absent in region eu-west-1")
}

test_default_encryption_covers_everything if {
	rs := [
		_ebd,
		fx.resource("aws_ebs_volume.v", {"encrypted": false}),
		fx.resource("aws_instance.i", {"ami": "ami-1"}),
		fx.with_unknown(fx.resource("aws_ebs_snapshot_copy.c", {"encrypted": "${var.e}"}), ["encrypted"]),
	]
	count(rule.deny) == 0 with input as fx.model(rs)
}

test_instance_root_absent_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_instance.i", {"ami": "ami-1"})])
	contains(f.message, "`root_block_device.encrypted` absent")
}

test_instance_block_devices if {
	ok := fx.resource("aws_instance.i", {"root_block_device": {"encrypted": true}, "ebs_block_device": [{"device_name": "/dev/sdf", "encrypted": true}]})
	count(rule.deny) == 0 with input as fx.model([ok])
	bad := fx.resource("aws_instance.i", {"root_block_device": [{"encrypted": true}], "ebs_block_device": [{"device_name": "/dev/sdf", "encrypted": false}]})
	some f in rule.deny with input as fx.model([bad])
	contains(f.message, "`ebs_block_device.encrypted = false`")
}

test_launch_template_string_true_passes if {
	lt := fx.resource("aws_launch_template.lt", {"block_device_mappings": [{"device_name": "/dev/xvda", "ebs": {"encrypted": "true"}}, {"device_name": "/dev/sdb", "virtual_name": "ephemeral0"}]})
	count(rule.deny) == 0 with input as fx.model([lt])
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_launch_template.lt", {"image_id": "ami-1"})])
}

test_launch_template_unencrypted_fails if {
	lt := fx.resource("aws_launch_template.lt", {"block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{"volume_size": 20}]}]})
	some f in rule.deny with input as fx.model([lt])
	contains(f.message, "block_device_mappings.ebs.encrypted")
}

test_unknown_flag_is_unverifiable if {
	v := fx.with_unknown(fx.resource("aws_ebs_volume.v", {"encrypted": "${var.e}"}), ["encrypted"])
	some f in rule.deny with input as fx.model([v])
	f.unverifiable == true
}

test_unknown_region_message if {
	v := object.union(fx.resource("aws_ebs_volume.v", {}), {"region": null})
	some f in rule.deny with input as fx.model([v])
	contains(f.message, "a region known only after apply")
}
