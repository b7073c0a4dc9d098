# METADATA
# title: Network ACLs do not admit the internet to admin ports
# description: >-
#   The subnet-level second layer behind CRM-NET-001. For every aws_network_acl and
#   aws_default_network_acl, the ingress entries (inline `ingress` blocks and bound
#   aws_network_acl_rule resources with `egress` false) are evaluated as AWS does: by ascending rule
#   number. An `allow` entry whose source reaches public address space (any range not wholly inside
#   private/reserved space and larger than `public_cidr_prefix`, e.g. 0.0.0.0/1 as well as 0.0.0.0/0)
#   and which covers an admin port (`admin_ports`, default 22 and 3389) fails unless one
#   lower-numbered `deny` entry for that port covers its whole source range. An entry with a value known only
#   after apply is unverifiable, and so is a VPC whose default network ACL (which allows all inbound)
#   is neither managed nor replaced by custom ACLs on all of its subnets.
# scope: package
# custom:
#   id: CRM-NET-006
#   severity: medium
#   family: NET
#   controls:
#     aws-fsbp: [EC2.21]
#     cis-aws-3.0: ["5.1"]
#     iso27001-2022: [A.8.20, A.8.22]
#   remediation: >-
#     CDKTF: give the NetworkAcl (or DefaultNetworkAcl) a low-numbered `deny` entry for ports 22 and
#     3389 from 0.0.0.0/0 and ::/0 ahead of any broad allow, and manage each VPC's DefaultNetworkAcl.
#     Terraform: `ingress { rule_no = 50, action = "deny", protocol = "tcp", cidr_block = "0.0.0.0/0",
#     from_port = 22, to_port = 22 }` (or `aws_network_acl_rule` with `rule_action = "deny"`), and an
#     `aws_default_network_acl` with `default_network_acl_id = aws_vpc.<name>.default_network_acl_id`.
package crm.rules.network.nacl_admin_ports

import data.crm.lib.net
import data.crm.lib.tf

# A list, not a set: a set would hash every ACL resource on insert.
_acls := [acl |
	some type in ["aws_network_acl", "aws_default_network_acl"]
	some acl in tf.resources(type)
]

_protocol(p) := lower(p) if is_string(p)

_protocol(p) := format_int(p, 10) if is_number(p)

_entry(resource, acl, number, action, protocol, v4, v6, from, to) := {
	"resource": resource,
	"acl": acl,
	"number": number,
	"action": action,
	"protocol": _protocol(protocol),
	"cidrs": [c | some c in [v4, v6]; is_string(c)],
	"from": from,
	"to": to,
	"unknown": _any_expr([number, action, protocol, v4, v6, from, to]),
}

_any_expr(vs) if {
	some v in vs
	net.expr(v)
} else := false

_inline(acl) := [_entry(
	acl.address, acl.address, object.get(b, "rule_no", null), object.get(b, "action", null), object.get(b, "protocol", null),
	object.get(b, "cidr_block", null), object.get(b, "ipv6_cidr_block", null), object.get(b, "from_port", null), object.get(b, "to_port", null),
) |
	some b in tf.blocks(object.get(acl.values, "ingress", []))
]

_split(acl) := [_entry(
	a, acl.address, object.get(v, "rule_number", null), object.get(v, "rule_action", null), object.get(v, "protocol", null),
	object.get(v, "cidr_block", null), object.get(v, "ipv6_cidr_block", null), object.get(v, "from_port", null), object.get(v, "to_port", null),
) |
	some a in tf.bound(acl.address, "aws_network_acl_rule", "network_acl_id")
	v := input.resources[a].values
	not v.egress == true
]

# The ingress entries of one ACL, inline and split, looked up per ACL (no scan over all rules).
_entries_of(acl) := array.concat(_inline(acl), _split(acl))

_covers(e, _) if e.protocol in {"-1", "all"}

_covers(e, p) if {
	e.protocol in {"tcp", "6"}
	is_number(e.from)
	is_number(e.to)
	e.from <= p
	p <= e.to
}

# A lower-numbered deny entry of the ACL that covers the port and the whole range decides first for
# every address of the range, so the allow entry is never reached for it.
_shadowed(acl, e, cidr, p) if {
	some d in _entries_of(acl)
	not d.unknown
	is_number(d.number)
	d.number < e.number
	lower(d.action) == "deny"
	_covers(d, p)
	some block in d.cidrs
	net.range_contains(block, cidr)
}

deny contains {"resource": e.resource, "message": msg} if {
	some acl in _acls
	some e in _entries_of(acl)
	not e.unknown
	is_number(e.number)
	lower(e.action) == "allow"
	some cidr in e.cidrs
	net.public(cidr)
	some p in data.config.admin_ports
	_covers(e, p)
	not _shadowed(acl, e, cidr, p)
	msg := concat("", [
		"`", e.resource, "` ingress rule ", json.marshal(e.number), " allows ", cidr, " to admin port ", format_int(p, 10),
		" (protocol ", json.marshal(e.protocol), "); the range reaches public address space and no lower-numbered deny rule of `",
		acl.address, "` covers it; add a lower-numbered deny rule for the port from 0.0.0.0/0 and ::/0 or narrow the source",
	])
}

deny contains {"resource": e.resource, "message": msg, "unverifiable": true} if {
	some acl in _acls
	some e in _entries_of(acl)
	e.unknown
	msg := concat("", [
		"`", e.resource, "` has an ingress rule of `", e.acl, "` with values known only after apply (",
		json.marshal(object.remove(e, ["resource", "acl", "unknown"])), "), so it cannot be proven that admin ports ",
		json.marshal(data.config.admin_ports), " are denied from the internet; use literal values",
	])
}

# Subnets that use the VPC's default ACL unless a custom ACL is associated with them.
# The subnets bound to a custom ACL, found once from the few ACLs and associations (tf.bound seen
# from the other side) instead of two referrer lookups per subnet.
_acl_subnets := {s |
	some type, attr in {"aws_network_acl": "subnet_ids", "aws_network_acl_association": "subnet_id"}
	some r in tf.resources(type)
	some s in tf.refs(r, attr)
	r.address in tf.referrers(s, type)
}

_custom_acl(subnet) if subnet in _acl_subnets

deny contains {"resource": vpc.address, "message": msg, "unverifiable": true} if {
	some vpc in tf.resources("aws_vpc")
	count(tf.bound(vpc.address, "aws_default_network_acl", "default_network_acl_id")) == 0
	uncovered := [s | some s in tf.bound(vpc.address, "aws_subnet", "vpc_id"); not _custom_acl(s)]
	count(uncovered) > 0
	msg := concat("", [
		"`", vpc.address, "` does not manage its default network ACL (which allows all inbound traffic) and subnets ",
		json.marshal(uncovered), " use it, so it cannot be proven that admin ports are denied; add an",
		" aws_default_network_acl for the VPC or associate those subnets with a custom aws_network_acl",
	])
}
