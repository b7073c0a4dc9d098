# METADATA
# title: The request path spans at least two Availability Zones
# description: >-
#   Removes single-AZ points of failure in the load balancer, compute and egress. Load balancers
#   (`subnets`, `subnet_mapping.subnet_id`), Auto Scaling groups (`vpc_zone_identifier`,
#   `availability_zones`), ECS services (`network_configuration.subnets`) and VPC Lambda functions
#   (`vpc_config.subnet_ids`) must use subnets in at least two distinct Availability Zones, read
#   from each aws_subnet's `availability_zone` / `availability_zone_id` (an AZ taken from
#   `data.aws_availability_zones...names[i]` counts per distinct index; a counted subnet indexed by
#   `count.index` counts once per instance). Private subnets must egress through a NAT gateway in
#   their own AZ: a subnet associated with a route table whose default route (`0.0.0.0/0`, inline
#   `route` or aws_route) goes to an aws_nat_gateway placed in another AZ fails. Subnets outside the
#   configuration or AZs known only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-BDR-014
#   severity: high
#   family: BDR
#   controls:
#     aws-fsbp: [ELB.13, AutoScaling.2, Lambda.5]
#     iso27001-2022: [A.8.14]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: pass subnets from two or more AZs (`subnets: network.publicSubnets.map(s => s.id)`) to Lb,
#     AutoscalingGroup `vpcZoneIdentifier`, EcsService `networkConfiguration.subnets` and
#     LambdaFunction `vpcConfig.subnetIds`; create one NatGateway per AZ and route each private
#     subnet's RouteTable to the NAT in its AZ. Terraform: the same attributes with subnets in distinct
#     `availability_zone`s and `nat_gateway_id` of the same-AZ aws_nat_gateway.
package crm.rules.backup_dr.multi_az_request_path

import data.crm.lib.dr
import data.crm.lib.tf

_placements := [
	["aws_lb", "subnets"],
	["aws_lb", "subnet_mapping.subnet_id"],
	["aws_alb", "subnets"],
	["aws_alb", "subnet_mapping.subnet_id"],
	["aws_autoscaling_group", "vpc_zone_identifier"],
	["aws_ecs_service", "network_configuration.subnets"],
	["aws_lambda_function", "vpc_config.subnet_ids"],
]

# Raw subnet values at a dotted path (nested blocks may be objects or lists).
_values(r, "subnets") := _list(object.get(r.values, "subnets", null))

_values(r, "vpc_zone_identifier") := _list(object.get(r.values, "vpc_zone_identifier", null))

_values(r, "subnet_mapping.subnet_id") := [v | some m in tf.blocks(object.get(r.values, "subnet_mapping", [])); v := object.get(m, "subnet_id", null)]

_values(r, "network_configuration.subnets") := [v | some n in tf.blocks(object.get(r.values, "network_configuration", [])); some v in _list(object.get(n, "subnets", null))]

_values(r, "vpc_config.subnet_ids") := [v | some n in tf.blocks(object.get(r.values, "vpc_config", [])); some v in _list(object.get(n, "subnet_ids", null))]

_list(v) := v if is_array(v)

_list(v) := [v] if is_string(v)

_list(v) := [] if {
	not is_array(v)
	not is_string(v)
}

# Placements: resource → {subnet addresses, unresolved subnet values}.
_placed contains [r.address, p] if {
	some [type, p] in _placements
	some r in tf.resources(type)
	count(_values(r, p)) > 0
}

_placed contains [r.address, "availability_zones"] if {
	some r in tf.resources("aws_autoscaling_group")
	count(_list(object.get(r.values, "availability_zones", null))) > 0
}

_subnets(r, p) := {a | some a in tf.refs(r, p); input.resources[a].type == "aws_subnet"}

# A value resolves when it is an expression naming a subnet of the configuration.
_unresolved(r, p) if {
	some v in _values(r, p)
	count({a | some a in dr.item_refs(r, p, v); input.resources[a].type == "aws_subnet"}) == 0
}

# AZ keys of one subnet: literal names/ids, data-source indices, or one per counted instance.
_az_keys(s) := {concat("", ["az:", s.values.availability_zone])} if _literal(object.get(s.values, "availability_zone", null))

_az_keys(s) := {concat("", ["id:", s.values.availability_zone_id])} if {
	not _literal(object.get(s.values, "availability_zone", null))
	_literal(object.get(s.values, "availability_zone_id", null))
}

