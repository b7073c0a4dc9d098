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

# [data subnet, its route table associations, its VPCs], computed once per subnet (wasm memoizes
# rules, never function calls).
_data_subnets := [[s, _associations(s), net.vpcs(s, "vpc_id")] |
	some s in tf.resources("aws_subnet")
	net.data_tier_subnet(s)
]

_associations(s) := tf.bound(s.address, "aws_route_table_association", "subnet_id")

_tables_of(a) := [t | some t in tf.refs(input.resources[a], "route_table_id"); input.resources[t].type in _table_types]

# A subnet without an explicit association is served by its VPC's main table: its routes are
# read once per VPC.
_unassociated_vpcs contains v if {
	some [_, [], vpcs] in _data_subnets
	some v in vpcs
}

_main_tables(v) := array.concat(
	[t | some m in tf.bound(v, "aws_main_route_table_association", "vpc_id"); some t in _tables_of(m)],
	tf.bound(v, "aws_default_route_table", "default_route_table_id"),
)

# aws_route resources written against the VPC's implicit main table (`main_route_table_id`) come last.
_main_routes[v] := array.concat(
	[r | some t in _main_tables(v); some r in _routes(t)],
	[_split_route(input.resources[r]) | some r in tf.bound(v, "aws_route", "route_table_id")],
) if {
	some v in _unassociated_vpcs
}

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

# Tables serving a subnet: its explicit associations, else the VPC's main table.
_subnet_routes(assoc, vpcs) := [r | some a in assoc; some t in _tables_of(a); some r in _routes(t)] if {
	count(assoc) > 0
} else := [r | some v in vpcs; some r in _main_routes[v]]

# [data subnet, route, gateway kind] for every route whose gateway kind is known.
_classified := [[s, r, k] |
	some [s, assoc, vpcs] in _data_subnets
	some r in _subnet_routes(assoc, vpcs)
	k := _kind(r.gateway)
]

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
	some [s, r, "igw"] in _classified
	msg := concat("", [
		"`", s.address, "` is a data-tier subnet, but `", r.via, "` routes ", tf.show(r.dest), " to internet gateway ",
		tf.show(r.gateway), "; associate the subnet with a private route table (NAT or no default route)",
	])
}

deny contains {"resource": s.address, "message": msg, "unverifiable": true} if {
	some [s, r, "unknown"] in _classified
	msg := concat("", [
		"`", s.address, "` is a data-tier subnet and `", r.via, "` routes ", tf.show(r.dest), " to gateway ",
		tf.show(r.gateway), ", which is known only after apply, so it cannot be proven not to be an internet gateway",
	])
}

deny contains {"resource": s.address, "message": msg, "unverifiable": true} if {
	some [s, assoc, _] in _data_subnets
	some a in assoc
	count(_tables_of(a)) == 0
	msg := concat("", [
		"`", s.address, "` is a data-tier subnet associated by `", a, "` with route table ",
		tf.show(object.get(input.resources[a].values, "route_table_id", null)),
		", which is not in this configuration, so it cannot be proven that it has no internet-gateway route",
	])
}
