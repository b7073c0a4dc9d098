package crm.rules.network.sg_internet_ingress_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.sg_internet_ingress as rule

_block(from, to, cidrs) := {"from_port": from, "to_port": to, "protocol": "tcp", "cidr_blocks": cidrs}

_alb_sg(ingress) := fx.resource("aws_security_group.alb", {"ingress": ingress})

_lb(values) := fx.with_refs(fx.resource("aws_lb.public", object.union({"security_groups": ["${aws_security_group.alb.id}"]}, values)), {"security_groups": ["aws_security_group.alb"]})

test_https_on_public_alb_sg_passes if {
	count(rule.deny) == 0 with input as fx.model([_alb_sg([_block(443, 443, ["0.0.0.0/0"]), _block(80, 80, ["::/0"])]), _lb({})])
}

test_explicit_internet_facing_alias_passes if {
	lb := fx.with_refs(fx.resource("aws_alb.public", {"internal": false}), {"security_groups": ["aws_security_group.alb"]})
	count(rule.deny) == 0 with input as fx.model([_alb_sg([_block(443, 443, ["0.0.0.0/0"])]), lb])
}

test_unauthorized_port_fails if {
	some f in rule.deny with input as fx.model([_alb_sg([_block(8443, 8443, ["0.0.0.0/0"])]), _lb({})])
	f.resource == "aws_security_group.alb"
	contains(f.message, "authorized_public_ports [80,443]")
}

test_range_over_authorized_ports_fails if {
	count(rule.deny) == 1 with input as fx.model([_alb_sg([_block(80, 443, ["0.0.0.0/0"])]), _lb({})])
}

test_all_traffic_fails if {
	some f in rule.deny with input as fx.model([_alb_sg([{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}]), _lb({})])
	contains(f.message, "all traffic")
}

test_internal_lb_sg_fails if {
	some f in rule.deny with input as fx.model([_alb_sg([_block(443, 443, ["0.0.0.0/0"])]), _lb({"internal": true})])
	contains(f.message, "is not the security group of an internet-facing load balancer")
}

test_instance_sg_fails if {
	sg := fx.resource("aws_security_group.app", {"ingress": [_block(443, 443, ["0.0.0.0/0"])]})
	some f in rule.deny with input as fx.model([sg])
	f.resource == "aws_security_group.app"
}

test_unknown_internal_unverifiable if {
	lb := fx.with_unknown(_lb({"internal": "${var.internal}"}), ["internal"])
	some f in rule.deny with input as fx.model([_alb_sg([_block(443, 443, ["0.0.0.0/0"])]), lb])
	f.unverifiable == true
	contains(f.message, "sets `internal` from an expression")
}

test_split_rule_bound_to_alb_passes if {
	sg := fx.resource("aws_security_group.alb", {})
	r := fx.with_refs(fx.resource("aws_vpc_security_group_ingress_rule.https", {"ip_protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": "0.0.0.0/0", "security_group_id": "${aws_security_group.alb.id}"}), {"security_group_id": ["aws_security_group.alb"]})
	count(rule.deny) == 0 with input as fx.model([sg, r, _lb({})])
}

test_split_rule_on_foreign_group_unverifiable if {
	r := fx.resource("aws_security_group_rule.https", {"type": "ingress", "protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"], "security_group_id": "sg-0123"})
	some f in rule.deny with input as fx.model([r])
	f.unverifiable == true
	contains(f.message, "outside this configuration (\"sg-0123\")")
}

test_unknown_ports_unverifiable if {
	some f in rule.deny with input as fx.model([_alb_sg([_block("${var.p}", "${var.p}", ["0.0.0.0/0"])]), _lb({})])
	f.unverifiable == true
}

test_unknown_cidr_unverifiable if {
	sg := fx.resource("aws_security_group.app", {"ingress": [_block(8080, 8080, ["${var.cidr}"])]})
	some f in rule.deny with input as fx.model([sg])
	f.unverifiable == true
	contains(f.message, "does not admit the internet")
}

test_private_sources_pass if {
	sg := fx.resource("aws_security_group.app", {"ingress": [_block(8080, 8080, ["10.0.0.0/8"]), _block(8080, 8080, ["${aws_vpc.main.cidr_block}"])]})
	count(rule.deny) == 0 with input as fx.model([sg])
}

test_https_on_public_classic_elb_sg_passes if {
	elb := fx.with_refs(fx.resource("aws_elb.classic", {"security_groups": ["${aws_security_group.alb.id}"]}), {"security_groups": ["aws_security_group.alb"]})
	count(rule.deny) == 0 with input as fx.model([_alb_sg([_block(443, 443, ["0.0.0.0/0"])]), elb])
}

test_ingress_from_one_expression_unverifiable if {
	sg := fx.with_unknown(_alb_sg("${[for c in data.aws_ip_ranges.ec2.cidr_blocks : {}]}"), ["ingress"])
	some f in rule.deny with input as fx.model([sg])
	f.unverifiable
	contains(f.message, "protocols and ports known only after apply")
}