_az_keys(s) := {concat("", ["index:", m[1]]) | some m in regex.find_all_string_submatch_n(`names\[([0-9]+)\]`, _az_expr(s), 1)} if {
	not contains(_az_expr(s), "count.index")
	regex.match(`names\[[0-9]+\]`, _az_expr(s))
}

# Two instances are enough to tell "one AZ" from "several": the range is capped, so a huge `count`
# (1e9) costs nothing, and a `count` below 1 or not whole gives no instances at all.
_az_keys(s) := {concat("#", [s.address, format_int(i, 10)]) | some i in numbers.range(1, n)} if {
	contains(_az_expr(s), "count.index")
	is_number(s.values.count)
	n := min([s.values.count, 2])
	n >= 1
	n == floor(n)
}

_az_expr(s) := v if {
	some attr in ["availability_zone", "availability_zone_id"]
	v := object.get(s.values, attr, null)
	dr.expr(v)
}

_literal(v) if {
	is_string(v)
	not dr.expr(v)
}

_known(s) if count(_az_keys(s)) > 0

_azs(r, p) := {k | some a in _subnets(r, p); some k in _az_keys(input.resources[a])} if p != "availability_zones"

_azs(r, "availability_zones") := {concat("", ["az:", z]) | some z in _list(object.get(r.values, "availability_zones", null)); _literal(z)}

_unknown(r, p) if {
	p != "availability_zones"
	_unresolved(r, p)
}

_unknown(r, p) if {
	p != "availability_zones"
	some a in _subnets(r, p)
	not _known(input.resources[a])
}

_unknown(r, "availability_zones") if {
	some z in _list(object.get(r.values, "availability_zones", null))
	dr.expr(z)
}

_shown(keys) := concat(", ", sort({trim_prefix(trim_prefix(k, "az:"), "id:") | some k in keys}))

deny contains {"resource": a, "message": msg} if {
	some [a, p] in _placed
	r := input.resources[a]
	count(_azs(r, p)) < 2
	not _unknown(r, p)
	msg := concat("", [
		"`", a, "` places `", p, "` in a single Availability Zone (", _shown(_azs(r, p)),
		"); use subnets in at least two AZs",
	])
}

deny contains {"resource": a, "message": msg, "unverifiable": true} if {
	some [a, p] in _placed
	r := input.resources[a]
	count(_azs(r, p)) < 2
	_unknown(r, p)
	msg := concat("", [
		"`", a, "` takes `", p, "` from subnets or AZs known only after apply (or outside this configuration), ",
		"so it cannot be proven that it spans two Availability Zones",
	])
}

# --- NAT egress per AZ ------------------------------------------------------------------------

_default_route(rt) := [{"value": object.get(route, "nat_gateway_id", null), "from": rt, "path": "route.nat_gateway_id"} |
	some route in tf.blocks(object.get(rt.values, "route", []))
	object.get(route, "cidr_block", "") == "0.0.0.0/0"
]

_nat_routes(rt) := array.concat(
	[x |
		some x in _default_route(rt)
		x.value != null
	],
	[{"value": object.get(r.values, "nat_gateway_id", null), "from": r, "path": "nat_gateway_id"} |
		some a in tf.bound(rt.address, "aws_route", "route_table_id")
		r := input.resources[a]
		object.get(r.values, "destination_cidr_block", "") == "0.0.0.0/0"
		object.get(r.values, "nat_gateway_id", null) != null
	],
)

_nat_azs(rt) := {[n, k] |
	some x in _nat_routes(rt)
	some n in dr.item_refs(x.from, x.path, x.value)
	input.resources[n].type == "aws_nat_gateway"
	some s in tf.refs(input.resources[n], "subnet_id")
	input.resources[s].type == "aws_subnet"
	some k in _az_keys(input.resources[s])
}

deny contains {"resource": rt.address, "message": msg} if {
	some assoc in tf.resources("aws_route_table_association")
	some rt_address in tf.refs(assoc, "route_table_id")
	rt := input.resources[rt_address]
	some s in tf.refs(assoc, "subnet_id")
	input.resources[s].type == "aws_subnet"
	own := _az_keys(input.resources[s])
	count(own) == 1
	some [nat, k] in _nat_azs(rt)
	not k in own
	startswith(k, "az:")
	msg := concat("", [
		"`", rt.address, "` sends the default route of `", s, "` (", _shown(own), ") to `", nat, "` in ", _shown({k}),
		", so losing that AZ cuts this subnet's egress; give each AZ its own aws_nat_gateway and route table",
	])
}
