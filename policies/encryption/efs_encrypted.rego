# METADATA
# title: EFS file systems (if used for attachments) are encrypted; mounts use TLS
# description: >-
#   Shared file stores for uploaded documents. Every aws_efs_file_system must set encrypted = true
#   (default false) with kms_key_id naming a customer-managed key, and every ECS task definition
#   volume that mounts EFS (volume[].efs_volume_configuration[]) must set transit_encryption =
#   "ENABLED" (default DISABLED). Values known only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-ENC-018
#   severity: medium
#   family: ENC
#   controls:
#     aws-fsbp: [EFS.1]
#     cis-aws-3.0: ["2.4.1"]
#     iso27001-2022: [A.8.24]
#     gdpr: [Art. 32]
#   remediation: >-
#     CDKTF: on EfsFileSystem set `encrypted: true` and `kmsKeyId: key.arn`; in EcsTaskDefinition
#     volumes set `efsVolumeConfiguration: { transitEncryption: "ENABLED", ... }`.
#     Terraform: `encrypted = true`, `kms_key_id = aws_kms_key.<name>.arn` on `aws_efs_file_system`;
#     `transit_encryption = "ENABLED"` in `volume { efs_volume_configuration { ... } }`.
package crm.rules.encryption.efs_encrypted

import data.crm.lib.kms
import data.crm.lib.tf

_file_systems := tf.resources("aws_efs_file_system")

deny contains tf.unverifiable(fs, "encrypted", "the file system is encrypted") if {
	some fs in _file_systems
	tf.unknown(fs, "encrypted")
}

deny contains tf.finding(fs, msg) if {
	some fs in _file_systems
	not tf.unknown(fs, "encrypted")
	tf.value(fs, "encrypted", false) != true
	msg := concat("", ["`", fs.address, "` has ", tf.shown(fs, "encrypted"), "; set it to true and give `kms_key_id` a customer-managed key"])
}

deny contains tf.finding(fs, msg) if {
	some fs in _file_systems
	fs.values.encrypted == true
	kms.key(fs, "kms_key_id") in {"absent", "aws-managed"}
	msg := concat("", ["`", fs.address, "` is encrypted with an AWS-managed key (", tf.shown(fs, "kms_key_id"), "); set `kms_key_id` to a customer-managed aws_kms_key"])
}

deny contains tf.unverifiable(fs, "kms_key_id", "the key is customer-managed") if {
	some fs in _file_systems
	fs.values.encrypted == true
	kms.key(fs, "kms_key_id") == "unknown"
}

_efs_volumes contains [td, object.get(v, "name", "?"), c] if {
	some td in tf.resources("aws_ecs_task_definition")
	some v in tf.blocks(object.get(td.values, "volume", []))
	some c in tf.blocks(object.get(v, "efs_volume_configuration", []))
}

deny contains tf.finding(td, msg) if {
	some [td, name, c] in _efs_volumes
	not tf.unknown(td, "volume.efs_volume_configuration.transit_encryption")
	object.get(c, "transit_encryption", "DISABLED") != "ENABLED"
	msg := concat("", [
		"`", td.address, "` mounts EFS in volume `", name, "` with ", _shown(c),
		"; set `transit_encryption = \"ENABLED\"` so the mount uses TLS",
	])
}

_shown(c) := concat("", ["`transit_encryption = ", json.marshal(c.transit_encryption), "`"]) if c.transit_encryption

_shown(c) := "`transit_encryption` absent" if not c.transit_encryption

deny contains {"resource": td.address, "message": msg, "unverifiable": true} if {
	some [td, _, _] in _efs_volumes
	tf.unknown(td, "volume.efs_volume_configuration.transit_encryption")
	msg := concat("", ["`", td.address, "` sets an EFS volume's `transit_encryption` from an expression known only after apply, so it cannot be proven that the mount uses TLS"])
}
