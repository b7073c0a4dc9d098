# METADATA
# title: Network helpers
# description: >-
#   Security-group rules from all three sources (inline ingress/egress blocks on aws_security_group and
#   aws_default_security_group, aws_security_group_rule, aws_vpc_security_group_ingress_rule /
#   _egress_rule) normalized into one shape, with port coverage, internet CIDRs, VPC CIDRs and the
#   data tier of baseline §1.3. Used by the NET rules; every lookup goes through the model's indexes.
# scope: package
package crm.lib.net

import data.crm.lib.tf

# Address space that is not reachable from the public internet (RFC 6890 special-purpose registries:
# private, shared, loopback, link-local, documentation, benchmarking, multicast, reserved, ULA).
_reserved_v4 := [
	"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
	"192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
	"203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
]

_reserved_v6 := ["::/128", "::1/128", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "ff00::/8"]

_family(c) := "ipv6" if contains(c, ":")

_family(c) := "ipv4" if not contains(c, ":")

_reserved(c) := _reserved_v6 if _family(c) == "ipv6"

_reserved(c) := _reserved_v4 if _family(c) == "ipv4"

_host_bits := {"ipv4": 32, "ipv6": 128}

# A bare address (no "/len") is a single host.
_prefix_len(c) := to_number(parts[1]) if {
	parts := split(c, "/")
	count(parts) == 2
	regex.match(`^[0-9]{1,3}$`, parts[1])
}

_prefix_len(c) := _host_bits[_family(c)] if not contains(c, "/")

_inside_reserved(c) if {
	some block in _reserved(c)
	net.cidr_contains(block, c)
}

# METADATA
# title: CIDR reaches public address space
# description: >-
#   True for a literal IPv4/IPv6 range that is not wholly inside private or reserved space and is
#   larger than the configured size (`public_cidr_prefix`, default /24 for IPv4 and IPv6: a range
#   with a shorter prefix than that). So 0.0.0.0/0, ::/0, 0.0.0.0/1, 128.0.0.0/1 and 8.0.0.0/7 are
#   the internet; 10.0.0.0/8 is not; a public /32 office address is not (allowing single public
#   addresses for admin access is a separate, documented decision). A range whose prefix length cannot
#   be read is treated as public (fail closed); expressions are handled by `unknown_cidrs`.
public(c) if {
	is_string(c)
	not expr(c)
	not _inside_reserved(c)
	_larger_than_configured(c)
}

_larger_than_configured(c) if _prefix_len(c) < object.get(data.config, ["public_cidr_prefix", _family(c)], 24)

_larger_than_configured(c) if not _prefix_len(c)

# METADATA
# title: Value is an expression
# description: True for a string holding a Terraform expression (known only after apply).
expr(v) if {
	is_string(v)
	contains(v, "${")
}

# METADATA
# title: Value as a list
# description: A list value as is, a single string (often an expression standing for a list) as a one-item list, anything else as empty.
list(v) := v if is_array(v)

list(v) := [v] if is_string(v)

list(v) := [] if {
	not is_array(v)
	not is_string(v)
}

_number(v) := v if is_number(v)

_number(v) := to_number(v) if _numeric(v)

_number(v) := null if {
	not is_number(v)
	not _numeric(v)
}

_numeric(v) if {
	is_string(v)
	regex.match(`^-?[0-9]+$`, v)
}

_protocol(p) := lower(p) if is_string(p)

_protocol(p) := format_int(p, 10) if is_number(p)

_protocol(p) := null if {
	not is_string(p)
	not is_number(p)
}

_nonempty(vs) if {
	some v in vs
	some x in list(v)
	x != ""
} else := false

_unknown_any(vs) if {
	some v in vs
	expr(v)
} else := false

_shape(resource, form, direction, sgs, raw, cidrs, sources) := {
	"resource": resource,
	"form": form,
	"direction": direction,
	"sgs": sgs,
	"protocol": _protocol(raw.protocol),
	"from": _number(raw.from),
	"to": _number(raw.to),
	"raw": raw,
	"cidrs": [c | some v in cidrs; some c in list(v); c != null],
	"sg_source": _nonempty(sources),
	"ports_unknown": _unknown_any([raw.protocol, raw.from, raw.to]),
}

_sg_types := {"aws_security_group", "aws_default_security_group"}

_sg_targets(r) := [a |
	some a in tf.refs(r, "security_group_id")
	input.resources[a].type in _sg_types
]

