package crm.rules.network.data_subnet_igw_route_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.data_subnet_igw_route as rule

_vpc := fx.resource("aws_vpc.main", {"cidr_block": "10.0.0.0/16"})

_subnet := fx.with_refs(fx.resource("aws_subnet.data", {"vpc_id": "${aws_vpc.main.id}"}), {"vpc_id": ["aws_vpc.main"]})

_group := fx.with_refs(fx.resource("aws_db_subnet_group.g", {}), {"subnet_ids": ["aws_subnet.data"]})

_table(routes) := fx.resource("aws_route_table.t", {"vpc_id": "vpc", "route": routes})

_assoc := fx.with_refs(fx.resource("aws_route_table_association.a", {"subnet_id": "${aws_subnet.data.id}", "route_table_id": "${aws_route_table.t.id}"}), {"subnet_id": ["aws_subnet.data"], "route_table_id": ["aws_route_table.t"]})

_igw_route := {"cidr_block": "0.0.0.0/0", "gateway_id": "${aws_internet_gateway.gw.id}"}

test_nat_route_passes if {
	t := _table([{"cidr_block": "0.0.0.0/0", "nat_gateway_id": "${aws_nat_gateway.n.id}", "gateway_id": ""}])
	count(rule.deny) == 0 with input as fx.model([_vpc, _subnet, _group, t, _assoc])
}

test_inline_igw_route_fails if {
	some f in rule.deny with input as fx.model([_vpc, _subnet, _group, _table([_igw_route]), _assoc])
	f.resource == "aws_subnet.data"
	contains(f.message, "`aws_route_table.t` routes \"0.0.0.0/0\" to internet gateway")
}

test_igw_literal_single_block_fails if {
	t := _table({"cidr_block": "0.0.0.0/0", "gateway_id": "igw-0123"})
	count(rule.deny) == 1 with input as fx.model([_vpc, _subnet, _group, t, _assoc])
}

test_split_route_fails if {
	r := fx.with_refs(fx.resource("aws_route.inet", {"route_table_id": "${aws_route_table.t.id}", "destination_cidr_block": "0.0.0.0/0", "gateway_id": "${aws_internet_gateway.gw.id}"}), {"route_table_id": ["aws_route_table.t"]})
	some f in rule.deny with input as fx.model([_vpc, _subnet, _group, _table([]), _assoc, r])
	contains(f.message, "`aws_route.inet` routes")
}

test_public_subnet_ignored if {
	count(rule.deny) == 0 with input as fx.model([_vpc, _subnet, _table([_igw_route]), _assoc])
}

test_main_table_association_fails if {
	m := fx.with_refs(fx.resource("aws_main_route_table_association.m", {}), {"vpc_id": ["aws_vpc.main"], "route_table_id": ["aws_route_table.t"]})
	count(rule.deny) == 1 with input as fx.model([_vpc, _subnet, _group, _table([_igw_route]), m])
}

test_default_route_table_fails if {
	d := fx.with_refs(fx.resource("aws_default_route_table.d", {"route": [_igw_route]}), {"default_route_table_id": ["aws_vpc.main"]})
	count(rule.deny) == 1 with input as fx.model([_vpc, _subnet, _group, d])
}

test_route_on_implicit_main_table_fails if {
	r := fx.with_refs(fx.resource("aws_route.main", {"destination_ipv6_cidr_block": "::/0", "gateway_id": "${aws_egress_only_internet_gateway.e.id}"}), {"route_table_id": ["aws_vpc.main"]})
	count(rule.deny) == 1 with input as fx.model([_vpc, _subnet, _group, r])
}

test_explicit_association_overrides_main_table if {
	r := fx.with_refs(fx.resource("aws_route.main", {"destination_cidr_block": "0.0.0.0/0", "gateway_id": "${aws_internet_gateway.gw.id}"}), {"route_table_id": ["aws_vpc.main"]})
	count(rule.deny) == 0 with input as fx.model([_vpc, _subnet, _group, _table([]), _assoc, r])
}

test_unknown_gateway_unverifiable if {
	some f in rule.deny with input as fx.model([_vpc, _subnet, _group, _table([{"cidr_block": "0.0.0.0/0", "gateway_id": "${var.gw}"}]), _assoc])
	f.unverifiable == true
}

test_vpn_gateway_passes if {
	count(rule.deny) == 0 with input as fx.model([_vpc, _subnet, _group, _table([{"cidr_block": "172.16.0.0/12", "gateway_id": "${aws_vpn_gateway.v.id}"}, {"cidr_block": "10.0.0.0/16", "gateway_id": "local"}]), _assoc])
}

test_foreign_route_table_unverifiable if {
	a := fx.with_refs(fx.resource("aws_route_table_association.a", {"route_table_id": "rtb-0123"}), {"subnet_id": ["aws_subnet.data"]})
	some f in rule.deny with input as fx.model([_vpc, _subnet, _group, a])
	f.unverifiable == true
	contains(f.message, "\"rtb-0123\"")
}
