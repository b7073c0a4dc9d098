package crm.rules.logging.security_findings_routed_test

import data.crm.lib.fixtures as fx
import data.crm.rules.logging.security_findings_routed as rule

_detector := fx.resource("aws_guardduty_detector.gd", {"enable": true})

_hub := fx.resource("aws_securityhub_account.hub", {})

_rule(name, pattern) := fx.resource(concat(".", ["aws_cloudwatch_event_rule", name]), {"event_pattern": json.marshal(pattern)})

_target(name, arn_refs) := fx.with_refs(
	fx.resource(concat(".", ["aws_cloudwatch_event_target", name]), {"arn": "${aws_sns_topic.security.arn}"}),
	{"rule": [concat(".", ["aws_cloudwatch_event_rule", name])], "arn": arn_refs},
)

_topic := fx.resource("aws_sns_topic.security", {})

test_guardduty_routed_passes if {
	m := fx.model([_detector, _topic, _rule("gd", {"source": ["aws.guardduty"]}), _target("gd", ["aws_sns_topic.security"])])
	count(rule.deny) == 0 with input as m
}

test_unrouted_detector_fails if {
	some f in rule.deny with input as fx.model([_detector])
	f.resource == "aws_guardduty_detector.gd"
	contains(f.message, "`source = aws.guardduty`")
}

test_rule_without_target_fails if {
	count(rule.deny) == 1 with input as fx.model([_detector, _rule("gd", {"source": ["aws.guardduty"]})])
}

test_literal_queue_target_passes if {
	t := fx.with_refs(fx.resource("aws_cloudwatch_event_target.gd", {"arn": "arn:aws:sqs:eu-west-1:123456789012:soc"}), {"rule": ["aws_cloudwatch_event_rule.gd"]})
	count(rule.deny) == 0 with input as fx.model([_detector, _rule("gd", {"source": "aws.guardduty"}), t])
}

test_disabled_rule_does_not_count if {
	r := object.union(_rule("gd", {"source": ["aws.guardduty"]}), {"values": {"event_pattern": json.marshal({"source": ["aws.guardduty"]}), "state": "DISABLED"}})
	count(rule.deny) == 1 with input as fx.model([_detector, _topic, r, _target("gd", ["aws_sns_topic.security"])])
}

test_rule_in_other_region_does_not_count if {
	r := object.union(_rule("gd", {"source": ["aws.guardduty"]}), {"region": "eu-central-1"})
	count(rule.deny) == 1 with input as fx.model([_detector, _topic, r, _target("gd", ["aws_sns_topic.security"])])
}

test_security_hub_imported_findings_pass if {
	m := fx.model([_hub, _topic, _rule("hub", {"source": ["aws.securityhub"], "detail-type": ["Security Hub Findings - Imported"]}), _target("hub", ["aws_sns_topic.security"])])
	count(rule.deny) == 0 with input as m
}

test_security_hub_source_only_passes if {
	m := fx.model([_hub, _topic, _rule("hub", {"source": ["aws.securityhub"]}), _target("hub", ["aws_sns_topic.security"])])
	count(rule.deny) == 0 with input as m
}

test_security_hub_wrong_detail_type_fails if {
	m := fx.model([_hub, _topic, _rule("hub", {"source": ["aws.securityhub"], "detail-type": ["Security Hub Insight Results"]}), _target("hub", ["aws_sns_topic.security"])])
	some f in rule.deny with input as m
	f.resource == "aws_securityhub_account.hub"
}

test_disabled_detector_ignored if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_guardduty_detector.gd", {"enable": false})])
}

test_opaque_pattern_unverifiable if {
	r := fx.with_unknown(fx.resource("aws_cloudwatch_event_rule.gd", {"event_pattern": "${jsonencode(local.p)}"}), ["event_pattern"])
	some f in rule.deny with input as fx.model([_detector, r])
	f.unverifiable == true
}

test_non_object_patterns_route_nothing if {
	every pattern in [false, true, null, 0, "aws.guardduty", ["aws.guardduty"]] {
		count(rule.deny) == 1 with input as fx.model([_detector, _topic, _rule("gd", pattern), _target("gd", ["aws_sns_topic.security"])])
	}
}
