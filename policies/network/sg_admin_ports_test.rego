package crm.rules.network.sg_admin_ports_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.sg_admin_ports as rule

_sg(ingress) := fx.resource("aws_security_group.web", {"vpc_id": "vpc-1", "ingress": ingress})

_block(from, to, protocol, cidrs) := {"from_port": from, "to_port": to, "protocol": protocol, "cidr_blocks": cidrs, "ipv6_cidr_blocks": [], "security_groups": []}

test_internet_ssh_inline_fails if {
	some f in rule.deny with input as fx.model([_sg([_block(22, 22, "tcp", ["0.0.0.0/0"])])])
	f.resource == "aws_security_group.web"
	contains(f.message, "has an inline `ingress` block admitting 0.0.0.0/0")
	contains(f.message, "admin port(s) [22]")
	not f.unverifiable
}

test_inline_single_object_block_fails if {
	count(rule.deny) == 1 with input as fx.model([_sg(_block(3389, 3389, "tcp", ["0.0.0.0/0"]))])
}

test_port_range_covering_rdp_fails if {
	some f in rule.deny with input as fx.model([_sg([_block(1000, 4000, "tcp", ["0.0.0.0/0"])])])
	contains(f.message, "[3389]")
}

test_all_protocols_from_internet_fails if {
	some f in rule.deny with input as fx.model([_sg([_block(0, 0, "-1", ["0.0.0.0/0"])])])
	contains(f.message, "all traffic")
	contains(f.message, "[22,3389]")
}

test_ipv6_internet_fails if {
	b := object.union(_block(22, 22, "tcp", []), {"ipv6_cidr_blocks": ["::/0"]})
	count(rule.deny) == 1 with input as fx.model([_sg([b])])
}

test_https_from_internet_passes if {
	count(rule.deny) == 0 with input as fx.model([_sg([_block(443, 443, "tcp", ["0.0.0.0/0"])])])
}

test_ssh_from_vpn_passes if {
	count(rule.deny) == 0 with input as fx.model([_sg([_block(22, 22, "tcp", ["10.0.0.0/8"])])])
}

test_egress_ignored if {
	sg := fx.resource("aws_security_group.web", {"egress": [_block(0, 0, "-1", ["0.0.0.0/0"])]})
	count(rule.deny) == 0 with input as fx.model([sg])
}

test_udp_other_port_and_icmp_pass if {
	count(rule.deny) == 0 with input as fx.model([_sg([_block(53, 53, "udp", ["0.0.0.0/0"]), _block(-1, -1, "icmp", ["0.0.0.0/0"])])])
}

test_security_group_rule_fails if {
	r := fx.resource("aws_security_group_rule.ssh", {"type": "ingress", "from_port": 22, "to_port": 22, "protocol": "6", "cidr_blocks": ["0.0.0.0/0"], "security_group_id": "sg-1"})
	some f in rule.deny with input as fx.model([r])
	f.resource == "aws_security_group_rule.ssh"
	contains(f.message, "is an ingress rule admitting 0.0.0.0/0")
}

test_security_group_rule_egress_ignored if {
	r := fx.resource("aws_security_group_rule.out", {"type": "egress", "from_port": 0, "to_port": 65535, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]})
	count(rule.deny) == 0 with input as fx.model([r])
}

test_vpc_ingress_rule_fails if {
	r := fx.resource("aws_vpc_security_group_ingress_rule.rdp", {"ip_protocol": "tcp", "from_port": 3389, "to_port": 3389, "cidr_ipv4": "0.0.0.0/0", "security_group_id": "sg-1"})
	some f in rule.deny with input as fx.model([r])
	f.resource == "aws_vpc_security_group_ingress_rule.rdp"
}

test_vpc_ingress_rule_all_protocols_fails if {
	r := fx.resource("aws_vpc_security_group_ingress_rule.all", {"ip_protocol": "-1", "cidr_ipv6": "::/0"})
	count(rule.deny) == 1 with input as fx.model([r])
}

test_vpc_ingress_rule_sg_source_passes if {
	r := fx.resource("aws_vpc_security_group_ingress_rule.ssh", {"ip_protocol": "tcp", "from_port": 22, "to_port": 22, "referenced_security_group_id": "${aws_security_group.bastion.id}"})
	count(rule.deny) == 0 with input as fx.model([r])
}

test_unknown_cidr_on_admin_port_unverifiable if {
	some f in rule.deny with input as fx.model([_sg([_block(22, 22, "tcp", ["${var.admin_cidr}"])])])
	f.unverifiable == true
	contains(f.message, "known only after apply")
}

test_vpc_cidr_reference_passes if {
	count(rule.deny) == 0 with input as fx.model([_sg([_block(22, 22, "tcp", ["${aws_vpc.main.cidr_block}"])])])
}

test_unknown_port_from_internet_unverifiable if {
	some f in rule.deny with input as fx.model([_sg([_block("${var.port}", "${var.port}", "tcp", ["0.0.0.0/0"])])])
	f.unverifiable == true
	contains(f.message, "whose ports are known only after apply")
}

test_unknown_cidr_and_port_unverifiable if {
	some f in rule.deny with input as fx.model([_sg([_block("${var.port}", "${var.port}", "tcp", "${var.cidrs}")])])
	f.unverifiable == true
}

test_unknown_cidr_on_other_port_passes if {
	count(rule.deny) == 0 with input as fx.model([_sg([_block(443, 443, "tcp", ["${var.cidr}"])])])
}

test_string_ports_are_numbers if {
	count(rule.deny) == 1 with input as fx.model([_sg([_block("22", "22", "tcp", ["0.0.0.0/0"])])])
}

test_default_security_group_inline_fails if {
	sg := fx.resource("aws_default_security_group.d", {"ingress": [_block(22, 22, "tcp", ["0.0.0.0/0"])]})
	count(rule.deny) == 1 with input as fx.model([sg])
}

test_internet_split_into_halves_fails if {
	findings := rule.deny with input as fx.model([_sg([_block(22, 22, "tcp", ["0.0.0.0/1", "128.0.0.0/1"])])])
	some f in findings
	contains(f.message, "admitting 0.0.0.0/1, 128.0.0.0/1")
}

test_large_public_range_fails_but_private_or_single_address_passes if {
	count(rule.deny) == 1 with input as fx.model([_sg([_block(22, 22, "tcp", ["52.0.0.0/8"])])])
	count(rule.deny) == 0 with input as fx.model([_sg([_block(22, 22, "tcp", ["172.16.0.0/12", "203.0.113.10/32"])])])
}

# `ingress = data.aws_security_group.tpl.ingress`: the group's whole rule list is known only after
# apply; it is unverifiable, never "no rules" (it passed before).
test_ingress_from_one_expression_unverifiable if {
	sg := fx.with_unknown(_sg("${data.aws_security_group.tpl.ingress}"), ["ingress"])
	some f in rule.deny with input as fx.model([sg])
	f.resource == "aws_security_group.web"
	f.unverifiable
	contains(f.message, "takes its `ingress` rules from `${data.aws_security_group.tpl.ingress}`, known only after apply")
}

test_egress_from_one_expression_ignored if {
	sg := fx.resource("aws_security_group.web", {"vpc_id": "vpc-1", "egress": "${data.aws_security_group.tpl.egress}"})
	count(rule.deny) == 0 with input as fx.model([sg])
}
