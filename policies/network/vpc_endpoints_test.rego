package crm.rules.network.vpc_endpoints_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.vpc_endpoints as rule

_vpc := fx.resource("aws_vpc.main", {"cidr_block": "10.0.0.0/16"})

_subnet := fx.with_refs(fx.resource("aws_subnet.data", {"vpc_id": "${aws_vpc.main.id}"}), {"vpc_id": ["aws_vpc.main"]})

_group := fx.with_refs(fx.resource("aws_db_subnet_group.g", {}), {"subnet_ids": ["aws_subnet.data"]})

_table := fx.resource("aws_route_table.data", {})

_assoc := fx.with_refs(fx.resource("aws_route_table_association.data", {}), {"subnet_id": ["aws_subnet.data"], "route_table_id": ["aws_route_table.data"]})

_ep(name, svc, values, refs) := fx.with_refs(
	fx.resource(concat(".", ["aws_vpc_endpoint", name]), object.union({"vpc_id": "${aws_vpc.main.id}", "service_name": concat(".", ["com.amazonaws.eu-west-1", svc])}, values)),
	object.union({"vpc_id": ["aws_vpc.main"]}, refs),
)

_s3 := _ep("s3", "s3", {"vpc_endpoint_type": "Gateway"}, {"route_table_ids": ["aws_route_table.data"]})

_kms := _ep("kms", "kms", {"vpc_endpoint_type": "Interface", "private_dns_enabled": true}, {"security_group_ids": ["aws_security_group.ep"]})

_sm := _ep("sm", "secretsmanager", {"vpc_endpoint_type": "Interface", "private_dns_enabled": true}, {})

_sg(cidr, port) := fx.resource("aws_security_group.ep", {"ingress": [{"protocol": "tcp", "from_port": port, "to_port": port, "cidr_blocks": [cidr]}]})

_base := [_vpc, _subnet, _group, _table, _assoc]

test_all_endpoints_pass if {
	count(rule.deny) == 0 with input as fx.model(array.concat(_base, [_s3, _kms, _sm, _sg("10.0.0.0/16", 443)]))
}

test_vpc_without_data_tier_ignored if {
	count(rule.deny) == 0 with input as fx.model([_vpc, _subnet])
}

test_missing_kms_endpoint_fails if {
	some f in rule.deny with input as fx.model(array.concat(_base, [_s3, _sm]))
	f.resource == "aws_vpc.main"
	contains(f.message, "no aws_vpc_endpoint for `com.amazonaws.eu-west-1.kms`")
}

test_all_missing_three_findings if {
	count(rule.deny) == 3 with input as fx.model(_base)
}

test_wrong_region_does_not_count if {
	kms := _ep("kms", "kms", {"vpc_endpoint_type": "Interface", "private_dns_enabled": true, "service_name": "com.amazonaws.eu-central-1.kms"}, {})
	some f in rule.deny with input as fx.model(array.concat(_base, [_s3, kms, _sm]))
	contains(f.message, "com.amazonaws.eu-west-1.kms")
}

test_region_expression_resolves if {
	kms := _ep("kms", "kms", {"vpc_endpoint_type": "Interface", "private_dns_enabled": true, "service_name": "com.amazonaws.${data.aws_region.current.region}.kms"}, {})
	count(rule.deny) == 0 with input as fx.model(array.concat(_base, [_s3, kms, _sm]))
}

test_unknown_service_name_unverifiable if {
	x := _ep("x", "x", {"service_name": "${var.service}"}, {})
	some f in rule.deny with input as fx.model(array.concat(_base, [_s3, _sm, x]))
	f.unverifiable == true
}

test_interface_without_private_dns_fails if {
	kms := _ep("kms", "kms", {"vpc_endpoint_type": "Interface"}, {})
	some f in rule.deny with input as fx.model(array.concat(_base, [_s3, kms, _sm]))
	f.resource == "aws_vpc_endpoint.kms"
	contains(f.message, "`private_dns_enabled` absent")
}

test_s3_gateway_missing_data_table_fails if {
	s3 := _ep("s3", "s3", {}, {"route_table_ids": ["aws_route_table.public"]})
	some f in rule.deny with input as fx.model(array.concat(_base, [s3, _kms, _sm]))
	contains(f.message, "[\"aws_route_table.data\"]")
}

test_s3_gateway_association_resource_passes if {
	s3 := _ep("s3", "s3", {}, {})
	a := fx.with_refs(fx.resource("aws_vpc_endpoint_route_table_association.a", {}), {"vpc_endpoint_id": ["aws_vpc_endpoint.s3"], "route_table_id": ["aws_route_table.data"]})
	count(rule.deny) == 0 with input as fx.model(array.concat(_base, [s3, a, _kms, _sm]))
}

test_s3_gateway_without_tables_fails if {
	s3 := _ep("s3", "s3", {}, {})
	some f in rule.deny with input as fx.model([_vpc, _subnet, _group, s3, _kms, _sm])
	contains(f.message, "no `route_table_ids`")
}

test_s3_interface_passes if {
	s3 := _ep("s3", "s3", {"vpc_endpoint_type": "Interface"}, {})
	count(rule.deny) == 0 with input as fx.model(array.concat(_base, [s3, _kms, _sm]))
}

test_endpoint_group_open_to_internet_fails if {
	some f in rule.deny with input as fx.model(array.concat(_base, [_s3, _kms, _sm, _sg("0.0.0.0/0", 443)]))
	f.resource == "aws_security_group.ep"
	contains(f.message, "endpoint groups may admit only 443 from the VPC CIDR")
}

test_endpoint_group_other_port_fails if {
	count(rule.deny) == 1 with input as fx.model(array.concat(_base, [_s3, _kms, _sm, _sg("10.0.1.0/24", 80)]))
}

test_unknown_vpc_region_accepts_any_region if {
	vpc := object.union(_vpc, {"region": null})
	kms := _ep("kms", "kms", {"vpc_endpoint_type": "Interface", "private_dns_enabled": true, "service_name": "com.amazonaws.eu-central-1.kms"}, {})
	count(rule.deny) == 0 with input as fx.model([vpc, _subnet, _group, _table, _assoc, _s3, kms, _sm])
}

test_unknown_vpc_region_message if {
	vpc := object.union(_vpc, {"region": null})
	some f in rule.deny with input as fx.model([vpc, _subnet, _group, _table, _assoc, _s3, _sm])
	contains(f.message, "com.amazonaws.<region>.kms")
}

test_endpoint_without_service_name_unverifiable if {
	x := fx.with_refs(fx.resource("aws_vpc_endpoint.x", {"vpc_id": "${aws_vpc.main.id}"}), {"vpc_id": ["aws_vpc.main"]})
	fs := rule.deny with input as fx.model(array.concat(_base, [_s3, _sm, x]))
	count(fs) == 1
	some f in fs
	f.unverifiable == true
}
