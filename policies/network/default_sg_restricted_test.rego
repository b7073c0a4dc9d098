package crm.rules.network.default_sg_restricted_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.default_sg_restricted as rule

_vpc := fx.resource("aws_vpc.main", {"cidr_block": "10.0.0.0/16"})

_default(values) := fx.with_refs(fx.resource("aws_default_security_group.d", object.union({"vpc_id": "${aws_vpc.main.id}"}, values)), {"vpc_id": ["aws_vpc.main"]})

test_restricted_default_group_passes if {
	count(rule.deny) == 0 with input as fx.model([_vpc, _default({})])
}

test_empty_lists_pass if {
	count(rule.deny) == 0 with input as fx.model([_vpc, _default({"ingress": [], "egress": []})])
}

test_missing_default_group_fails if {
	some f in rule.deny with input as fx.model([_vpc])
	f.resource == "aws_vpc.main"
	contains(f.message, "has no aws_default_security_group bound to it")
}

test_default_group_with_rules_fails if {
	d := _default({"ingress": [{"protocol": "-1", "self": true, "from_port": 0, "to_port": 0}]})
	some f in rule.deny with input as fx.model([_vpc, d])
	f.resource == "aws_default_security_group.d"
	contains(f.message, "with `ingress` rules")
}

test_default_group_with_single_object_egress_fails if {
	d := _default({"egress": {"protocol": "-1", "cidr_blocks": ["0.0.0.0/0"], "from_port": 0, "to_port": 0}})
	count(rule.deny) == 1 with input as fx.model([_vpc, d])
}

test_split_rule_on_default_group_fails if {
	r := fx.with_refs(fx.resource("aws_vpc_security_group_egress_rule.all", {"ip_protocol": "-1", "cidr_ipv4": "0.0.0.0/0", "security_group_id": "${aws_default_security_group.d.id}"}), {"security_group_id": ["aws_default_security_group.d"]})
	some f in rule.deny with input as fx.model([_vpc, _default({}), r])
	f.resource == "aws_vpc_security_group_egress_rule.all"
}

test_default_vpc_with_unbound_default_group_passes if {
	v := fx.resource("aws_default_vpc.default", {})
	d := fx.resource("aws_default_security_group.d", {})
	count(rule.deny) == 0 with input as fx.model([v, d])
}

test_default_vpc_without_default_group_fails if {
	v := fx.resource("aws_default_vpc.default", {})
	count(rule.deny) == 1 with input as fx.model([v])
}

test_unknown_rules_unverifiable if {
	d := fx.with_unknown(_default({"ingress": "${local.rules}"}), ["ingress"])
	some f in rule.deny with input as fx.model([_vpc, d])
	f.unverifiable == true
}