# METADATA
# title: Security-group rules
# description: >-
#   Every ingress and egress rule in the configuration, one normalized entry per inline block or
#   split rule resource: resource (where the rule is written), form (inline | rule), direction, sgs
#   (the bound security groups), protocol, from, to, raw, cidrs, sg_source, ports_unknown; form
#   "expression" for a direction written as one expression known only after apply.
rules := array.concat(
	# A list, not a set: a set would hash every entry (raw values, CIDRs) on insert and iteration;
	# two identical entries can only give identical findings, which the deny sets merge.
	array.concat(
		[e |
			some type in _sg_types
			some sg in tf.resources(type)
			some direction in ["ingress", "egress"]
			some b in _inline(sg.values, direction)
			raw := {"protocol": object.get(b, "protocol", null), "from": object.get(b, "from_port", null), "to": object.get(b, "to_port", null)}
			cidrs := [object.get(b, "cidr_blocks", []), object.get(b, "ipv6_cidr_blocks", [])]
			sources := [object.get(b, "security_groups", []), object.get(b, "prefix_list_ids", []), _self(b)]
			e := _shape(sg.address, _inline_form(b), direction, [sg.address], raw, cidrs, sources)
		],
		[e |
			some r in tf.resources("aws_security_group_rule")
			raw := {"protocol": object.get(r.values, "protocol", null), "from": object.get(r.values, "from_port", null), "to": object.get(r.values, "to_port", null)}
			cidrs := [object.get(r.values, "cidr_blocks", []), object.get(r.values, "ipv6_cidr_blocks", [])]
			sources := [object.get(r.values, "source_security_group_id", []), object.get(r.values, "prefix_list_ids", []), _self(r.values)]
			e := _shape(r.address, "rule", object.get(r.values, "type", "ingress"), _sg_targets(r), raw, cidrs, sources)
		],
	),
	[e |
		some type, direction in _split_types
		some r in tf.resources(type)
		raw := {"protocol": object.get(r.values, "ip_protocol", null), "from": object.get(r.values, "from_port", null), "to": object.get(r.values, "to_port", null)}
		cidrs := [object.get(r.values, "cidr_ipv4", []), object.get(r.values, "cidr_ipv6", [])]
		sources := [object.get(r.values, "referenced_security_group_id", []), object.get(r.values, "prefix_list_id", [])]
		e := _shape(r.address, "rule", direction, _sg_targets(r), raw, cidrs, sources)
	],
)

_split_types := {"aws_vpc_security_group_ingress_rule": "ingress", "aws_vpc_security_group_egress_rule": "egress"}

_inline(values, direction) := tf.blocks(v) if {
	v := object.get(values, direction, [])
	not expr(v)
}

# A direction written as one expression known only after apply (another group's rules read from a
# data source, a `for` over values known later): one entry whose protocol, ports and source CIDR
# are that expression, so every rule reads it as unknown, never as "no rules".
_inline(values, direction) := [{"protocol": v, "from_port": v, "to_port": v, "cidr_blocks": [v], "expression": v}] if {
	v := object.get(values, direction, [])
	expr(v)
}

_inline_form(b) := "expression" if b.expression

_inline_form(b) := "inline" if not b.expression

_self(b) := ["self"] if b.self == true

_self(b) := [] if not b.self == true

# METADATA
# title: Rule applies to every protocol and port
# description: Protocol "-1" / "all" covers every port.
all_ports(e) if e.protocol in {"-1", "all"}

_port_protocols := {"tcp", "udp", "6", "17"}

# METADATA
# title: Rule covers a port
# description: True when the rule admits traffic to port p (all protocols, or TCP/UDP with from_port <= p <= to_port).
covers(e, _) if all_ports(e)

covers(e, p) if {
	e.protocol in _port_protocols
	is_number(e.from)
	is_number(e.to)
	e.from <= p
	p <= e.to
}

# METADATA
# title: Ports a rule covers among a list
# description: The ports of `ports` the rule covers, sorted.
covered(e, ports) := sort([p | some p in ports; covers(e, p)])

# METADATA
# title: Rule covers the whole port range
# description: All protocols, or TCP/UDP over 0-65535.
full_range(e) if all_ports(e)

full_range(e) if {
	e.protocol in _port_protocols
	is_number(e.from)
	is_number(e.to)
	e.from <= 0
	e.to >= 65535
}

# METADATA
# title: Internet CIDRs of a rule
# description: The rule's CIDRs that reach public address space (see `public`).
internet_cidrs(e) := sort([c | some c in e.cidrs; public(c)])

# METADATA
# title: Unknown CIDRs of a rule
# description: >-
#   CIDRs given by an expression that is not a VPC or subnet CIDR reference (a VPC's own CIDR can
#   never be the internet, so those resolve; anything else cannot be proven before apply).
unknown_cidrs(e) := sort([c | some c in e.cidrs; expr(c); not vpc_internal(c)])

