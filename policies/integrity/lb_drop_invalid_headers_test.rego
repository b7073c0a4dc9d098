package crm.rules.integrity.lb_drop_invalid_headers_test

import data.crm.lib.fixtures as fx
import data.crm.rules.integrity.lb_drop_invalid_headers as rule

test_hardened_alb_passes if {
	lb := fx.resource("aws_lb.web", {"drop_invalid_header_fields": true, "desync_mitigation_mode": "strictest"})
	count(rule.deny) == 0 with input as fx.model([lb])
}

test_absent_drop_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_lb.web", {})])
	contains(f.message, "`drop_invalid_header_fields` absent")
}

test_monitor_mode_fails if {
	lb := fx.resource("aws_alb.web", {"drop_invalid_header_fields": true, "desync_mitigation_mode": "monitor"})
	some f in rule.deny with input as fx.model([lb])
	contains(f.message, "only monitors")
}

test_network_lb_ignored if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_lb.nlb", {"load_balancer_type": "network"})])
}

test_unknown_unverifiable if {
	lb := fx.with_unknown(fx.resource("aws_lb.web", {"drop_invalid_header_fields": "${var.d}"}), ["drop_invalid_header_fields"])
	some f in rule.deny with input as fx.model([lb])
	f.unverifiable == true
}

test_classic_elb_desync if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_elb.classic", {"desync_mitigation_mode": "strictest"})])
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_elb.classic", {})])
	some f in rule.deny with input as fx.model([fx.resource("aws_elb.classic", {"desync_mitigation_mode": "monitor"})])
	contains(f.message, "only monitors HTTP desync")
	unknown := fx.with_unknown(fx.resource("aws_elb.classic", {"desync_mitigation_mode": "${var.m}"}), ["desync_mitigation_mode"])
	some u in rule.deny with input as fx.model([unknown])
	u.unverifiable == true
}
