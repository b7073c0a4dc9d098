# METADATA
# title: Unrestricted ingress only on authorised ports, only on internet-facing load balancer SGs
# description: >-
#   Anything else listening to the internet bypasses the WAF and TLS termination in front of the
#   CRM. An ingress rule from 0.0.0.0/0 or ::/0 (any of the three rule sources) must cover only
#   ports in `authorized_public_ports` (default 80, 443; protocol "-1" always fails) and must belong
#   to a security group attached to an internet-facing load balancer (aws_lb / aws_alb / aws_elb with
#   `internal` false or absent). A rule whose CIDR, ports, group or load balancer scheme is known
#   only after apply is unverifiable (fail closed).
# scope: package
# custom:
#   id: CRM-NET-003
#   severity: high
#   family: NET
#   controls:
#     aws-fsbp: [EC2.18]
#     iso27001-2022: ["A.8.20?", "A.8.22?"]
#   remediation: >-
#     CDKTF: keep internet ingress only on the public load balancer's SecurityGroup, for ports 80/443
#     (`ingress: [{ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }]`), and
#     let every other group admit the load balancer's group by id. Terraform: `cidr_blocks =
#     ["0.0.0.0/0"]` only with `from_port = to_port = 443` (or 80) on a group listed in
#     `aws_lb.security_groups` of an `internal = false` load balancer.
package crm.rules.network.sg_internet_ingress

import data.crm.lib.net
import data.crm.lib.tf

_open contains e if {
	some e in net.rules
	e.direction == "ingress"
	count(net.internet_cidrs(e)) > 0
}

_authorized_ports := {p | some p in data.config.authorized_public_ports}

_authorized(e) if {
	e.protocol in {"tcp", "udp", "6", "17"}
	is_number(e.from)
	is_number(e.to)
	e.to - e.from < count(_authorized_ports)
	every p in numbers.range(e.from, e.to) {
		p in _authorized_ports
	}
}

_prefix(e) := concat("", [net.describe(e), " admitting ", concat(", ", net.internet_cidrs(e)), " on ", net.ports_text(e)])

deny contains {"resource": e.resource, "message": msg} if {
	some e in _open
	not e.ports_unknown
	not _authorized(e)
	msg := concat("", [
		_prefix(e), "; the internet may reach only authorized_public_ports ",
		json.marshal(sort(_authorized_ports)), ", so narrow `from_port`/`to_port` to one of them or remove the internet source",
	])
}

deny contains {"resource": e.resource, "message": msg, "unverifiable": true} if {
	some e in _open
	e.ports_unknown
	msg := concat("", [
		_prefix(e), " whose ports are known only after apply, so it cannot be proven that only",
		" authorized_public_ports are open to the internet; use literal ports",
	])
}

_lbs(sg) := [lb |
	some type in ["aws_lb", "aws_alb", "aws_elb"]
	some a in tf.bound(sg, type, "security_groups")
	lb := input.resources[a]
]

_internet_lb_sg(sg) if {
	some lb in _lbs(sg)
	not tf.unknown(lb, "internal")
	tf.value(lb, "internal", false) != true
}

_unknown_lb_sg(sg) if {
	some lb in _lbs(sg)
	tf.unknown(lb, "internal")
}

deny contains {"resource": e.resource, "message": msg} if {
	some e in _open
	some sg in e.sgs
	not _internet_lb_sg(sg)
	not _unknown_lb_sg(sg)
	msg := concat("", [
		_prefix(e), ", but `", sg, "` is not the security group of an internet-facing load balancer;",
		" put the service behind the public ALB and admit the ALB's group instead",
	])
}

deny contains {"resource": e.resource, "message": msg, "unverifiable": true} if {
	some e in _open
	some sg in e.sgs
	not _internet_lb_sg(sg)
	_unknown_lb_sg(sg)
	msg := concat("", [
		_prefix(e), " on `", sg, "`, whose load balancer sets `internal` from an expression known only",
		" after apply, so it cannot be proven that the group fronts an internet-facing load balancer",
	])
}

deny contains {"resource": e.resource, "message": msg, "unverifiable": true} if {
	some e in _open
	count(e.sgs) == 0
	msg := concat("", [
		_prefix(e), " on a security group outside this configuration (", tf.show(object.get(input.resources[e.resource].values, "security_group_id", null)),
		"), so it cannot be proven that the group fronts an internet-facing load balancer",
	])
}

deny contains {"resource": e.resource, "message": msg, "unverifiable": true} if {
	some e in net.rules
	e.direction == "ingress"
	count(net.internet_cidrs(e)) == 0
	count(net.unknown_cidrs(e)) > 0
	msg := concat("", [
		net.describe(e), " on ", net.ports_text(e), " with source CIDR(s) ", json.marshal(net.unknown_cidrs(e)),
		" known only after apply, so it cannot be proven that the rule does not admit the internet;",
		" use literal CIDRs or security-group sources",
	])
}
