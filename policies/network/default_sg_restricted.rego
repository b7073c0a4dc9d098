# METADATA
# title: Every VPC's default security group restricts all traffic
# description: >-
#   Resources launched without an explicit security group land in the VPC's default group, which
#   AWS creates allowing intra-group traffic and all egress. Every aws_vpc / aws_default_vpc must
#   have an aws_default_security_group bound to it (`vpc_id`; for the default VPC also an unbound
#   one) with no `ingress` and no `egress` blocks, and no split rule (aws_security_group_rule,
#   aws_vpc_security_group_ingress_rule / _egress_rule) may target a default group. A missing
#   default group cannot be proven restricted; rule lists known only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-NET-005
#   severity: high
#   family: NET
#   controls:
#     aws-fsbp: [EC2.2]
#     cis-aws-3.0: ["5.4"]
#     iso27001-2022: [A.8.20, A.8.22]
#   remediation: >-
#     CDKTF: for each Vpc add `new DefaultSecurityGroup(this, "default-sg", { vpcId: vpc.id })`
#     with no `ingress`/`egress` (Terraform then strips AWS's default rules). Terraform:
#     `resource "aws_default_security_group" "default" { vpc_id = aws_vpc.main.id }` without
#     ingress/egress blocks, and no rule resources pointing at it.
package crm.rules.network.default_sg_restricted

import data.crm.lib.tf

_unbound_defaults := [sg.address |
	some sg in tf.resources("aws_default_security_group")
	not sg.values.vpc_id
]

_managed(vpc) if count(tf.bound(vpc.address, "aws_default_security_group", "vpc_id")) > 0

_managed(vpc) if {
	vpc.type == "aws_default_vpc"
	count(_unbound_defaults) > 0
}

# Keyed by address: a set of whole resources would hash every value of every VPC.
_vpcs[vpc.address] := vpc if {
	some type in ["aws_vpc", "aws_default_vpc"]
	some vpc in tf.resources(type)
}

deny contains tf.finding(vpc, msg) if {
	some vpc in _vpcs
	not _managed(vpc)
	msg := concat("", [
		"`", vpc.address, "` has no aws_default_security_group bound to it, so its default security group keeps",
		" AWS's allow-intra-group and allow-all-egress rules; add one with `vpc_id` set and no ingress/egress blocks",
	])
}

deny contains tf.finding(sg, msg) if {
	some sg in tf.resources("aws_default_security_group")
	some direction in ["ingress", "egress"]
	not tf.unknown(sg, direction)
	count(tf.blocks(object.get(sg.values, direction, []))) > 0
	msg := concat("", [
		"`", sg.address, "` is a default security group with `", direction, "` rules ",
		tf.show(sg.values[direction]), "; remove them so the default group admits and sends nothing",
	])
}

deny contains tf.unverifiable(sg, direction, "the default security group has no rules") if {
	some sg in tf.resources("aws_default_security_group")
	some direction in ["ingress", "egress"]
	tf.unknown(sg, direction)
	not is_array(sg.values[direction])
}

deny contains tf.finding(input.resources[a], msg) if {
	some sg in tf.resources("aws_default_security_group")
	some type in ["aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]
	some a in tf.bound(sg.address, type, "security_group_id")
	msg := concat("", [
		"`", a, "` adds a rule to default security group `", sg.address,
		"` through `security_group_id`; delete it and attach an explicit security group instead",
	])
}
