# METADATA
# title: Data-tier subnets have no route to an internet gateway
# description: >-
#   Segmentation: the data tier must not be routable from or to the internet. For every data-tier
#   subnet, the route tables that serve it (its aws_route_table_association, else the VPC's main
#   table through aws_main_route_table_association / aws_default_route_table / aws_route on
#   `main_route_table_id`) must hold no route (inline `route` block or aws_route) whose `gateway_id`
#   is an internet gateway (a reference to aws_internet_gateway / aws_egress_only_internet_gateway
#   or an `igw-` literal). NAT-gateway routes are allowed. A gateway or route table known only after
#   apply is unverifiable.
# scope: package
# custom:
#   id: CRM-NET-008
#   severity: high
#   family: NET
#   controls:
#     iso27001-2022: ["A.8.22?"]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: associate data/app Subnets with a private RouteTable (RouteTableAssociation) whose
#     default route, if any, goes to a NatGateway (`natGatewayId`), never `gatewayId:
#     internetGateway.id`. Terraform: `aws_route_table_association { subnet_id = aws_subnet.data.id,
#     route_table_id = aws_route_table.private.id }` with routes using `nat_gateway_id`, not
#     `gateway_id = aws_internet_gateway.<name>.id`.
package crm.rules.network.data_subnet_igw_route

import data.crm.lib.net
import data.crm.lib.tf

_table_types := {"aws_route_table", "aws_default_route_table"}

_data_subnets[s.address] := s if {
	some s in tf.resources("aws_subnet")
	net.data_tier_subnet(s)
}

_associations(s) := tf.bound(s.address, "aws_route_table_association", "subnet_id")

_tables_of(a) := [t | some t in tf.refs(input.resources[a], "route_table_id"); input.resources[t].type in _table_types]

# Tables serving a subnet: its explicit associations, else the VPC's main table.
_tables(s) := [t | some a in _associations(s); some t in _tables_of(a)] if count(_associations(s)) > 0

_tables(s) := array.concat(
	[t |
		some v in net.vpcs(s, "vpc_id")
		some m in tf.bound(v, "aws_main_route_table_association", "vpc_id")
		some t in _tables_of(m)
	],
	[t | some v in net.vpcs(s, "vpc_id"); some t in tf.bound(v, "aws_default_route_table", "default_route_table_id")],
) if count(_associations(s)) == 0

# aws_route resources written against the VPC's implicit main table (`main_route_table_id`).
_main_routes(s) := [_split_route(input.resources[r]) |
	count(_associations(s)) == 0
	some v in net.vpcs(s, "vpc_id")
	some r in tf.bound(v, "aws_route", "route_table_id")
]

_split_route(r) := {
	"via": r.address,
	"gateway": object.get(r.values, "gateway_id", null),
	"dest": object.get(r.values, "destination_cidr_block", object.get(r.values, "destination_ipv6_cidr_block", null)),
}

_routes(t) := array.concat(
	[{"via": t, "gateway": object.get(b, "gateway_id", null), "dest": object.get(b, "cidr_block", object.get(b, "ipv6_cidr_block", null))} |
		some b in tf.blocks(object.get(input.resources[t].values, "route", []))
	],
	[_split_route(input.resources[r]) | some r in tf.bound(t, "aws_route", "route_table_id")],
)

_subnet_routes(s) := array.concat([r | some t in _tables(s); some r in _routes(t)], _main_routes(s))

# Each data subnet's routes, computed once (wasm does not memoize function calls).
_routes_of[a] := _subnet_routes(s) if some a, s in _data_subnets

_kind(g) := "igw" if {
	is_string(g)
	startswith(g, "igw-")
}

_kind(g) := "igw" if {
	net.expr(g)
	regex.match(`aws_(egress_only_)?internet_gateway\.`, g)
}

_kind(g) := "other" if {
	net.expr(g)
	not regex.match(`aws_(egress_only_)?internet_gateway\.`, g)
	regex.match(`\$\{(data\.)?aws_[a-z0-9_]+\.`, g)
}

_kind(g) := "unknown" if {
	net.expr(g)
	not regex.match(`\$\{(data\.)?aws_[a-z0-9_]+\.`, g)
}

deny contains tf.finding(s, msg) if {
	some s in _data_subnets
	some r in _routes_of[s.address]
	_kind(r.gateway) == "igw"
	msg := concat("", [
		"`", s.address, "` is a data-tier subnet, but `", r.via, "` routes ", tf.show(r.dest), " to internet gateway ",
		tf.show(r.gateway), "; associate the subnet with a private route table (NAT or no default route)",
	])
}

deny contains {"resource": s.address, "message": msg, "unverifiable": true} if {
	some s in _data_subnets
	some r in _routes_of[s.address]
	_kind(r.gateway) == "unknown"
	msg := concat("", [
		"`", s.address, "` is a data-tier subnet and `", r.via, "` routes ", tf.show(r.dest), " to gateway ",
		tf.show(r.gateway), ", which is known only after apply, so it cannot be proven not to be an internet gateway",
	])
}

deny contains {"resource": s.address, "message": msg, "unverifiable": true} if {
	some s in _data_subnets
	some a in _associations(s)
	count(_tables_of(a)) == 0
	msg := concat("", [
		"`", s.address, "` is a data-tier subnet associated by `", a, "` with route table ",
		tf.show(object.get(input.resources[a].values, "route_table_id", null)),
		", which is not in this configuration, so it cannot be proven that it has no internet-gateway route",
	])
}
