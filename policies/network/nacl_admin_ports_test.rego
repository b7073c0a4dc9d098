package crm.rules.network.nacl_admin_ports_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.nacl_admin_ports as rule

_in(no, action, protocol, cidr, from, to) := {"rule_no": no, "action": action, "protocol": protocol, "cidr_block": cidr, "from_port": from, "to_port": to}

_acl(ingress) := fx.resource("aws_network_acl.public", {"vpc_id": "vpc-1", "ingress": ingress})

test_allow_all_from_internet_fails if {
	some f in rule.deny with input as fx.model([_acl([_in(100, "allow", "-1", "0.0.0.0/0", 0, 0)])])
	f.resource == "aws_network_acl.public"
	contains(f.message, "allows 0.0.0.0/0 to admin port 22")
}

test_deny_before_allow_passes if {
	acl := _acl([
		_in(100, "allow", "-1", "0.0.0.0/0", 0, 0),
		_in(10, "deny", "tcp", "0.0.0.0/0", 22, 22),
		_in(20, "deny", "6", "0.0.0.0/0", 3389, 3389),
	])
	count(rule.deny) == 0 with input as fx.model([acl])
}

test_allow_before_deny_fails if {
	acl := _acl([_in(10, "allow", "tcp", "0.0.0.0/0", 0, 65535), _in(20, "deny", "tcp", "0.0.0.0/0", 22, 22)])
	count(rule.deny) == 2 with input as fx.model([acl])
}

test_https_only_passes if {
	count(rule.deny) == 0 with input as fx.model([_acl([_in(100, "allow", "tcp", "0.0.0.0/0", 443, 443)])])
}

test_narrow_source_passes if {
	count(rule.deny) == 0 with input as fx.model([_acl([_in(100, "allow", "tcp", "10.0.0.0/8", 22, 22)])])
}

test_ipv6_allow_fails if {
	b := {"rule_no": 100, "action": "allow", "protocol": "tcp", "ipv6_cidr_block": "::/0", "from_port": 22, "to_port": 22}
	some f in rule.deny with input as fx.model([_acl([b])])
	contains(f.message, "allows ::/0 to admin port 22")
}

test_split_rule_fails if {
	acl := fx.resource("aws_network_acl.public", {"vpc_id": "vpc-1"})
	r := fx.with_refs(fx.resource("aws_network_acl_rule.ssh", {"network_acl_id": "${aws_network_acl.public.id}", "rule_number": 100, "egress": false, "protocol": "tcp", "rule_action": "allow", "cidr_block": "0.0.0.0/0", "from_port": 22, "to_port": 22}), {"network_acl_id": ["aws_network_acl.public"]})
	some f in rule.deny with input as fx.model([acl, r])
	f.resource == "aws_network_acl_rule.ssh"
}

test_split_deny_shadows_inline_allow if {
	acl := _acl([_in(200, "allow", "-1", "0.0.0.0/0", 0, 0)])
	d22 := fx.with_refs(fx.resource("aws_network_acl_rule.d22", {"rule_number": 10, "protocol": "6", "rule_action": "deny", "cidr_block": "0.0.0.0/0", "from_port": 22, "to_port": 22}), {"network_acl_id": ["aws_network_acl.public"]})
	d3389 := fx.with_refs(fx.resource("aws_network_acl_rule.d3389", {"rule_number": 11, "protocol": "6", "rule_action": "deny", "cidr_block": "0.0.0.0/0", "from_port": 3389, "to_port": 3389}), {"network_acl_id": ["aws_network_acl.public"]})
	count(rule.deny) == 0 with input as fx.model([acl, d22, d3389])
}

test_split_egress_rule_ignored if {
	acl := fx.resource("aws_network_acl.public", {})
	r := fx.with_refs(fx.resource("aws_network_acl_rule.out", {"rule_number": 100, "egress": true, "protocol": "-1", "rule_action": "allow", "cidr_block": "0.0.0.0/0"}), {"network_acl_id": ["aws_network_acl.public"]})
	count(rule.deny) == 0 with input as fx.model([acl, r])
}