# METADATA
# title: CIDR is a reference to a VPC or subnet CIDR
# description: "`${aws_vpc.x.cidr_block}`, `${aws_subnet.x.cidr_block}` and their IPv6 / data-source forms."
vpc_internal(c) if regex.match(`^\$\{(data\.)?aws_(default_)?(vpc|subnet)\.[A-Za-z0-9_-]+\.(ipv6_)?cidr_block\}$`, c)

# METADATA
# title: Rule description for messages
# description: Where the rule is written, e.g. "`aws_security_group.web` has an inline `ingress` block".
describe(e) := concat("", ["`", e.resource, "` has an inline `", e.direction, "` block"]) if e.form == "inline"

describe(e) := concat("", ["`", e.resource, "` takes its `", e.direction, "` rules from `", e.raw.protocol, "`, known only after apply"]) if {
	e.form == "expression"
}

describe(e) := concat("", ["`", e.resource, "` is an ", e.direction, " rule"]) if e.form == "rule"

# METADATA
# title: Port range for messages
# description: Protocol and port range as written.
ports_text(e) := "all traffic (protocol \"-1\")" if all_ports(e)

ports_text(e) := concat("", ["protocol ", json.marshal(e.raw.protocol), " ports ", json.marshal(e.raw.from), "-", json.marshal(e.raw.to)]) if {
	not all_ports(e)
	e.form != "expression"
}

ports_text(e) := "protocols and ports known only after apply" if e.form == "expression"

_data_sg_refs := [
	["aws_db_instance", "vpc_security_group_ids"],
	["aws_rds_cluster", "vpc_security_group_ids"],
	["aws_elasticache_replication_group", "security_group_ids"],
	["aws_elasticache_cluster", "security_group_ids"],
	["aws_efs_mount_target", "security_groups"],
	["aws_lambda_function", "vpc_config.security_group_ids"],
	["aws_ecs_service", "network_configuration.security_groups"],
]

# METADATA
# title: Security group is data tier
# description: >-
#   The group is attached to a database, cache, EFS mount target, Lambda function or ECS service
#   (baseline §1.3), found through the referrers index.
data_tier_sg(address) if {
	some p in _data_sg_refs
	count(tf.bound(address, p[0], p[1])) > 0
}

_data_subnet_refs := [
	["aws_db_subnet_group", "subnet_ids"],
	["aws_elasticache_subnet_group", "subnet_ids"],
	["aws_efs_mount_target", "subnet_id"],
	["aws_lambda_function", "vpc_config.subnet_ids"],
	["aws_ecs_service", "network_configuration.subnets"],
]

# METADATA
# title: Subnet is data tier
# description: >-
#   The subnet hosts a DB / cache subnet group, an EFS mount target, a Lambda function or an ECS
#   service, or is tagged Tier = data | app | private (baseline §1.3).
data_tier_subnet(s) if {
	lower(s.values.tags.Tier) in {"data", "app", "private"}
} else if {
	# The tag is read first: it spares the referrer lookups of most subnets.
	some p in _data_subnet_refs
	count(tf.bound(s.address, p[0], p[1])) > 0
}

# METADATA
# title: VPCs an attribute references
# description: Addresses of aws_vpc / aws_default_vpc resources the attribute references.
vpcs(r, attr) := [a |
	some a in tf.refs(r, attr)
	input.resources[a].type in {"aws_vpc", "aws_default_vpc"}
]

# METADATA
# title: Known CIDRs of a VPC
# description: The VPC's literal primary and secondary (aws_vpc_ipv4_cidr_block_association) CIDRs.
vpc_cidrs(vpc) := array.concat(
	[c | some attr in ["cidr_block", "ipv6_cidr_block"]; c := input.resources[vpc].values[attr]; is_string(c); not expr(c)],
	[c |
		some a in tf.bound(vpc, "aws_vpc_ipv4_cidr_block_association", "vpc_id")
		c := input.resources[a].values.cidr_block
		is_string(c)
		not expr(c)
	],
)

# METADATA
# title: CIDR lies inside a VPC
# description: True when a known CIDR of the VPC contains the CIDR.
inside_vpc(c, vpc) if {
	some block in vpc_cidrs(vpc)
	net.cidr_contains(block, c)
}

# METADATA
# title: CIDR range contains another
# description: "True when `block` contains the whole of `cidr` (both literal; rules importing this package shadow the `net.` built-ins)."
range_contains(block, cidr) if net.cidr_contains(block, cidr)
