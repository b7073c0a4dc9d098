# METADATA
# title: EBS volumes and instance block devices are encrypted
# description: >-
#   App-tier disks cache CRM files and temporary exports. aws_ebs_volume.encrypted,
#   aws_ebs_snapshot_copy.encrypted, aws_instance / aws_launch_configuration
#   root_block_device[].encrypted and ebs_block_device[].encrypted, and aws_launch_template
#   block_device_mappings[].ebs[].encrypted (bool or the string "true") must be true (all default
#   false; an instance without root_block_device keeps the AMI's unencrypted root) unless the
#   resource's region has EBS encryption by default switched on (CRM-ENC-009), which forces
#   encryption. Launch templates without block device mappings are not applicable. An encryption
#   flag known only after apply in a region without default encryption is unverifiable.
# scope: package
# custom:
#   id: CRM-ENC-010
#   severity: medium
#   family: ENC
#   controls:
#     aws-fsbp: [EC2.3, EC2.181]
#     cis-aws-3.0: ["2.2.1"]
#     iso27001-2022: [A.8.24]
#     gdpr: [Art. 32]
#   remediation: >-
#     CDKTF: set `encrypted: true` (and `kmsKeyId: key.arn`) on EbsVolume, on Instance
#     `rootBlockDevice` / `ebsBlockDevice`, and on LaunchTemplate `blockDeviceMappings[].ebs`; or
#     enable EbsEncryptionByDefault in the region.
#     Terraform: `encrypted = true` on `aws_ebs_volume`, in `root_block_device` / `ebs_block_device`
#     of `aws_instance`, in `block_device_mappings { ebs { encrypted = true } }` of
#     `aws_launch_template`; or `aws_ebs_encryption_by_default { enabled = true }`.
package crm.rules.encryption.ebs_volumes_encrypted

import data.crm.lib.tf
import data.crm.rules.encryption.ebs_default_encryption as ebs_default

# Every device that must be encrypted: {resource, path, value}.
_devices contains {"resource": r, "path": "encrypted", "value": object.get(r.values, "encrypted", null)} if {
	some type in ["aws_ebs_volume", "aws_ebs_snapshot_copy"]
	some r in tf.resources(type)
}

_devices contains {"resource": r, "path": "root_block_device.encrypted", "value": null} if {
	some type in ["aws_instance", "aws_launch_configuration"]
	some r in tf.resources(type)
	count(tf.blocks(object.get(r.values, "root_block_device", []))) == 0
}

_devices contains {"resource": r, "path": concat(".", [block, "encrypted"]), "value": object.get(d, "encrypted", null)} if {
	some type in ["aws_instance", "aws_launch_configuration"]
	some r in tf.resources(type)
	some block in ["root_block_device", "ebs_block_device"]
	some d in tf.blocks(object.get(r.values, block, []))
}

_devices contains {"resource": r, "path": "block_device_mappings.ebs.encrypted", "value": object.get(e, "encrypted", null)} if {
	some r in tf.resources("aws_launch_template")
	some m in tf.blocks(object.get(r.values, "block_device_mappings", []))
	some e in tf.blocks(object.get(m, "ebs", []))
}

_encrypted(v) if v == true

_encrypted(v) if v == "true"

_unknown(d) if tf.unknown(d.resource, d.path)

deny contains tf.finding(d.resource, msg) if {
	some d in _devices
	not _encrypted(d.value)
	not _unknown(d)
	not ebs_default.default_on(d.resource.region)
	msg := concat("", [
		"`", d.resource.address, "` has ", _shown(d), " in ", _region(d.resource), ", which has no EBS encryption by default",
		"; set `", d.path, "` to true (or enable aws_ebs_encryption_by_default in the region)",
	])
}

deny contains {"resource": d.resource.address, "message": msg, "unverifiable": true} if {
	some d in _devices
	not _encrypted(d.value)
	_unknown(d)
	not ebs_default.default_on(d.resource.region)
	msg := concat("", ["`", d.resource.address, "` sets `", d.path, "` from an expression known only after apply, so it cannot be proven that the volume is encrypted"])
}

_shown(d) := concat("", ["`", d.path, " = ", json.marshal(d.value), "`"]) if d.value != null

_shown(d) := concat("", ["`", d.path, "` absent"]) if d.value == null

_region(r) := concat("", ["region ", r.region]) if is_string(r.region)

_region(r) := "a region known only after apply" if not is_string(r.region)
