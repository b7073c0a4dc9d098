# METADATA
# title: Data-tier security groups have no unrestricted egress
# description: >-
#   Limits exfiltration and command-and-control from a compromised database, cache or application
#   host. An egress rule of a data-tier security group (attached to RDS, Aurora, ElastiCache, EFS,
#   Lambda or ECS) must not send all traffic (protocol "-1", or TCP/UDP over 0-65535) to 0.0.0.0/0 or
#   ::/0; keep egress to VPC CIDRs, security-group references or VPC-endpoint prefix lists.
#   Terraform removes AWS's default allow-all egress when it creates a security group, so absent
#   egress means none. Destinations or ports known only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-NET-004
#   severity: medium
#   family: NET
#   controls:
#     iso27001-2022: ["A.8.20?", "A.8.22?"]
#   remediation: >-
#     CDKTF: on the data-tier SecurityGroup replace `egress: [{ protocol: "-1", cidrBlocks:
#     ["0.0.0.0/0"] }]` with specific rules (e.g. 443 to the VPC CIDR for interface endpoints, or a
#     VpcSecurityGroupEgressRule with `prefixListId` of the S3 gateway endpoint). Terraform: no
#     `egress { protocol = "-1", cidr_blocks = ["0.0.0.0/0"] }` and no `aws_security_group_rule` /
#     `aws_vpc_security_group_egress_rule` with all ports to the internet on these groups.
package crm.rules.network.data_tier_egress

import data.crm.lib.net

# A list, not a set: a set would hash every [rule, group] pair on insert.
_data_egress := [[e, sg] |
	some e in net.rules
	e.direction == "egress"
	some sg in e.sgs
	net.data_tier_sg(sg)
]

deny contains {"resource": e.resource, "message": msg} if {
	some [e, sg] in _data_egress
	count(net.internet_cidrs(e)) > 0
	net.full_range(e)
	msg := concat("", [
		net.describe(e), " sending ", net.ports_text(e), " to ", concat(", ", net.internet_cidrs(e)),
		" from data-tier group `", sg, "`; restrict egress to VPC CIDRs, security groups or VPC-endpoint prefix lists",
	])
}

deny contains {"resource": e.resource, "message": msg, "unverifiable": true} if {
	some [e, sg] in _data_egress
	count(net.internet_cidrs(e)) > 0
	e.ports_unknown
	msg := concat("", [
		net.describe(e), " to ", concat(", ", net.internet_cidrs(e)), " from data-tier group `", sg,
		"` with ports known only after apply, so it cannot be proven that egress is restricted; use literal ports",
	])
}

deny contains {"resource": e.resource, "message": msg, "unverifiable": true} if {
	some [e, sg] in _data_egress
	count(net.internet_cidrs(e)) == 0
	count(net.unknown_cidrs(e)) > 0
	_may_be_full(e)
	msg := concat("", [
		net.describe(e), " sending ", net.ports_text(e), " from data-tier group `", sg, "` to CIDR(s) ",
		json.marshal(net.unknown_cidrs(e)), " known only after apply, so it cannot be proven that egress does",
		" not reach the internet; use literal CIDRs, security groups or prefix lists",
	])
}

_may_be_full(e) if net.full_range(e)

_may_be_full(e) if e.ports_unknown
