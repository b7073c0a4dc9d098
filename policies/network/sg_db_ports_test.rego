package crm.rules.network.sg_db_ports_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.sg_db_ports as rule

_block(from, to, cidrs) := {"from_port": from, "to_port": to, "protocol": "tcp", "cidr_blocks": cidrs}

_vpc := fx.resource("aws_vpc.main", {"cidr_block": "10.10.0.0/16"})

# A data-tier group in aws_vpc.main, attached to a database.
_db_sg(ingress) := fx.with_refs(fx.resource("aws_security_group.db", {"vpc_id": "${aws_vpc.main.id}", "ingress": ingress}), {"vpc_id": ["aws_vpc.main"]})

_db := fx.with_refs(fx.resource("aws_db_instance.crm", {"vpc_security_group_ids": ["${aws_security_group.db.id}"]}), {"vpc_security_group_ids": ["aws_security_group.db"]})

_web(ingress) := fx.resource("aws_security_group.web", {"ingress": ingress})

test_internet_postgres_fails if {
	some f in rule.deny with input as fx.model([_web([_block(5432, 5432, ["0.0.0.0/0"])])])
	f.resource == "aws_security_group.web"
	contains(f.message, "database/cache port(s) [5432]")
	not f.unverifiable
}

test_internet_all_traffic_fails if {
	b := {"protocol": "-1", "from_port": 0, "to_port": 0, "ipv6_cidr_blocks": ["::/0"]}
	some f in rule.deny with input as fx.model([_web([b])])
	contains(f.message, "::/0")
}

test_split_rule_redis_fails if {
	r := fx.resource("aws_vpc_security_group_ingress_rule.redis", {"ip_protocol": "tcp", "from_port": 6379, "to_port": 6379, "cidr_ipv4": "0.0.0.0/0"})
	some f in rule.deny with input as fx.model([r])
	f.resource == "aws_vpc_security_group_ingress_rule.redis"
}

test_internet_https_on_non_data_sg_passes if {
	count(rule.deny) == 0 with input as fx.model([_web([_block(443, 443, ["0.0.0.0/0"])])])
}

test_unknown_port_from_internet_unverifiable if {
	some f in rule.deny with input as fx.model([_web([_block("${var.p}", "${var.p}", ["0.0.0.0/0"])])])
	f.unverifiable == true
}

test_unknown_cidr_on_db_port_unverifiable if {
	some f in rule.deny with input as fx.model([_web([_block(5432, 5432, ["${var.cidr}"])])])
	f.unverifiable == true
	contains(f.message, "known only after apply")
}

test_data_tier_sg_source_passes if {
	b := {"from_port": 5432, "to_port": 5432, "protocol": "tcp", "security_groups": ["${aws_security_group.app.id}"]}
	count(rule.deny) == 0 with input as fx.model([_vpc, _db_sg([b]), _db])
}

test_data_tier_vpc_cidr_passes if {
	count(rule.deny) == 0 with input as fx.model([_vpc, _db_sg([_block(5432, 5432, ["10.10.1.0/24"])]), _db])
}

test_data_tier_vpc_cidr_reference_passes if {
	count(rule.deny) == 0 with input as fx.model([_vpc, _db_sg([_block(5432, 5432, ["${aws_vpc.main.cidr_block}"])]), _db])
}

test_data_tier_secondary_cidr_passes if {
	assoc := fx.with_refs(fx.resource("aws_vpc_ipv4_cidr_block_association.extra", {"vpc_id": "${aws_vpc.main.id}", "cidr_block": "100.64.0.0/16"}), {"vpc_id": ["aws_vpc.main"]})
	count(rule.deny) == 0 with input as fx.model([_vpc, assoc, _db_sg([_block(5432, 5432, ["100.64.1.0/24"])]), _db])
}

test_data_tier_out_of_vpc_cidr_fails if {
	some f in rule.deny with input as fx.model([_vpc, _db_sg([_block(5432, 5432, ["192.168.0.0/24"])]), _db])
	f.resource == "aws_security_group.db"
	contains(f.message, "outside its VPC CIDR(s) [\"10.10.0.0/16\"]")
}

test_data_tier_internet_on_other_port_fails if {
	some f in rule.deny with input as fx.model([_vpc, _db_sg([_block(8080, 8080, ["0.0.0.0/0"])]), _db])
	contains(f.message, "into data-tier group `aws_security_group.db`")
}

test_data_tier_internet_on_db_port_reported_once if {
	count(rule.deny) == 1 with input as fx.model([_vpc, _db_sg([_block(5432, 5432, ["0.0.0.0/0"])]), _db])
}

test_data_tier_split_rule_out_of_vpc_fails if {
	sg := fx.with_refs(fx.resource("aws_security_group.db", {"vpc_id": "${aws_vpc.main.id}"}), {"vpc_id": ["aws_vpc.main"]})
	r := fx.with_refs(
		fx.resource("aws_security_group_rule.office", {"type": "ingress", "protocol": "tcp", "from_port": 5432, "to_port": 5432, "cidr_blocks": ["203.0.113.0/24"], "security_group_id": "${aws_security_group.db.id}"}),
		{"security_group_id": ["aws_security_group.db"]},
	)
	some f in rule.deny with input as fx.model([_vpc, sg, r, _db])
	f.resource == "aws_security_group_rule.office"
}

test_data_tier_unknown_vpc_internet_fails if {
	sg := fx.resource("aws_security_group.db", {"vpc_id": "vpc-123", "ingress": [_block(8080, 8080, ["0.0.0.0/0"])]})
	some f in rule.deny with input as fx.model([sg, _db])
	not f.unverifiable
}

test_data_tier_unknown_vpc_private_cidr_unverifiable if {
	sg := fx.resource("aws_security_group.db", {"vpc_id": "vpc-123", "ingress": [_block(5432, 5432, ["10.0.0.0/8"])]})
	some f in rule.deny with input as fx.model([sg, _db])
	f.unverifiable == true
	contains(f.message, "VPC CIDR is not known")
}

test_data_tier_unknown_cidr_other_port_unverifiable if {
	some f in rule.deny with input as fx.model([_vpc, _db_sg([_block(8080, 8080, ["${var.cidr}"])]), _db])
	f.unverifiable == true
	contains(f.message, "into data-tier group")
}

test_non_data_sg_out_of_vpc_passes if {
	count(rule.deny) == 0 with input as fx.model([_vpc, _web([_block(8080, 8080, ["192.168.0.0/24"])])])
}

test_unknown_cidr_and_ports_unverifiable if {
	fs := rule.deny with input as fx.model([_web([_block("${var.p}", "${var.p}", ["${var.cidr}"])])])
	count(fs) == 1
	some f in fs
	f.unverifiable == true
}
