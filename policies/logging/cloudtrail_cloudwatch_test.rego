package crm.rules.logging.cloudtrail_cloudwatch_test

import data.crm.lib.fixtures as fx
import data.crm.rules.logging.cloudtrail_cloudwatch as rule

_trail(values) := fx.resource("aws_cloudtrail.t", values)

test_delivery_configured_passes if {
	t := _trail({"cloud_watch_logs_group_arn": "${aws_cloudwatch_log_group.trail.arn}:*", "cloud_watch_logs_role_arn": "${aws_iam_role.trail.arn}"})
	count(rule.deny) == 0 with input as fx.model([t])
}

test_missing_group_fails if {
	some f in rule.deny with input as fx.model([_trail({"cloud_watch_logs_role_arn": "arn:aws:iam::123456789012:role/t"})])
	contains(f.message, "`cloud_watch_logs_group_arn` absent")
}

test_nothing_set_fails_twice if {
	count(rule.deny) == 2 with input as fx.model([_trail({"cloud_watch_logs_group_arn": ""})])
}

test_missing_stream_suffix_fails if {
	t := _trail({"cloud_watch_logs_group_arn": "${aws_cloudwatch_log_group.trail.arn}", "cloud_watch_logs_role_arn": "${aws_iam_role.trail.arn}"})
	some f in rule.deny with input as fx.model([t])
	contains(f.message, "does not end in `:*`")
}
