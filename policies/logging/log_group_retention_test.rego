package crm.rules.logging.log_group_retention_test

import data.crm.lib.fixtures as fx
import data.crm.rules.logging.log_group_retention as rule

_group(values) := fx.resource("aws_cloudwatch_log_group.app", values)

test_one_year_passes if {
	count(rule.deny) == 0 with input as fx.model([_group({"retention_in_days": 365})])
}

test_never_expire_passes if {
	count(rule.deny) == 0 with input as fx.model([_group({}), fx.resource("aws_cloudwatch_log_group.b", {"retention_in_days": 0})])
}

test_short_retention_fails if {
	some f in rule.deny with input as fx.model([_group({"retention_in_days": 30})])
	f.resource == "aws_cloudwatch_log_group.app"
	contains(f.message, "`retention_in_days = 30`, below min_log_retention_days (365)")
}

test_threshold_from_config if {
	count(rule.deny) == 0 with input as fx.model([_group({"retention_in_days": 90})]) with data.config.min_log_retention_days as 90
}

test_unknown_unverifiable if {
	g := fx.with_unknown(_group({"retention_in_days": "${var.days}"}), ["retention_in_days"])
	some f in rule.deny with input as fx.model([g])
	f.unverifiable == true
}
