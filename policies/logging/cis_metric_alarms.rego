# METADATA
# title: CIS monitoring metric filters and alarms exist on the CloudTrail log group
# description: >-
#   Deterministic alerts for high-signal audit events (overlapping GuardDuty and Security Hub). For
#   every log group a trail delivers to (`cloud_watch_logs_group_arn`), each of the fifteen CIS 4.x
#   events needs an aws_cloudwatch_log_metric_filter on the group (`log_group_name` by reference or
#   literal name) whose `pattern` contains the event's key terms (compared without whitespace and
#   quotes, e.g. `$.userIdentity.type = "Root"`), an aws_cloudwatch_metric_alarm on the filter's
#   metric (`metric_name`/`namespace` equal to its `metric_transformation`, or referencing the
#   filter) with `alarm_actions`, and, when the action is an aws_sns_topic of the stack, an
#   aws_sns_topic_subscription on it. One finding per missing event. A trail that does not deliver to
#   CloudWatch Logs gets one finding; a log group outside the configuration is unverifiable.
# scope: package
# custom:
#   id: CRM-LOG-014
#   severity: low
#   family: LOG
#   controls:
#     aws-fsbp: ["CloudWatch.1?", "CloudWatch.2?", "CloudWatch.3?", "CloudWatch.4?", "CloudWatch.5?", "CloudWatch.6?", "CloudWatch.7?", "CloudWatch.8?", "CloudWatch.9?", "CloudWatch.10?", "CloudWatch.11?", "CloudWatch.12?", "CloudWatch.13?", "CloudWatch.14?"]
#     cis-aws-3.0: ["4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "4.8", "4.9", "4.10", "4.11", "4.12", "4.13", "4.14", "4.15"]
#     iso27001-2022: [A.8.16]
#     gdpr: [Art. 25]
#   remediation: >-
#     CDKTF: for each CIS 4.x event add a CloudwatchLogMetricFilter (`logGroupName: trailGroup.name`,
#     the CIS `pattern`, `metricTransformation: { name, namespace: "CISBenchmark", value: "1" }`), a
#     CloudwatchMetricAlarm on that metric (`threshold: 1`, `alarmActions: [securityTopic.arn]`) and an
#     SnsTopicSubscription to the responders. Terraform: `aws_cloudwatch_log_metric_filter`,
#     `aws_cloudwatch_metric_alarm { alarm_actions = [aws_sns_topic.security.arn] }`,
#     `aws_sns_topic_subscription`.
package crm.rules.logging.cis_metric_alarms

import data.crm.lib.tf

_names(prefix, names) := [concat("", [prefix, n]) | some n in names]

# CIS v3.0.0 4.1-4.15: event -> key terms its filter pattern must contain (normalized).
_events := {
	"4.1 unauthorized API calls": ["$.errorCode=*UnauthorizedOperation", "$.errorCode=AccessDenied*"],
	"4.2 console sign-in without MFA": ["$.eventName=ConsoleLogin", "$.additionalEventData.MFAUsed!=Yes"],
	"4.3 root account usage": ["$.userIdentity.type=Root", "$.userIdentity.invokedByNOTEXISTS", "$.eventType!=AwsServiceEvent"],
	"4.4 IAM policy changes": _names("$.eventName=", [
		"DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy",
		"CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy",
		"AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
	]),
	"4.5 CloudTrail configuration changes": _names("$.eventName=", ["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"]),
	"4.6 console authentication failures": ["$.eventName=ConsoleLogin", "$.errorMessage=Failedauthentication"],
	"4.7 disabling or scheduled deletion of CMKs": array.concat(["$.eventSource=kms.amazonaws.com"], _names("$.eventName=", ["DisableKey", "ScheduleKeyDeletion"])),
	"4.8 S3 bucket policy changes": array.concat(["$.eventSource=s3.amazonaws.com"], _names("$.eventName=", [
		"PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication",
		"DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication",
	])),
	"4.9 AWS Config configuration changes": array.concat(["$.eventSource=config.amazonaws.com"], _names("$.eventName=", ["StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder"])),
	"4.10 security group changes": _names("$.eventName=", [
		"AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
		"RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup",
	]),
	"4.11 network ACL changes": _names("$.eventName=", [
		"CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry",
		"ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation",
	]),
	"4.12 network gateway changes": _names("$.eventName=", [
		"CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway", "CreateInternetGateway",
		"DeleteInternetGateway", "DetachInternetGateway",
	]),
	"4.13 route table changes": _names("$.eventName=", [
		"CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable",
		"DeleteRoute", "DisassociateRouteTable",
	]),
	"4.14 VPC changes": _names("$.eventName=", [
		"CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection", "CreateVpcPeeringConnection",
		"DeleteVpcPeeringConnection", "RejectVpcPeeringConnection", "AttachClassicLinkVpc", "DetachClassicLinkVpc",
		"DisableVpcClassicLink", "EnableVpcClassicLink",
	]),
	"4.15 AWS Organizations changes": array.concat(["$.eventSource=organizations.amazonaws.com"], _names("$.eventName=", [
		"AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit", "CreatePolicy", "DeclineHandshake",
		"DeleteOrganization", "DeleteOrganizationalUnit", "DeletePolicy", "DetachPolicy", "DisablePolicyType",
		"EnablePolicyType", "InviteAccountToOrganization", "LeaveOrganization", "MoveAccount",
		"RemoveAccountFromOrganization", "UpdatePolicy", "UpdateOrganizationalUnit",
	])),
}

