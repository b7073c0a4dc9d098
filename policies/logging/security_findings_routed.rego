# METADATA
# title: Security findings are routed to responders
# description: >-
#   Detection without notification does not meet breach-response timelines (GDPR Art. 33: 72
#   hours). In every region with an enabled aws_guardduty_detector (or an aws_securityhub_account),
#   an aws_cloudwatch_event_rule in the same region must match the service's findings
#   (`event_pattern` with `source` aws.guardduty, resp. aws.securityhub with `detail-type` "Security
#   Hub Findings - Imported" when a detail-type is given) and have an aws_cloudwatch_event_target
#   (`rule` bound to it) whose `arn` is an SNS topic, SQS queue or Lambda function. An event pattern
#   known only after apply is unverifiable.
# scope: package
# custom:
#   id: CRM-LOG-015
#   severity: medium
#   family: LOG
#   controls:
#     iso27001-2022: ["A.5.25?", "A.6.8?"]
#     gdpr: ["Art. 33?"]
#   remediation: >-
#     CDKTF: add a CloudwatchEventRule with `eventPattern: JSON.stringify({ source: ["aws.guardduty"],
#     "detail-type": ["GuardDuty Finding"] })` (and one for aws.securityhub / "Security Hub Findings -
#     Imported") plus a CloudwatchEventTarget `{ rule: rule.name, arn: securityTopic.arn }`.
#     Terraform: `aws_cloudwatch_event_rule { event_pattern = jsonencode({ source = ["aws.guardduty"]
#     }) }` and `aws_cloudwatch_event_target { rule = aws_cloudwatch_event_rule.<name>.name, arn =
#     aws_sns_topic.security.arn }`.
package crm.rules.logging.security_findings_routed

import data.crm.lib.jsondoc
import data.crm.lib.tf

_target_types := {"aws_sns_topic", "aws_sqs_queue", "aws_lambda_function"}

_delivers(target) if {
	some a in tf.refs(target, "arn")
	input.resources[a].type in _target_types
}

_delivers(target) if regex.match(`^arn:aws[a-z-]*:(sns|sqs|lambda):`, target.values.arn)

_targeted(rule) if {
	some t in tf.bound(rule.address, "aws_cloudwatch_event_target", "rule")
	_delivers(input.resources[t])
}

# Only an object is an event pattern (EventBridge rejects any other JSON). The text is tested with
# jsondoc.valid: the wasm builtin json.is_valid corrupts the heap on `false` (see lib/jsondoc.rego).
_pattern(rule) := p if {
	jsondoc.valid(rule.values.event_pattern)
	p := jsondoc.unmarshal(rule.values.event_pattern)
	is_object(p)
}

_list(v) := v if is_array(v)

_list(v) := [v] if not is_array(v)

_matches(p, "aws.guardduty") if "aws.guardduty" in _list(p.source)

_matches(p, "aws.securityhub") if {
	"aws.securityhub" in _list(p.source)
	not p["detail-type"]
}

_matches(p, "aws.securityhub") if {
	"aws.securityhub" in _list(p.source)
	"Security Hub Findings - Imported" in _list(p["detail-type"])
}

_routed contains [source, rule.region] if {
	some rule in tf.resources("aws_cloudwatch_event_rule")
	not rule.values.state == "DISABLED"
	_targeted(rule)
	some source in ["aws.guardduty", "aws.securityhub"]
	_matches(_pattern(rule), source)
}

_opaque_regions contains rule.region if {
	some rule in tf.resources("aws_cloudwatch_event_rule")
	tf.unknown(rule, "event_pattern")
	not _pattern(rule)
}

_producers contains [d, "aws.guardduty", "GuardDuty"] if {
	some d in tf.resources("aws_guardduty_detector")
	not d.values.enable == false
}

_producers contains [h, "aws.securityhub", "Security Hub"] if some h in tf.resources("aws_securityhub_account")

deny contains tf.finding(p, msg) if {
	some [p, source, name] in _producers
	not [source, p.region] in _routed
	not p.region in _opaque_regions
	msg := concat("", [
		"`", p.address, "` produces ", name, " findings in ", tf.show(p.region), " but no enabled aws_cloudwatch_event_rule there matches",
		" `source = ", source, "` with an aws_cloudwatch_event_target to SNS, SQS or Lambda; route the findings to responders",
	])
}

deny contains {"resource": p.address, "message": msg, "unverifiable": true} if {
	some [p, source, name] in _producers
	not [source, p.region] in _routed
	p.region in _opaque_regions
	msg := concat("", [
		"`", p.address, "` produces ", name, " findings and an event rule in its region has an `event_pattern` known only after apply,",
		" so it cannot be proven that the findings reach responders; write the pattern literally",
	])
}
