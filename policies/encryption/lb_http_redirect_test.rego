package crm.rules.encryption.lb_http_redirect_test

import data.crm.lib.fixtures as fx
import data.crm.rules.encryption.lb_http_redirect as rule

_redirect(code) := {"type": "redirect", "redirect": [{"protocol": "HTTPS", "port": "443", "status_code": code}]}

_l(values) := fx.resource("aws_lb_listener.http", values)

test_redirect_passes if {
	count(rule.deny) == 0 with input as fx.model([_l({"protocol": "HTTP", "default_action": [_redirect("HTTP_301")]})])
	count(rule.deny) == 0 with input as fx.model([_l({"default_action": _redirect("HTTP_302")})])
}

test_https_listener_not_applicable if {
	count(rule.deny) == 0 with input as fx.model([_l({"protocol": "HTTPS", "default_action": [{"type": "forward"}]})])
}

test_forward_fails if {
	some f in rule.deny with input as fx.model([_l({"protocol": "HTTP", "default_action": [{"type": "forward"}]})])
	f.resource == "aws_lb_listener.http"
	contains(f.message, "[\"forward\"]")
}

test_wrong_status_or_protocol_fails if {
	count(rule.deny) == 1 with input as fx.model([_l({"protocol": "HTTP", "default_action": [_redirect("HTTP_307")]})])
	count(rule.deny) == 1 with input as fx.model([_l({"protocol": "HTTP", "default_action": [{"type": "redirect", "redirect": {"port": "443", "status_code": "HTTP_301"}}]})])
	count(rule.deny) == 1 with input as fx.model([_l({"protocol": "HTTP"})])
}

test_forwarding_rule_on_http_listener_fails if {
	lr := fx.with_refs(fx.resource("aws_lb_listener_rule.api", {"listener_arn": "${aws_lb_listener.http.arn}", "action": [{"type": "forward"}]}), {"listener_arn": ["aws_lb_listener.http"]})
	some f in rule.deny with input as fx.model([_l({"protocol": "HTTP", "default_action": [_redirect("HTTP_301")]}), lr])
	f.resource == "aws_lb_listener_rule.api"
}

test_unknowns_are_unverifiable if {
	l := fx.with_unknown(_l({"protocol": "HTTP", "default_action": "${var.a}"}), ["default_action"])
	some f in rule.deny with input as fx.model([l])
	f.unverifiable == true
	lr := fx.with_unknown(fx.with_refs(fx.resource("aws_alb_listener_rule.api", {"action": "${var.a}"}), {"listener_arn": ["aws_lb_listener.http"]}), ["action"])
	some f2 in rule.deny with input as fx.model([_l({"protocol": "HTTP", "default_action": [_redirect("HTTP_301")]}), lr])
	f2.resource == "aws_alb_listener_rule.api"
	f2.unverifiable == true
}
