package crm.rules.logging.lb_access_logs_test

import data.crm.lib.fixtures as fx
import data.crm.rules.logging.lb_access_logs as rule

_lb(values) := fx.resource("aws_lb.public", values)

test_enabled_logs_pass if {
	count(rule.deny) == 0 with input as fx.model([_lb({"access_logs": {"enabled": true, "bucket": "${aws_s3_bucket.lb.id}"}})])
}

test_absent_block_fails if {
	some f in rule.deny with input as fx.model([_lb({})])
	f.resource == "aws_lb.public"
	contains(f.message, "has `access_logs` absent")
}

test_bucket_without_enabled_fails if {
	count(rule.deny) == 1 with input as fx.model([_lb({"access_logs": [{"bucket": "logs"}]})])
}

test_enabled_without_bucket_fails if {
	count(rule.deny) == 1 with input as fx.model([fx.resource("aws_alb.old", {"access_logs": [{"enabled": true, "bucket": ""}]})])
}

test_network_lb_checked_gateway_ignored if {
	nlb := fx.resource("aws_lb.nlb", {"load_balancer_type": "network"})
	gwlb := fx.resource("aws_lb.gw", {"load_balancer_type": "gateway"})
	fs := rule.deny with input as fx.model([nlb, gwlb])
	count(fs) == 1
	some f in fs
	f.resource == "aws_lb.nlb"
}

test_unknown_enabled_unverifiable if {
	lb := fx.with_unknown(_lb({"access_logs": {"enabled": "${var.logs}", "bucket": "logs"}}), ["access_logs.enabled"])
	some f in rule.deny with input as fx.model([lb])
	f.unverifiable == true
}

test_classic_elb_access_logs if {
	logged := fx.resource("aws_elb.classic", {"access_logs": [{"bucket": "crm-lb-logs"}]})
	count(rule.deny) == 0 with input as fx.model([logged])
	some f in rule.deny with input as fx.model([fx.resource("aws_elb.classic", {})])
	contains(f.message, "classic load balancer")
	disabled := fx.resource("aws_elb.classic", {"access_logs": [{"bucket": "crm-lb-logs", "enabled": false}]})
	count(rule.deny) == 1 with input as fx.model([disabled])
	unknown := fx.with_unknown(fx.resource("aws_elb.classic", {"access_logs": [{"bucket": "crm-lb-logs", "enabled": "${var.on}"}]}), ["access_logs.enabled"])
	some u in rule.deny with input as fx.model([unknown])
	u.unverifiable == true
}
