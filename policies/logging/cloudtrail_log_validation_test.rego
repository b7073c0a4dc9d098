package crm.rules.logging.cloudtrail_log_validation_test

import data.crm.lib.fixtures as fx
import data.crm.rules.logging.cloudtrail_log_validation as rule

test_validation_on_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_cloudtrail.t", {"enable_log_file_validation": true})])
}

test_absent_defaults_off if {
	some f in rule.deny with input as fx.model([fx.resource("aws_cloudtrail.t", {})])
	f.resource == "aws_cloudtrail.t"
	contains(f.message, "`enable_log_file_validation` absent")
}

test_false_fails if {
	count(rule.deny) == 1 with input as fx.model([fx.resource("aws_cloudtrail.t", {"enable_log_file_validation": false})])
}

test_unknown_unverifiable if {
	t := fx.with_unknown(fx.resource("aws_cloudtrail.t", {"enable_log_file_validation": "${var.v}"}), ["enable_log_file_validation"])
	some f in rule.deny with input as fx.model([t])
	f.unverifiable == true
}
