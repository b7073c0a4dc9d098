package crm.rules.encryption.lb_listener_tls_test

import data.crm.lib.fixtures as fx
import data.crm.rules.encryption.lb_listener_tls as rule

_redirect := {"type": "redirect", "redirect": {"protocol": "HTTPS", "port": "443", "status_code": "HTTP_301"}}

_forward := {"type": "forward", "target_group_arn": "arn:tg"}

_l(values) := fx.resource("aws_lb_listener.web", values)

test_https_with_certificate_passes if {
	count(rule.deny) == 0 with input as fx.model([_l({"protocol": "HTTPS", "certificate_arn": "arn:aws:acm:eu-west-1:1:certificate/x", "default_action": [_forward]})])
}

test_http_redirect_passes if {
	count(rule.deny) == 0 with input as fx.model([_l({"protocol": "HTTP", "default_action": [_redirect]})])
}

test_http_forward_fails if {
	some f in rule.deny with input as fx.model([_l({"protocol": "HTTP", "default_action": [_forward]})])
	f.resource == "aws_lb_listener.web"
	contains(f.message, "plain HTTP")
}

test_absent_protocol_is_http if {
	count(rule.deny) == 1 with input as fx.model([_l({"default_action": _forward})])
	count(rule.deny) == 1 with input as fx.model([_l({})])
}

test_tcp_passthrough_fails if {
	some f in rule.deny with input as fx.model([_l({"protocol": "TCP", "default_action": [_forward]})])
	contains(f.message, "unencrypted")
}

test_tls_without_certificate_fails if {
	some f in rule.deny with input as fx.model([_l({"protocol": "TLS", "default_action": [_forward]})])
	contains(f.message, "`certificate_arn` absent")
}

test_gateway_not_applicable if {
	count(rule.deny) == 0 with input as fx.model([_l({"protocol": "GENEVE"})])
}

test_unknowns_are_unverifiable if {
	p := fx.with_unknown(_l({"protocol": "${var.p}"}), ["protocol"])
	some f in rule.deny with input as fx.model([p])
	f.unverifiable == true
	a := fx.with_unknown(_l({"protocol": "HTTP", "default_action": "${var.actions}"}), ["default_action"])
	some f2 in rule.deny with input as fx.model([a])
	f2.unverifiable == true
}

_elb(listeners) := fx.resource("aws_elb.classic", {"listener": listeners})

test_classic_elb_listeners if {
	https := {"lb_port": 443, "lb_protocol": "HTTPS", "instance_port": 8080, "instance_protocol": "HTTP", "ssl_certificate_id": "arn:aws:acm:eu-west-1:111122223333:certificate/x"}
	count(rule.deny) == 0 with input as fx.model([_elb([https])])
	some plain in rule.deny with input as fx.model([_elb([{"lb_port": 80, "lb_protocol": "http", "instance_port": 80, "instance_protocol": "http"}])])
	contains(plain.message, "plain HTTP listener on port 80")
	some nocert in rule.deny with input as fx.model([_elb([{"lb_port": 443, "lb_protocol": "ssl", "instance_port": 80, "instance_protocol": "tcp"}])])
	contains(nocert.message, "`ssl_certificate_id` absent")
	some unknown in rule.deny with input as fx.model([_elb([{"lb_port": 443, "lb_protocol": "${var.p}", "instance_port": 80, "instance_protocol": "tcp"}])])
	unknown.unverifiable == true
}
