# METADATA
# title: Normalized-model helpers
# description: >-
#   Lookups over crm-guard's normalized model (resources, by_type, referrers, by_provider) and
#   finding constructors shared by every rule. Rules call these instead of reading input deep.
# scope: package
package crm.lib.tf

# METADATA
# title: Customer-managed KMS key types
# description: >-
#   Resource types that are a customer-managed KMS key: generated or imported (external) key
#   material, primary or multi-Region replica.
kms_key_types := {"aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key", "aws_kms_replica_external_key"}

# METADATA
# title: Resources of a type
# description: The resource objects of one type, through the by_type index (never a scan).
resources(type) := [input.resources[a] | some a in object.get(input.by_type, type, [])]

# METADATA
# title: Resource by address
# description: The resource at an address, or undefined.
resource(address) := input.resources[address]

# METADATA
# title: Nested blocks as a list
# description: Nested blocks arrive as a list or (CDKTF, max-one blocks) as a single object; accept both.
blocks(v) := v if is_array(v)

blocks(v) := [v] if is_object(v)

blocks(v) := [] if {
	not is_array(v)
	not is_object(v)
}

# METADATA
# title: Attribute is unknown before apply
# description: True when the attribute path holds an expression whose value is only known after apply.
unknown(r, path) if r.unknown[path]

# METADATA
# title: Attribute value with a default
# description: The attribute's value, or the given default when the attribute is absent.
value(r, attr, default_value) := object.get(r.values, attr, default_value)

# METADATA
# title: References from an attribute
# description: Addresses referenced from an attribute path (empty when none).
refs(r, path) := object.get(r.refs, path, [])

# METADATA
# title: Value names a referenced resource
# description: >-
#   True when the expression `v` names the resource at address `a` (one of the attribute's refs):
#   as `<type>.<name>` for a resource of this stack, or, for a resource of another stack of the same
#   CDKTF app, as one of this stack's remote-state reads that resolve to it (`cross_stack_reads`).
mentions(v, a) if {
	r := input.resources[a]
	n := concat(".", [r.type, r.name])
	some suffix in _mention_ends
	contains(v, concat("", [n, suffix]))
}

mentions(v, a) if a in remote_targets(v)

# METADATA
# title: Resources a value names through remote state
# description: >-
#   In a joined CDKTF app: the addresses (own, or `<stack>:<address>` of another stack of the app)
#   that the cross-stack remote-state reads in `v` resolve to (`cross_stack_reads`); empty otherwise.
remote_targets(v) := {a |
	some a, reads in object.get(input, "cross_stack_reads", {})
	some read in reads
	some suffix in _mention_ends
	contains(v, concat("", [read, suffix]))
}

_mention_ends := [".", "}", "[", ")", ","]

# METADATA
# title: Referrers of a type
# description: Addresses of resources of `type` that reference `address`, through the referrers index.
referrers(address, type) := object.get(input.referrers, [address, type], [])

# METADATA
# title: Referrers through one attribute
# description: Resources of `type` whose attribute `attr` references `address` (e.g. the public access blocks bound to a bucket).
bound(address, type, attr) := [a |
	some a in referrers(address, type)
	address in refs(input.resources[a], attr)
]

# METADATA
# title: Companions with an unresolvable target
# description: >-
#   Resources of `type` whose `attr` (the attribute naming their parent, e.g. a public access
#   block's `bucket`) holds an expression known only after apply that names no resource of this
#   configuration and binds to none: they may belong to any parent, so a parent without a bound
#   companion is unverifiable, never "absent".
unresolved(type, attr) := [a |
	some a in object.get(input.by_type, type, [])
	r := input.resources[a]
	unknown(r, attr)
	count(refs(r, attr)) == 0
]

# METADATA
# title: Key attribute names a customer-managed KMS key
# description: >-
#   True when `attr` references an aws_kms_key / aws_kms_replica_key (directly or through an
#   aws_kms_alias that targets one) or is a literal key ARN. Absent or alias/aws/* means an AWS-managed key.
cmk(r, attr) if {
	some a in refs(r, attr)
	_cmk_address(a)
}

cmk(r, attr) if literal_cmk(r.values[attr])

# METADATA
# title: Literal names a customer-managed KMS key
# description: >-
#   A key ARN, a key id (`1234abcd-...` or a multi-Region `mrk-...`), or an alias (name or ARN)
#   outside `alias/aws/`: literal ways to name a customer-managed key, known before apply.
literal_cmk(v) if regex.match(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+`, v)

literal_cmk(v) if regex.match(`^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$`, v)

literal_cmk(v) if {
	regex.match(`^(arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:)?alias/[A-Za-z0-9/_-]+$`, v)
	not regex.match(`(^|:)alias/aws/`, v)
}

_cmk_address(a) if input.resources[a].type in {"aws_kms_key", "aws_kms_replica_key"}

_cmk_address(a) if {
	input.resources[a].type == "aws_kms_alias"
	some k in refs(input.resources[a], "target_key_id")
	input.resources[k].type in {"aws_kms_key", "aws_kms_replica_key"}
}

# METADATA
# title: Value as text
# description: A compact JSON rendering of a value for messages (absent values render as "absent").
show(v) := json.marshal(v)

# METADATA
# title: Attribute rendering for messages
# description: "`attr = value` for a present attribute, or `attr` absent."
shown(r, attr) := concat("", ["`", attr, " = ", json.marshal(r.values[attr]), "`"])

shown(r, attr) := concat("", ["`", attr, "` absent"]) if not attr in object.keys(r.values)

# METADATA
# title: Finding
# description: A finding on a resource with a specific, actionable message.
finding(r, message) := {"resource": r.address, "message": message}

# METADATA
# title: Unverifiable finding
# description: >-
#   The control depends on a value only known after apply: reported (severity kept) rather than
#   passed by accident, and marked unverifiable so reports can say so.
unverifiable(r, attr, need) := {
	"resource": r.address,
	"message": concat("", [
		"`", r.address, "` sets `", attr, "` from an expression known only after apply (",
		json.marshal(r.values[attr]), "), so it cannot be proven that ", need,
	]),
	"unverifiable": true,
}
