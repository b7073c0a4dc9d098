package crm.rules.encryption.lb_tls_policy_test

import data.crm.lib.fixtures as fx
import data.crm.rules.encryption.lb_tls_policy as rule

_l(values) := fx.resource("aws_lb_listener.https", object.union({"protocol": "HTTPS", "certificate_arn": "arn:cert"}, values))

test_approved_policy_passes if {
	count(rule.deny) == 0 with input as fx.model([_l({"ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"})])
	count(rule.deny) == 0 with input as fx.model([_l({"protocol": "TLS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-3-2021-06"})])
}

test_legacy_policy_fails if {
	some f in rule.deny with input as fx.model([_l({"ssl_policy": "ELBSecurityPolicy-2016-08"})])
	f.resource == "aws_lb_listener.https"
	contains(f.message, "`ssl_policy = \"ELBSecurityPolicy-2016-08\"`")
}

test_absent_policy_fails if {
	some f in rule.deny with input as fx.model([_l({})])
	contains(f.message, "`ssl_policy` absent")
}

test_http_listener_not_applicable if {
	count(rule.deny) == 0 with input as fx.model([_l({"protocol": "HTTP"})])
}

test_config_override if {
	count(rule.deny) == 0 with input as fx.model([_l({"ssl_policy": "Custom"})]) with data.config.allowed_tls_policies as ["Custom"]
}

test_unknown_policy_is_unverifiable if {
	l := fx.with_unknown(_l({"ssl_policy": "${var.p}"}), ["ssl_policy"])
	some f in rule.deny with input as fx.model([l])
	f.unverifiable == true
}