_normalize(p) := strings.replace_n({" ": "", "\t": "", "\n": "", "\"": "", "'": ""}, p)

# A term matches only as a whole value: followed by a closing delimiter or the end of the pattern.
_has(p, term) if {
	some end in [")", "|", "&", "}", ","]
	contains(p, concat("", [term, end]))
}

_has(p, term) if endswith(p, term)

_matches(pattern, terms) if every term in terms {
	_has(pattern, term)
}

# Log groups the trails deliver to.
_trail_groups contains [t.address, g] if {
	some t in tf.resources("aws_cloudtrail")
	some g in tf.refs(t, "cloud_watch_logs_group_arn")
	input.resources[g].type == "aws_cloudwatch_log_group"
}

# [provider, region, name] -> the log groups declaring it (a set: two accounts may repeat a name).
_group_names[[g.provider, g.region, g.values.name]] contains g.address if {
	some g in tf.resources("aws_cloudwatch_log_group")
	is_string(g.values.name)
}

# Log group address -> its metric filters (by reference, else by literal group name).
_filters[group] contains f.address if {
	some f in tf.resources("aws_cloudwatch_log_metric_filter")
	some group in tf.refs(f, "log_group_name")
}

_filters[group] contains f.address if {
	some f in tf.resources("aws_cloudwatch_log_metric_filter")
	count(tf.refs(f, "log_group_name")) == 0
	some group in _group_names[[f.provider, f.region, f.values.log_group_name]]
}

_metric_key(namespace, name) := concat("|", [namespace, name])

# Metric (namespace|name) or filter address -> alarms watching it.
_alarms[key] contains a.address if {
	some a in tf.resources("aws_cloudwatch_metric_alarm")
	is_string(a.values.namespace)
	is_string(a.values.metric_name)
	key := _metric_key(a.values.namespace, a.values.metric_name)
}

_alarms[f] contains a.address if {
	some a in tf.resources("aws_cloudwatch_metric_alarm")
	some f in tf.refs(a, "metric_name")
	input.resources[f].type == "aws_cloudwatch_log_metric_filter"
}

_filter_alarms(f) := object.get(_alarms, f.address, set()) | {a |
	some mt in tf.blocks(object.get(f.values, "metric_transformation", []))
	some a in object.get(_alarms, _metric_key(mt.namespace, mt.name), set())
}

_topic_ok(t) if input.resources[t].type != "aws_sns_topic"

_topic_ok(t) if count(tf.referrers(t, "aws_sns_topic_subscription")) > 0

_actionable(alarm) if {
	a := input.resources[alarm]
	count(object.get(a.values, "alarm_actions", [])) > 0
	every t in tf.refs(a, "alarm_actions") {
		_topic_ok(t)
	}
}

_matching_filters(group, terms) := [f |
	some fa in object.get(_filters, group, set())
	f := input.resources[fa]
	_matches(_normalize(object.get(f.values, "pattern", "")), terms)
]

_covered(group, terms) if {
	some f in _matching_filters(group, terms)
	some alarm in _filter_alarms(f)
	_actionable(alarm)
}

deny contains {"resource": group, "message": msg} if {
	some [trail, group] in _trail_groups
	some event, terms in _events
	not _covered(group, terms)
	count(_matching_filters(group, terms)) == 0
	msg := concat("", [
		"`", group, "` (the CloudWatch Logs group of `", trail, "`) has no metric filter for CIS ", event,
		"; add an aws_cloudwatch_log_metric_filter with the CIS pattern and an alarm that notifies responders",
	])
}

deny contains {"resource": group, "message": msg} if {
	some [trail, group] in _trail_groups
	some event, terms in _events
	not _covered(group, terms)
	filters := _matching_filters(group, terms)
	count(filters) > 0
	msg := concat("", [
		"`", group, "` (the CloudWatch Logs group of `", trail, "`) has metric filter(s) ", json.marshal([f.address | some f in filters]),
		" for CIS ", event, " but no aws_cloudwatch_metric_alarm on their metric with `alarm_actions` reaching a subscribed SNS topic; add one",
	])
}

deny contains tf.finding(t, msg) if {
	some t in tf.resources("aws_cloudtrail")
	not _delivers(t)
	msg := concat("", ["`", t.address, "` does not deliver to CloudWatch Logs, so none of the CIS 4.1-4.15 metric filters and alarms can exist; set `cloud_watch_logs_group_arn` and add them"])
}

# An empty ARN is no delivery, as an absent one.
_delivers(t) if {
	is_string(t.values.cloud_watch_logs_group_arn)
	t.values.cloud_watch_logs_group_arn != ""
}

deny contains {"resource": t.address, "message": msg, "unverifiable": true} if {
	some t in tf.resources("aws_cloudtrail")
	_delivers(t)
	count([g | some g in tf.refs(t, "cloud_watch_logs_group_arn"); input.resources[g].type == "aws_cloudwatch_log_group"]) == 0
	msg := concat("", [
		"`", t.address, "` delivers to log group ", tf.show(t.values.cloud_watch_logs_group_arn),
		", which is not declared in this configuration, so its CIS metric filters and alarms cannot be checked",
	])
}
