package crm.lib.listeners_test

import data.crm.lib.fixtures as fx
import data.crm.lib.listeners

_one(rs) := l if {
	ls := listeners.all with input as fx.model(rs)
	some l in ls
}

test_type_from_load_balancer if {
	lb := fx.resource("aws_lb.nlb", {"load_balancer_type": "network"})
	l := fx.with_refs(fx.resource("aws_lb_listener.l", {"protocol": "tls", "load_balancer_arn": "${aws_lb.nlb.arn}"}), {"load_balancer_arn": ["aws_lb.nlb"]})
	_one([lb, l]) == {"resource": l, "lb": "aws_lb.nlb", "lb_type": "network", "protocol": "TLS"}
	alb := fx.resource("aws_alb.web", {})
	l2 := fx.with_refs(fx.resource("aws_alb_listener.l", {"load_balancer_arn": "${aws_alb.web.arn}"}), {"load_balancer_arn": ["aws_alb.web"]})
	_one([alb, l2]) == {"resource": l2, "lb": "aws_alb.web", "lb_type": "application", "protocol": "HTTP"}
}

test_type_inferred_from_protocol if {
	_one([fx.resource("aws_lb_listener.l", {"protocol": "TCP"})]).lb_type == "network"
	_one([fx.resource("aws_lb_listener.l", {"protocol": "GENEVE"})]).lb_type == "gateway"
	_one([fx.resource("aws_lb_listener.l", {"protocol": "HTTPS"})]).lb_type == "application"
	_one([fx.resource("aws_lb_listener.l", {})]).lb == null
}

test_unknown_protocol_is_null if {
	_one([fx.with_unknown(fx.resource("aws_lb_listener.l", {"protocol": "${var.p}"}), ["protocol"])]).protocol == null
}

test_https_redirect if {
	listeners.https_redirect({"type": "redirect", "redirect": {"protocol": "HTTPS", "port": "443"}})
	not listeners.https_redirect({"type": "redirect", "redirect": [{"port": "8080"}]})
	not listeners.https_redirect({"type": "forward"})
}
