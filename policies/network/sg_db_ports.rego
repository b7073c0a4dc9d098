# METADATA
# title: No security group admits the internet to database or cache ports; data-tier SGs admit only SG sources
# description: >-
#   A reachable database port turns one leaked credential into a full PII dump. No ingress rule (any
#   of the three rule sources) may admit 0.0.0.0/0 or ::/0 to a port in `db_ports`. Security groups
#   of the data tier (attached to RDS, Aurora, ElastiCache, EFS mount targets, Lambda or ECS) must
#   admit only security-group / prefix-list sources or CIDRs inside their VPC's CIDR blocks. An
#   internet rule whose CIDR or ports are known only after apply is unverifiable (fail closed); a
#   data-tier CIDR that cannot be compared because the VPC CIDR is unknown is unverifiable too.
# scope: package
# custom:
#   id: CRM-NET-002
#   severity: critical
#   family: NET
#   controls:
#     aws-fsbp: [EC2.19]
#     iso27001-2022: [A.8.20, A.8.22]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: in the database/cache SecurityGroup admit the application tier by group
#     (`securityGroups: [appSg.id]` in an `ingress` entry, or a VpcSecurityGroupIngressRule with
#     `referencedSecurityGroupId: appSg.id`), never a CIDR outside the VPC. Terraform: use
#     `security_groups` / `source_security_group_id` / `referenced_security_group_id` instead of
#     `cidr_blocks = ["0.0.0.0/0"]` on 5432/3306/6379/...; CIDRs only within `aws_vpc.cidr_block`.
package crm.rules.network.sg_db_ports

import data.crm.lib.net

_ingress := [e | some e in net.rules; e.direction == "ingress"]

_db_ports(e) := net.covered(e, data.config.db_ports)

_may_cover_db(_, ports) if count(ports) > 0

_may_cover_db(e, _) if e.ports_unknown

# Every check below needs a CIDR source. What they read of a rule is computed once per rule
# (wasm memoizes rules, never function calls): [rule, internet CIDRs, unknown CIDRs, DB ports].
_sourced := [[e, net.internet_cidrs(e), net.unknown_cidrs(e), _db_ports(e)] |
	some e in _ingress
	count(e.cidrs) > 0
]

deny contains {"resource": e.resource, "message": msg} if {
	some [e, internet, _, ports] in _sourced
	count(internet) > 0
	count(ports) > 0
	msg := concat("", [
		net.describe(e), " admitting ", concat(", ", internet), " on ", net.ports_text(e),
		", which exposes database/cache port(s) ", json.marshal(ports), " to the internet;",
		" admit only the application tier's security group",
	])
}

deny contains {"resource": e.resource, "message": msg, "unverifiable": true} if {
	some [e, internet, _, ports] in _sourced
	count(internet) > 0
	count(ports) == 0
	e.ports_unknown
	msg := concat("", [
		net.describe(e), " admitting ", concat(", ", internet), " on ", net.ports_text(e),
		" whose ports are known only after apply, so it cannot be proven that database/cache ports stay",
		" closed to the internet; use literal ports",
	])
}

deny contains {"resource": e.resource, "message": msg, "unverifiable": true} if {
	some [e, internet, unknown, ports] in _sourced
	count(internet) == 0
	count(unknown) > 0
	_may_cover_db(e, ports)
	msg := concat("", [
		net.describe(e), " on ", net.ports_text(e), " with source CIDR(s) ", json.marshal(unknown),
		" known only after apply, so it cannot be proven that database/cache ports are closed to the",
		" internet; use security-group sources",
	])
}

# Data tier: every CIDR source must lie inside the group's VPC.
_data_tier_sgs contains sg if {
	some [e, _, _, _] in _sourced
	some sg in e.sgs
	net.data_tier_sg(sg)
}

# [rule, internet CIDRs, unknown CIDRs, DB ports, data-tier group, its VPC CIDRs, literal sources].
_tiered := [[e, internet, unknown, ports, sg, _vpc_cidrs(sg), _literal_sources(e, ports)] |
	some [e, internet, unknown, ports] in _sourced
	some sg in e.sgs
	_data_tier_sgs[sg]
]

_vpc_cidrs(sg) := [c |
	some v in net.vpcs(input.resources[sg], "vpc_id")
	some c in net.vpc_cidrs(v)
]

_inside(c, sg) if {
	some v in net.vpcs(input.resources[sg], "vpc_id")
	net.inside_vpc(c, v)
}

# Literal CIDRs of a data-tier rule that the internet check above has not already reported.
_literal_sources(e, ports) := [c |
	some c in e.cidrs
	not net.expr(c)
	not _reported_internet(e, ports, c)
]

_reported_internet(e, ports, c) if {
	net.public(c)
	_may_cover_db(e, ports)
}

deny contains {"resource": e.resource, "message": msg} if {
	some [e, _, _, _, sg, vpc, literal] in _tiered
	count(vpc) > 0
	some c in literal
	not _inside(c, sg)
	msg := concat("", [
		net.describe(e), " admitting ", c, " into data-tier group `", sg, "`, outside its VPC CIDR(s) ",
		json.marshal(vpc), "; admit only security-group sources or VPC CIDRs",
	])
}

deny contains {"resource": e.resource, "message": msg} if {
	some [e, _, _, _, sg, [], literal] in _tiered
	some c in literal
	net.public(c)
	msg := concat("", [
		net.describe(e), " admitting ", c, " into data-tier group `", sg,
		"`; admit only security-group sources or VPC CIDRs",
	])
}

deny contains {"resource": e.resource, "message": msg, "unverifiable": true} if {
	some [e, _, _, _, sg, [], literal] in _tiered
	some c in literal
	not net.public(c)
	msg := concat("", [
		net.describe(e), " admitting ", c, " into data-tier group `", sg, "`, whose VPC CIDR is not known",
		" before apply, so it cannot be proven that the source lies inside the VPC; admit security-group",
		" sources instead",
	])
}

deny contains {"resource": e.resource, "message": msg, "unverifiable": true} if {
	some [e, internet, unknown, ports, sg, _, _] in _tiered
	count(internet) == 0
	count(unknown) > 0
	not _may_cover_db(e, ports)
	msg := concat("", [
		net.describe(e), " admitting CIDR(s) ", json.marshal(unknown), " into data-tier group `", sg,
		"` that are known only after apply, so it cannot be proven they lie inside the VPC; admit",
		" security-group sources instead",
	])
}
