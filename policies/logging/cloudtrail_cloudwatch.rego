# METADATA
# title: CloudTrail delivers to CloudWatch Logs
# description: >-
#   Delivery to CloudWatch Logs enables near-real-time alarms (CRM-LOG-014) on the audit stream.
#   Every aws_cloudtrail must set `cloud_watch_logs_group_arn` (the log group ARN followed by `:*`,
#   e.g. `${aws_cloudwatch_log_group.trail.arn}:*`) and `cloud_watch_logs_role_arn`. The bound log
#   group is checked by CRM-LOG-007 (CMK) and CRM-LOG-008 (retention).
# scope: package
# custom:
#   id: CRM-LOG-004
#   severity: medium
#   family: LOG
#   controls:
#     aws-fsbp: [CloudTrail.5]
#     iso27001-2022: [A.8.15, A.8.16]
#     gdpr: [Art. 30]
#   remediation: >-
#     CDKTF: on Cloudtrail set `cloudWatchLogsGroupArn: `${logGroup.arn}:*`` and
#     `cloudWatchLogsRoleArn: trailRole.arn` (a role CloudTrail can assume with
#     logs:CreateLogStream/PutLogEvents on the group). Terraform: `cloud_watch_logs_group_arn =
#     "${aws_cloudwatch_log_group.trail.arn}:*"`, `cloud_watch_logs_role_arn = aws_iam_role.trail.arn`.
package crm.rules.logging.cloudtrail_cloudwatch

import data.crm.lib.tf

_set(t, attr) if {
	is_string(t.values[attr])
	t.values[attr] != ""
}

deny contains tf.finding(t, msg) if {
	some t in tf.resources("aws_cloudtrail")
	some attr in ["cloud_watch_logs_group_arn", "cloud_watch_logs_role_arn"]
	not _set(t, attr)
	msg := concat("", ["`", t.address, "` has ", tf.shown(t, attr), ", so the trail does not deliver to CloudWatch Logs; set `cloud_watch_logs_group_arn` and `cloud_watch_logs_role_arn`"])
}

deny contains tf.finding(t, msg) if {
	some t in tf.resources("aws_cloudtrail")
	_set(t, "cloud_watch_logs_group_arn")
	not endswith(t.values.cloud_watch_logs_group_arn, ":*")
	msg := concat("", ["`", t.address, "` has ", tf.shown(t, "cloud_watch_logs_group_arn"), ", which does not end in `:*`; CloudTrail needs the log-group ARN with the `:*` stream suffix"])
}
