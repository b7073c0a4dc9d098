package crm.rules.network.data_tier_egress_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.data_tier_egress as rule

_cache := fx.with_refs(fx.resource("aws_elasticache_replication_group.sessions", {"security_group_ids": ["${aws_security_group.cache.id}"]}), {"security_group_ids": ["aws_security_group.cache"]})

_sg(egress) := fx.resource("aws_security_group.cache", {"egress": egress})

_all(cidrs) := {"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": cidrs}

test_allow_all_egress_fails if {
	some f in rule.deny with input as fx.model([_sg([_all(["0.0.0.0/0"])]), _cache])
	f.resource == "aws_security_group.cache"
	contains(f.message, "from data-tier group `aws_security_group.cache`")
	not f.unverifiable
}

test_tcp_full_range_fails if {
	count(rule.deny) == 1 with input as fx.model([_sg([{"protocol": "tcp", "from_port": 0, "to_port": 65535, "ipv6_cidr_blocks": ["::/0"]}]), _cache])
}

test_https_to_internet_passes if {
	count(rule.deny) == 0 with input as fx.model([_sg([{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]}]), _cache])
}

test_all_to_vpc_passes if {
	count(rule.deny) == 0 with input as fx.model([_sg([_all(["10.0.0.0/16"])]), _cache])
}

test_no_egress_passes if {
	count(rule.deny) == 0 with input as fx.model([_sg([]), _cache])
}

test_non_data_tier_group_ignored if {
	count(rule.deny) == 0 with input as fx.model([_sg([_all(["0.0.0.0/0"])])])
}

test_split_egress_rule_fails if {
	sg := _sg([])
	r := fx.with_refs(fx.resource("aws_vpc_security_group_egress_rule.all", {"ip_protocol": "-1", "cidr_ipv4": "0.0.0.0/0", "security_group_id": "${aws_security_group.cache.id}"}), {"security_group_id": ["aws_security_group.cache"]})
	some f in rule.deny with input as fx.model([sg, r, _cache])
	f.resource == "aws_vpc_security_group_egress_rule.all"
}

test_legacy_rule_resource_fails if {
	r := fx.with_refs(fx.resource("aws_security_group_rule.out", {"type": "egress", "protocol": "all", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"], "security_group_id": "${aws_security_group.cache.id}"}), {"security_group_id": ["aws_security_group.cache"]})
	count(rule.deny) == 1 with input as fx.model([_sg([]), r, _cache])
}

test_unknown_ports_unverifiable if {
	some f in rule.deny with input as fx.model([_sg([{"protocol": "${var.p}", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}]), _cache])
	f.unverifiable == true
}

test_unknown_destination_unverifiable if {
	some f in rule.deny with input as fx.model([_sg([_all(["${var.cidr}"])]), _cache])
	f.unverifiable == true
	contains(f.message, "known only after apply")
}

test_unknown_destination_on_one_port_passes if {
	count(rule.deny) == 0 with input as fx.model([_sg([{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["${var.cidr}"]}]), _cache])
}

test_unknown_destination_and_ports_unverifiable if {
	some f in rule.deny with input as fx.model([_sg([{"protocol": "tcp", "from_port": "${var.p}", "to_port": "${var.p}", "cidr_blocks": ["${var.cidr}"]}]), _cache])
	f.unverifiable == true
}
