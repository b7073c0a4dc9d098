# METADATA
# title: CloudTrail logs are encrypted with a CMK
# description: >-
#   Trails record PII-adjacent metadata (principals, source IPs, object keys). Every aws_cloudtrail
#   must set `kms_key_id` to a customer-managed key: a reference to an aws_kms_key /
#   aws_kms_replica_key (directly or through an aws_kms_alias) or a literal key ARN. Absent means
#   SSE-S3; an expression that names no key in the configuration is unverifiable. The key policy must
#   admit cloudtrail.amazonaws.com (scoped with aws:SourceArn).
# scope: package
# custom:
#   id: CRM-LOG-003
#   severity: medium
#   family: LOG
#   controls:
#     aws-fsbp: [CloudTrail.2]
#     cis-aws-3.0: ["3.5"]
#     iso27001-2022: [A.8.24, A.8.15]
#     gdpr: [Art. 32]
#   remediation: >-
#     CDKTF: on Cloudtrail set `kmsKeyId: trailKey.arn` (a KmsKey whose policy allows
#     cloudtrail.amazonaws.com to GenerateDataKey* with an aws:SourceArn condition). Terraform:
#     `kms_key_id = aws_kms_key.<name>.arn`.
package crm.rules.logging.cloudtrail_cmk

import data.crm.lib.tf

deny contains tf.finding(t, msg) if {
	some t in tf.resources("aws_cloudtrail")
	not tf.unknown(t, "kms_key_id")
	not tf.cmk(t, "kms_key_id")
	msg := concat("", ["`", t.address, "` has ", tf.shown(t, "kms_key_id"), ", so its logs use SSE-S3 or an AWS-managed key; set `kms_key_id` to a customer-managed aws_kms_key"])
}

deny contains tf.unverifiable(t, "kms_key_id", "the trail is encrypted with a customer-managed key") if {
	some t in tf.resources("aws_cloudtrail")
	tf.unknown(t, "kms_key_id")
	not tf.cmk(t, "kms_key_id")
}
