# METADATA
# title: VPC endpoints keep S3, KMS and Secrets Manager traffic private
# description: >-
#   Removes the NAT/internet dependency for the most sensitive API calls of the CRM. Every VPC that
#   hosts data-tier subnets needs aws_vpc_endpoint resources (bound by `vpc_id`) for
#   `com.amazonaws.<region>.s3` (a Gateway endpoint whose `route_table_ids` or
#   aws_vpc_endpoint_route_table_association cover the route tables of the data-tier subnets, or an
#   Interface endpoint), `com.amazonaws.<region>.kms` and `com.amazonaws.<region>.secretsmanager`
#   (Interface, `private_dns_enabled = true`), where <region> is the VPC's region (an expression
#   such as `${data.aws_region.current.region}` resolves to it). Security groups of those interface
#   endpoints may admit only port 443 from inside the VPC. When a required endpoint is missing but an
#   endpoint's service name is known only after apply, the finding is unverifiable.
# scope: package
# custom:
#   id: CRM-NET-012
#   severity: medium
#   family: NET
#   controls:
#     iso27001-2022: [A.8.20, A.8.21]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: add VpcEndpoint constructs on the data VPC: `serviceName:
#     "com.amazonaws.<region>.s3"`, `vpcEndpointType: "Gateway"`, `routeTableIds: [private tables]`;
#     and for kms and secretsmanager `vpcEndpointType: "Interface"`, `privateDnsEnabled: true`,
#     `subnetIds`, `securityGroupIds` (443 from the VPC CIDR). Terraform: `aws_vpc_endpoint` with
#     `service_name`, `vpc_endpoint_type`, `route_table_ids` / `private_dns_enabled = true`.
package crm.rules.network.vpc_endpoints

import data.crm.lib.net
import data.crm.lib.tf

_required := ["s3", "kms", "secretsmanager"]

# The addresses of the VPC's data-tier subnets (tf.bound, each subnet looked up once).
_data_subnets(vpc) := [a |
	some a in tf.referrers(vpc.address, "aws_subnet")
	s := input.resources[a]
	vpc.address in tf.refs(s, "vpc_id")
	net.data_tier_subnet(s)
]

_endpoints(vpc) := [input.resources[a] | some a in tf.bound(vpc.address, "aws_vpc_endpoint", "vpc_id")]

# Each VPC hosting data-tier subnets, with what every check reads of it, computed once per VPC
# (wasm memoizes rules, never function calls): [vpc, data subnets, [endpoint, service or null],
# required services it reaches no endpoint for, some endpoint's service unknown]. The rule
# `_required` is read once, not once per VPC.
_data_vpcs := [[vpc, subnets, served, missing, _maybe(endpoints)] |
	required := _required
	some vpc in tf.resources("aws_vpc")
	subnets := _data_subnets(vpc)
	count(subnets) > 0
	endpoints := _endpoints(vpc)
	served := [[ep, _service_or_null(ep, vpc)] | some ep in endpoints]
	reached := {svc | some [_, svc] in served}
	missing := [svc | some svc in required; not svc in reached]
]

_service_or_null(ep, vpc) := svc if {
	svc := _service(ep, vpc)
} else := null

# The service an endpoint reaches in the VPC's region ("s3", "kms", ...), undefined otherwise.
_service(ep, vpc) := svc if {
	some svc in _required
	name := ep.values.service_name
	startswith(name, "com.amazonaws.")
	endswith(name, concat("", [".", svc]))
	region := trim_suffix(trim_prefix(name, "com.amazonaws."), concat("", [".", svc]))
	_same_region(region, vpc)
}

_same_region(region, vpc) if region == vpc.region

_same_region(region, _) if net.expr(region)

_same_region(_, vpc) if not is_string(vpc.region)

_region_text(vpc) := vpc.region if is_string(vpc.region)

_region_text(vpc) := "<region>" if not is_string(vpc.region)

_type(ep) := object.get(ep.values, "vpc_endpoint_type", "Gateway")

_private_interface(ep) if {
	_type(ep) == "Interface"
	ep.values.private_dns_enabled == true
}

_unknown_service(ep) if net.expr(ep.values.service_name)

_unknown_service(ep) if not is_string(object.get(ep.values, "service_name", null))

