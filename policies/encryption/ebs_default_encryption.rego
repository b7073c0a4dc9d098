# METADATA
# title: EBS encryption by default is on in every region used
# description: >-
#   The safety net for volumes and snapshots created outside Terraform (AMIs, Auto Scaling,
#   restores). Every region that hosts EC2/EBS-consuming resources of the stack (instances, volumes,
#   launch templates and configurations, Auto Scaling groups, EKS node groups, fleets, snapshot and
#   AMI copies) needs an aws_ebs_encryption_by_default with enabled true (the default when the
#   resource exists) and an aws_ebs_default_kms_key whose key_arn is a customer-managed key. An
#   existence control: not applicable when account_baseline_external is set. A resource whose
#   region is known only after apply, or an unknown flag or key, is unverifiable.
# scope: package
# custom:
#   id: CRM-ENC-009
#   severity: medium
#   family: ENC
#   controls:
#     aws-fsbp: [EC2.7]
#     cis-aws-3.0: ["2.2.1"]
#     iso27001-2022: [A.8.24]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: per region (provider) add EbsEncryptionByDefault `{ enabled: true }` and
#     EbsDefaultKmsKey `{ keyArn: key.arn }`.
#     Terraform: `resource "aws_ebs_encryption_by_default" { enabled = true }` and
#     `resource "aws_ebs_default_kms_key" { key_arn = aws_kms_key.<name>.arn }` with the region's provider.
package crm.rules.encryption.ebs_default_encryption

import data.crm.lib.kms
import data.crm.lib.regions
import data.crm.lib.tf

_consumers := [
	"aws_instance", "aws_ebs_volume", "aws_launch_template", "aws_launch_configuration",
	"aws_autoscaling_group", "aws_eks_node_group", "aws_spot_instance_request", "aws_spot_fleet_request",
	"aws_ec2_fleet", "aws_ebs_snapshot_copy", "aws_ami_copy", "aws_ami_from_instance",
]

_users[r.address] := r if {
	some type in _consumers
	some r in tf.resources(type)
}

_used := {r.region | some r in _users; is_string(r.region)}

_enabled contains d.region if {
	some d in tf.resources("aws_ebs_encryption_by_default")
	not tf.unknown(d, "enabled")
	tf.value(d, "enabled", true) != false
}

_declared contains d.region if some d in tf.resources("aws_ebs_encryption_by_default")

_key_declared contains k.region if some k in tf.resources("aws_ebs_default_kms_key")

deny contains {"resource": regions.anchor(region), "message": msg} if {
	not regions.external
	some region in _used
	not region in _declared
	msg := concat("", [
		"region ", region, " hosts EC2/EBS resources of this stack but has no aws_ebs_encryption_by_default; add one with",
		" `enabled = true` (or set account_baseline_external when an account baseline owns it)",
	])
}

deny contains tf.finding(d, msg) if {
	not regions.external
	some d in tf.resources("aws_ebs_encryption_by_default")
	d.values.enabled == false
	msg := concat("", ["`", d.address, "` has `enabled = false`; set it to true so every new volume and snapshot is encrypted"])
}

deny contains tf.unverifiable(d, "enabled", "EBS encryption by default is on") if {
	not regions.external
	some d in tf.resources("aws_ebs_encryption_by_default")
	tf.unknown(d, "enabled")
}

deny contains {"resource": regions.anchor(region), "message": msg} if {
	not regions.external
	some region in _used
	region in _enabled
	not region in _key_declared
	msg := concat("", [
		"region ", region, " encrypts EBS by default with the AWS-managed aws/ebs key; add an aws_ebs_default_kms_key",
		" with `key_arn` set to a customer-managed aws_kms_key",
	])
}

deny contains tf.finding(k, msg) if {
	not regions.external
	some k in tf.resources("aws_ebs_default_kms_key")
	kms.key(k, "key_arn") in {"absent", "aws-managed"}
	msg := concat("", ["`", k.address, "` has ", tf.shown(k, "key_arn"), "; set it to a customer-managed aws_kms_key"])
}

deny contains tf.unverifiable(k, "key_arn", "the EBS default key is customer-managed") if {
	not regions.external
	some k in tf.resources("aws_ebs_default_kms_key")
	kms.key(k, "key_arn") == "unknown"
}

deny contains {"resource": r.address, "message": msg, "unverifiable": true} if {
	not regions.external
	some r in _users
	not is_string(r.region)
	msg := concat("", ["`", r.address, "` deploys to a region known only after apply, so it cannot be proven that EBS encryption by default is on there"])
}

# Region-level result for CRM-ENC-010: default encryption proven on.
default_on(region) if region in _enabled
