# METADATA
# title: CloudWatch log groups are encrypted with a CMK
# description: >-
#   Application, WAF, audit and database logs contain PII fragments. Every aws_cloudwatch_log_group
#   must set `kms_key_id` to a customer-managed key (a reference to an aws_kms_key /
#   aws_kms_replica_key, directly or through an aws_kms_alias, or a literal key ARN); absent means
#   the CloudWatch Logs service key. An expression that names no key in the configuration is
#   unverifiable. The key policy must admit `logs.<region>.amazonaws.com`; service-created groups
#   (`/aws/rds/...`, `/aws/lambda/...`) should be declared in the stack so they can be checked.
# scope: package
# custom:
#   id: CRM-LOG-007
#   severity: medium
#   family: LOG
#   controls:
#     iso27001-2022: [A.8.24, A.8.15]
#     gdpr: [Art. 32]
#   remediation: >-
#     CDKTF: on CloudwatchLogGroup set `kmsKeyId: logsKey.arn` (a KmsKey whose policy allows
#     logs.<region>.amazonaws.com with a kms:EncryptionContext:aws:logs:arn condition). Terraform:
#     `kms_key_id = aws_kms_key.<name>.arn`.
package crm.rules.logging.log_group_cmk

import data.crm.lib.tf

deny contains tf.finding(g, msg) if {
	some g in tf.resources("aws_cloudwatch_log_group")
	not tf.unknown(g, "kms_key_id")
	not tf.cmk(g, "kms_key_id")
	msg := concat("", ["`", g.address, "` has ", tf.shown(g, "kms_key_id"), "; set `kms_key_id` to a customer-managed aws_kms_key so the logs' PII is under your key policy"])
}

deny contains tf.unverifiable(g, "kms_key_id", "the log group is encrypted with a customer-managed key") if {
	some g in tf.resources("aws_cloudwatch_log_group")
	tf.unknown(g, "kms_key_id")
	not tf.cmk(g, "kms_key_id")
}