deny contains tf.finding(vpc, msg) if {
	some [vpc, _, _, missing, false] in _data_vpcs
	some svc in missing
	msg := concat("", [
		"`", vpc.address, "` hosts data-tier subnets but has no aws_vpc_endpoint for `com.amazonaws.",
		_region_text(vpc), ".", svc, "`; add one so ", svc, " calls stay on the AWS network",
	])
}

deny contains {"resource": vpc.address, "message": msg, "unverifiable": true} if {
	some [vpc, _, _, missing, true] in _data_vpcs
	some svc in missing
	msg := concat("", [
		"`", vpc.address, "` hosts data-tier subnets and has no endpoint provably for ", svc,
		"; some endpoint's `service_name` is known only after apply, so it cannot be proven that ", svc, " traffic stays private",
	])
}

_maybe(endpoints) if {
	some ep in endpoints
	_unknown_service(ep)
} else := false

deny contains tf.finding(ep, msg) if {
	some [_, _, served, _, _] in _data_vpcs
	some [ep, svc] in served
	svc in {"kms", "secretsmanager"}
	not _private_interface(ep)
	msg := concat("", [
		"`", ep.address, "` (", ep.values.service_name, ") has `vpc_endpoint_type = ", tf.show(_type(ep)), "` and ",
		tf.shown(ep, "private_dns_enabled"), "; use an Interface endpoint with `private_dns_enabled = true` so SDK calls resolve to it",
	])
}

# S3 gateway endpoints must serve the route tables of the data-tier subnets.
_data_tables(subnets) := {t |
	some s in subnets
	some a in tf.bound(s, "aws_route_table_association", "subnet_id")
	some t in tf.refs(input.resources[a], "route_table_id")
}

_served(ep) := {t | some t in tf.refs(ep, "route_table_ids")} | {t |
	some a in tf.referrers(ep.address, "aws_vpc_endpoint_route_table_association")
	some t in tf.refs(input.resources[a], "route_table_id")
}

# [vpc, S3 gateway endpoint, data-tier route tables].
_s3_gateways := [[vpc, ep, _data_tables(subnets)] |
	some [vpc, subnets, served, _, _] in _data_vpcs
	some [ep, "s3"] in served
	_type(ep) == "Gateway"
]

deny contains tf.finding(ep, msg) if {
	some [vpc, ep, tables] in _s3_gateways
	missing := tables - _served(ep)
	count(missing) > 0
	msg := concat("", [
		"`", ep.address, "` is the S3 gateway endpoint of `", vpc.address, "` but does not serve data-tier route table(s) ",
		json.marshal(sort(missing)), "; add them to `route_table_ids`",
	])
}

deny contains tf.finding(ep, msg) if {
	some [_, ep, tables] in _s3_gateways
	count(tables) == 0
	count(_served(ep)) == 0
	not tf.unknown(ep, "route_table_ids")
	msg := concat("", ["`", ep.address, "` is an S3 gateway endpoint with no `route_table_ids`, so no subnet routes through it; add the data-tier route tables"])
}

# Interface endpoint security groups: 443 from inside the VPC only.
_endpoint_vpc(sg) := [[ep, vpc] |
	some a in tf.bound(sg, "aws_vpc_endpoint", "security_group_ids")
	ep := input.resources[a]
	some v in net.vpcs(ep, "vpc_id")
	vpc := input.resources[v]
	_service(ep, vpc) in {"kms", "secretsmanager", "s3"}
]

_https_only(e) if {
	e.protocol in {"tcp", "6"}
	e.from == 443
	e.to == 443
}

# Only endpoints bind a group here: without any, the security-group rules need not be read.
_any_endpoint if count(object.get(input.by_type, "aws_vpc_endpoint", [])) > 0

deny contains {"resource": e.resource, "message": msg} if {
	_any_endpoint
	some e in net.rules
	e.direction == "ingress"
	literal := [c | some c in e.cidrs; not net.expr(c)]
	count(literal) > 0
	some sg in e.sgs
	some [ep, vpc] in _endpoint_vpc(sg)
	some c in literal
	_outside(e, c, vpc)
	msg := concat("", [
		net.describe(e), " admitting ", c, " on ", net.ports_text(e), " to endpoint `", ep.address,
		"`'s group `", sg, "`; endpoint groups may admit only 443 from the VPC CIDR",
	])
}

_outside(_, c, vpc) if {
	count(net.vpc_cidrs(vpc.address)) > 0
	not net.inside_vpc(c, vpc.address)
}

_outside(e, _, _) if not _https_only(e)
