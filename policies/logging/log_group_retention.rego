# METADATA
# title: Log groups retain logs for at least a year
# description: >-
#   Investigations and ISO audits need at least twelve months of history. Every
#   aws_cloudwatch_log_group must set `retention_in_days` of at least `min_log_retention_days`
#   (default 365) or leave it 0/absent (never expire; bounded retention of PII-bearing logs is then
#   CRM-CMP-005's concern). A value known only after apply is unverifiable.
# scope: package
# custom:
#   id: CRM-LOG-008
#   severity: medium
#   family: LOG
#   controls:
#     aws-fsbp: [CloudWatch.16]
#     iso27001-2022: [A.8.15]
#   remediation: >-
#     CDKTF: on CloudwatchLogGroup set `retentionInDays: 365` (or longer, e.g. 731). Terraform:
#     `retention_in_days = 365`.
package crm.rules.logging.log_group_retention

import data.crm.lib.tf

deny contains tf.finding(g, msg) if {
	some g in tf.resources("aws_cloudwatch_log_group")
	days := g.values.retention_in_days
	is_number(days)
	days > 0
	days < data.config.min_log_retention_days
	msg := concat("", [
		"`", g.address, "` has `retention_in_days = ", format_int(days, 10), "`, below min_log_retention_days (",
		format_int(data.config.min_log_retention_days, 10), "); keep the logs at least that long",
	])
}

deny contains tf.unverifiable(g, "retention_in_days", "logs are kept long enough") if {
	some g in tf.resources("aws_cloudwatch_log_group")
	tf.unknown(g, "retention_in_days")
}
