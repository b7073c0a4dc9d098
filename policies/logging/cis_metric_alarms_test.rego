package crm.rules.logging.cis_metric_alarms_test

import data.crm.lib.fixtures as fx
import data.crm.rules.logging.cis_metric_alarms as rule

_group := fx.resource("aws_cloudwatch_log_group.trail", {"name": "/crm/cloudtrail"})

_trail := fx.with_refs(fx.resource("aws_cloudtrail.t", {"cloud_watch_logs_group_arn": "${aws_cloudwatch_log_group.trail.arn}:*"}), {"cloud_watch_logs_group_arn": ["aws_cloudwatch_log_group.trail"]})

_topic := fx.resource("aws_sns_topic.security", {})

_subscription := fx.with_refs(fx.resource("aws_sns_topic_subscription.oncall", {"protocol": "email"}), {"topic_arn": ["aws_sns_topic.security"]})

_slug(event) := replace(split(event, " ")[0], ".", "_")

_pattern(terms) := concat("", ["{ ", concat(" || ", [concat("", ["(", t, ")"]) | some t in terms]), " }"])

_filter(event, terms) := fx.with_refs(
	fx.resource(concat("", ["aws_cloudwatch_log_metric_filter.cis", _slug(event)]), {
		"log_group_name": "${aws_cloudwatch_log_group.trail.name}",
		"pattern": _pattern(terms),
		"metric_transformation": [{"name": _slug(event), "namespace": "CIS", "value": "1"}],
	}),
	{"log_group_name": ["aws_cloudwatch_log_group.trail"]},
)

_alarm(event) := fx.with_refs(
	fx.resource(concat("", ["aws_cloudwatch_metric_alarm.cis", _slug(event)]), {"metric_name": _slug(event), "namespace": "CIS", "alarm_actions": ["${aws_sns_topic.security.arn}"]}),
	{"alarm_actions": ["aws_sns_topic.security"]},
)

_all_filters := [_filter(e, terms) | some e, terms in rule._events]

_all_alarms := [_alarm(e) | some e, _ in rule._events]

_complete := array.concat(array.concat([_group, _trail, _topic, _subscription], _all_filters), _all_alarms)

test_complete_monitoring_passes if {
	count(rule.deny) == 0 with input as fx.model(_complete)
}

test_no_filters_fails_per_event if {
	fs := rule.deny with input as fx.model([_group, _trail])
	count(fs) == 15
	some f in fs
	f.resource == "aws_cloudwatch_log_group.trail"
	contains(f.message, "no metric filter for CIS 4.3 root account usage")
}

test_missing_root_filter_fails_once if {
	rs := [r | some r in _complete; r.address != "aws_cloudwatch_log_metric_filter.cis4_3"]
	fs := rule.deny with input as fx.model(rs)
	count(fs) == 1
}

test_real_cis_root_pattern_with_literal_names_passes if {
	f := fx.resource("aws_cloudwatch_log_metric_filter.root", {
		"log_group_name": "/crm/cloudtrail",
		"pattern": "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }",
		"metric_transformation": {"name": "RootUsage", "namespace": "CISBenchmark", "value": "1"},
	})
	a := fx.with_refs(fx.resource("aws_cloudwatch_metric_alarm.root", {"metric_name": "RootUsage", "namespace": "CISBenchmark", "alarm_actions": ["${aws_sns_topic.security.arn}"]}), {"alarm_actions": ["aws_sns_topic.security"]})
	rs := array.concat([r | some r in _complete; r.address != "aws_cloudwatch_log_metric_filter.cis4_3"], [f, a])
	count(rule.deny) == 0 with input as fx.model(rs)
}

test_partial_term_does_not_match if {
	f := object.union(_filter("4.5 x", ["$.eventName=CreateTrailX"]), {"address": "aws_cloudwatch_log_metric_filter.cis4_5"})
	rs := array.concat([r | some r in _complete; r.address != "aws_cloudwatch_log_metric_filter.cis4_5"], [f])
	count(rule.deny) == 1 with input as fx.model(rs)
}

test_filter_without_alarm_fails if {
	rs := [r | some r in _complete; r.address != "aws_cloudwatch_metric_alarm.cis4_1"]
	some f in rule.deny with input as fx.model(rs)
	contains(f.message, "has metric filter(s) [\"aws_cloudwatch_log_metric_filter.cis4_1\"]")
}

test_alarm_referencing_filter_passes if {
	a := fx.with_refs(
		fx.resource("aws_cloudwatch_metric_alarm.cis4_1", {"metric_name": "${aws_cloudwatch_log_metric_filter.cis4_1.metric_transformation[0].name}", "namespace": "CIS", "alarm_actions": ["arn:aws:sns:eu-west-1:123456789012:security"]}),
		{"metric_name": ["aws_cloudwatch_log_metric_filter.cis4_1"]},
	)
	rs := array.concat([r | some r in _complete; r.address != "aws_cloudwatch_metric_alarm.cis4_1"], [a])
	count(rule.deny) == 0 with input as fx.model(rs)
}

test_topic_without_subscription_fails if {
	rs := [r | some r in _complete; r.address != "aws_sns_topic_subscription.oncall"]
	count(rule.deny) == 15 with input as fx.model(rs)
}

test_trail_without_cloudwatch_fails_once if {
	fs := rule.deny with input as fx.model([fx.resource("aws_cloudtrail.t", {})])
	count(fs) == 1
}

test_empty_log_group_arn_is_no_delivery if {
	fs := rule.deny with input as fx.model([fx.resource("aws_cloudtrail.t", {"cloud_watch_logs_group_arn": ""})])
	count(fs) == 1
	some f in fs
	not f.unverifiable
	contains(f.message, "does not deliver to CloudWatch Logs")
}

test_foreign_log_group_unverifiable if {
	t := fx.resource("aws_cloudtrail.t", {"cloud_watch_logs_group_arn": "arn:aws:logs:eu-west-1:123456789012:log-group:org:*"})
	some f in rule.deny with input as fx.model([t])
	f.unverifiable == true
}

test_term_at_pattern_end_and_non_topic_action_pass if {
	f := fx.with_refs(
		fx.resource("aws_cloudwatch_log_metric_filter.cis4_3", {
			"log_group_name": "${aws_cloudwatch_log_group.trail.name}",
			"pattern": "$.eventType != \"AwsServiceEvent\" && $.userIdentity.invokedBy NOT EXISTS && $.userIdentity.type = Root",
			"metric_transformation": [{"name": "4_3", "namespace": "CIS"}],
		}),
		{"log_group_name": ["aws_cloudwatch_log_group.trail"]},
	)
	a := fx.with_refs(fx.resource("aws_cloudwatch_metric_alarm.cis4_3", {"metric_name": "4_3", "namespace": "CIS", "alarm_actions": ["${aws_lambda_function.pager.arn}"]}), {"alarm_actions": ["aws_lambda_function.pager"]})
	pager := fx.resource("aws_lambda_function.pager", {})
	rs := array.concat([r | some r in _complete; not r.address in {"aws_cloudwatch_log_metric_filter.cis4_3", "aws_cloudwatch_metric_alarm.cis4_3"}], [f, a, pager])
	count(rule.deny) == 0 with input as fx.model(rs)
}