test_default_acl_allow_all_fails if {
	d := fx.resource("aws_default_network_acl.d", {"ingress": {"rule_no": 100, "action": "allow", "protocol": -1, "cidr_block": "0.0.0.0/0", "from_port": 0, "to_port": 0}})
	count(rule.deny) == 2 with input as fx.model([d])
}

test_unknown_entry_unverifiable if {
	some f in rule.deny with input as fx.model([_acl([_in(100, "allow", "tcp", "${var.cidr}", 22, 22)])])
	f.unverifiable == true
	contains(f.message, "known only after apply")
}

_vpc := fx.resource("aws_vpc.main", {"cidr_block": "10.0.0.0/16"})

_subnet := fx.with_refs(fx.resource("aws_subnet.a", {"vpc_id": "${aws_vpc.main.id}"}), {"vpc_id": ["aws_vpc.main"]})

test_unmanaged_default_acl_unverifiable if {
	some f in rule.deny with input as fx.model([_vpc, _subnet])
	f.resource == "aws_vpc.main"
	f.unverifiable == true
	contains(f.message, "[\"aws_subnet.a\"]")
}

test_managed_default_acl_passes if {
	d := fx.with_refs(fx.resource("aws_default_network_acl.d", {"default_network_acl_id": "${aws_vpc.main.default_network_acl_id}"}), {"default_network_acl_id": ["aws_vpc.main"]})
	count(rule.deny) == 0 with input as fx.model([_vpc, _subnet, d])
}

test_subnets_on_custom_acls_pass if {
	acl := fx.with_refs(fx.resource("aws_network_acl.private", {"subnet_ids": ["${aws_subnet.a.id}"]}), {"subnet_ids": ["aws_subnet.a"]})
	b := fx.resource("aws_subnet.b", {})
	assoc := fx.with_refs(fx.resource("aws_network_acl_association.b", {}), {"subnet_id": ["aws_subnet.b"], "network_acl_id": ["aws_network_acl.private"]})
	sb := fx.with_refs(b, {"vpc_id": ["aws_vpc.main"]})
	count(rule.deny) == 0 with input as fx.model([_vpc, _subnet, sb, acl, assoc])
}

test_split_halves_of_the_internet_ahead_of_deny_fail if {
	acl := _acl([
		_in(10, "allow", "tcp", "0.0.0.0/1", 22, 22),
		_in(11, "allow", "tcp", "128.0.0.0/1", 22, 22),
		_in(20, "deny", "-1", "0.0.0.0/0", 0, 0),
	])
	findings := rule.deny with input as fx.model([acl])
	count(findings) == 2
	some f in findings
	contains(f.message, "allows 128.0.0.0/1 to admin port 22")
	contains(f.message, "reaches public address space")
}

test_deny_of_other_port_does_not_shadow if {
	acl := _acl([_in(20, "allow", "tcp", "0.0.0.0/1", 22, 22), _in(10, "deny", "tcp", "0.0.0.0/0", 3389, 3389)])
	count(rule.deny) == 1 with input as fx.model([acl])
}

test_deny_of_narrower_range_does_not_shadow if {
	acl := _acl([_in(20, "allow", "tcp", "0.0.0.0/0", 22, 22), _in(10, "deny", "tcp", "0.0.0.0/1", 22, 22)])
	count(rule.deny) == 1 with input as fx.model([acl])
}

test_deny_with_unknown_value_does_not_shadow if {
	acl := _acl([_in(20, "allow", "tcp", "0.0.0.0/0", 22, 22), _in(10, "deny", "tcp", "${var.cidr}", 22, 22)])
	count([f | some f in rule.deny with input as fx.model([acl]); not f.unverifiable]) == 1
}
