package crm.rules.backup_dr.multi_az_request_path_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.multi_az_request_path as rule

_subnet(name, az) := fx.resource(concat(".", ["aws_subnet", name]), {"availability_zone": az})

_a := _subnet("a", "eu-west-1a")

_b := _subnet("b", "eu-west-1b")

_lb(subnets) := fx.with_refs(
	fx.resource("aws_lb.web", {"subnets": [concat("", ["${", s, ".id}"]) | some s in subnets]}),
	{"subnets": subnets},
)

test_two_azs_pass if {
	count(rule.deny) == 0 with input as fx.model([_a, _b, _lb(["aws_subnet.a", "aws_subnet.b"])])
}

test_single_az_fails if {
	a2 := _subnet("a2", "eu-west-1a")
	some f in rule.deny with input as fx.model([_a, a2, _lb(["aws_subnet.a", "aws_subnet.a2"])])
	f.resource == "aws_lb.web"
	contains(f.message, "single Availability Zone (eu-west-1a)")
}

test_subnet_mapping_checked if {
	lb := fx.with_refs(fx.resource("aws_lb.nlb", {"subnet_mapping": [{"subnet_id": "${aws_subnet.a.id}"}]}), {"subnet_mapping.subnet_id": ["aws_subnet.a"]})
	count(rule.deny) == 1 with input as fx.model([_a, lb])
}

test_az_ids_count if {
	s1 := fx.resource("aws_subnet.a", {"availability_zone_id": "euw1-az1"})
	s2 := fx.resource("aws_subnet.b", {"availability_zone_id": "euw1-az2"})
	count(rule.deny) == 0 with input as fx.model([s1, s2, _lb(["aws_subnet.a", "aws_subnet.b"])])
}

test_data_source_indices_count_as_distinct if {
	s1 := fx.with_unknown(fx.resource("aws_subnet.a", {"availability_zone": "${data.aws_availability_zones.azs.names[0]}"}), ["availability_zone"])
	s2 := fx.with_unknown(fx.resource("aws_subnet.b", {"availability_zone": "${data.aws_availability_zones.azs.names[1]}"}), ["availability_zone"])
	count(rule.deny) == 0 with input as fx.model([s1, s2, _lb(["aws_subnet.a", "aws_subnet.b"])])
}

test_counted_subnet_counts_per_instance if {
	s := fx.resource("aws_subnet.private", {"count": 2, "availability_zone": "${data.aws_availability_zones.azs.names[count.index]}"})
	svc := fx.with_refs(fx.resource("aws_ecs_service.api", {"network_configuration": {"subnets": "${aws_subnet.private[*].id}"}}), {"network_configuration.subnets": ["aws_subnet.private"]})
	count(rule.deny) == 0 with input as fx.model([s, svc])
}

test_unknown_az_unverifiable if {
	s1 := fx.resource("aws_subnet.a", {"availability_zone": "${var.az}"})
	some f in rule.deny with input as fx.model([s1, _lb(["aws_subnet.a"])])
	f.unverifiable == true
}

test_external_subnets_unverifiable if {
	lb := fx.resource("aws_lb.web", {"subnets": ["subnet-0abc", "${var.subnet}"]})
	some f in rule.deny with input as fx.model([lb])
	f.unverifiable == true
}

test_lambda_single_subnet_fails if {
	fn := fx.with_refs(fx.resource("aws_lambda_function.f", {"vpc_config": {"subnet_ids": ["${aws_subnet.a.id}"]}}), {"vpc_config.subnet_ids": ["aws_subnet.a"]})
	count(rule.deny) == 1 with input as fx.model([_a, fn])
}

test_asg_literal_azs if {
	one := fx.resource("aws_autoscaling_group.web", {"availability_zones": ["eu-west-1a"]})
	two := fx.resource("aws_autoscaling_group.api", {"availability_zones": ["eu-west-1a", "eu-west-1b"]})
	fs := rule.deny with input as fx.model([one, two])
	count(fs) == 1
	some f in fs
	f.resource == "aws_autoscaling_group.web"
}

test_asg_unknown_azs_unverifiable if {
	asg := fx.resource("aws_autoscaling_group.web", {"availability_zones": "${var.azs}"})
	some f in rule.deny with input as fx.model([asg])
	f.unverifiable == true
}

test_unplaced_resources_ignored if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_lambda_function.f", {}), fx.resource("aws_ecs_service.s", {})])
}

_nat(az_subnet) := fx.with_refs(fx.resource("aws_nat_gateway.n", {"subnet_id": concat("", ["${", az_subnet, ".id}"])}), {"subnet_id": [az_subnet]})

_rt(nat) := fx.with_refs(
	fx.resource("aws_route_table.private_b", {"route": [{"cidr_block": "0.0.0.0/0", "nat_gateway_id": concat("", ["${", nat, ".id}"])}]}),
	{"route.nat_gateway_id": [nat]},
)

_assoc := fx.with_refs(fx.resource("aws_route_table_association.b", {}), {"route_table_id": ["aws_route_table.private_b"], "subnet_id": ["aws_subnet.b"]})

test_cross_az_nat_fails if {
	some f in rule.deny with input as fx.model([_a, _b, _nat("aws_subnet.a"), _rt("aws_nat_gateway.n"), _assoc])
	f.resource == "aws_route_table.private_b"
	contains(f.message, "(eu-west-1b) to `aws_nat_gateway.n` in eu-west-1a")
}

test_same_az_nat_passes if {
	count(rule.deny) == 0 with input as fx.model([_a, _b, _nat("aws_subnet.b"), _rt("aws_nat_gateway.n"), _assoc])
}

test_split_route_cross_az_fails if {
	rt := fx.resource("aws_route_table.private_b", {})
	route := fx.with_refs(
		fx.resource("aws_route.default_b", {"route_table_id": "${aws_route_table.private_b.id}", "destination_cidr_block": "0.0.0.0/0", "nat_gateway_id": "${aws_nat_gateway.n.id}"}),
		{"route_table_id": ["aws_route_table.private_b"], "nat_gateway_id": ["aws_nat_gateway.n"]},
	)
	count(rule.deny) == 1 with input as fx.model([_a, _b, _nat("aws_subnet.a"), rt, route, _assoc])
}

test_huge_count_is_cheap_and_counts_as_several if {
	s := fx.resource("aws_subnet.private", {"count": 1000000000, "availability_zone": "${data.aws_availability_zones.azs.names[count.index]}"})
	svc := fx.with_refs(fx.resource("aws_ecs_service.api", {"network_configuration": {"subnets": "${aws_subnet.private[*].id}"}}), {"network_configuration.subnets": ["aws_subnet.private"]})
	count(rule.deny) == 0 with input as fx.model([s, svc])
}

test_zero_or_fractional_count_gives_no_instances if {
	every n in [0, 1.5] {
		s := fx.resource("aws_subnet.private", {"count": n, "availability_zone": "${data.aws_availability_zones.azs.names[count.index]}"})
		svc := fx.with_refs(fx.resource("aws_ecs_service.api", {"network_configuration": {"subnets": "${aws_subnet.private[*].id}"}}), {"network_configuration.subnets": ["aws_subnet.private"]})
		count(rule.deny) == 1 with input as fx.model([s, svc])
	}
}
