# METADATA
# title: IAM policy documents
# description: >-
#   Normalizes every way a policy document reaches the model (IAM, KMS key, S3 bucket, SQS/SNS,
#   Secrets Manager, ECR, Backup vault, role trust policies, ...) into one list of statements, so
#   rules test statements and never parse JSON themselves.
#
#   A policy attribute may hold
#     1. a JSON string (possibly with `${...}` tokens inside string values: still valid JSON; but
#        when a statement's Effect, a principal or a condition value is an expression that may be
#        anything, e.g. `${var.principal}`, the document is not known),
#     2. `${data.aws_iam_policy_document.X.json}` (or `.minified_json`): the data source's
#        `statement` blocks are read, plus its `source_policy_documents` /
#        `override_policy_documents` (one level; later sources win by `sid`, as in the provider),
#     3. anything else with `${...}` (`jsonencode(...)`, a variable, a file(...)): not verifiable.
#
#   Usage:
#     doc := iam.document(r, "policy")          # top-level attribute
#     doc := iam.document_at(r, "inline_policy.policy", block.policy)   # nested value + its ref path
#     doc.present     false when the attribute is absent (and not unknown)
#     doc.known       true when the statements below are the whole document
#     doc.statements  [{sid, effect, actions, not_actions, resources, not_resources,
#                       principals: [{type, identifiers}], not_principals, conditions:
#                       [{test, variable, key (lower-cased variable), values (strings)}]}]
#     doc.source      where the statements came from (the attribute, or the data source address)
#     doc.reason      why the document is not known (only when known is false)
#   JSON `"Principal": "*"` becomes [{type: "*", identifiers: ["*"]}], the data-source form of the
#   same thing. Action/Resource/Principal values and condition values accept a string or a list;
#   condition booleans and numbers become strings ("false", "1").
# scope: package
package crm.lib.iam

import data.crm.lib.jsondoc
import data.crm.lib.tf

# --- documents --------------------------------------------------------------------------------

# METADATA
# title: Policy document of a top-level attribute
# description: The normalized document held by attribute `attr` of resource `r` (see the package description).
document(r, attr) := document_at(r, attr, object.get(r.values, attr, null))

# One chain, tried in order (the cases exclude each other): each test runs at most once per call,
# which matters in wasm, where a function call is never memoized.
# METADATA
# title: Policy document of a value
# description: >-
#   The normalized document for value `v` found at ref path `path` of resource `r` (use it for
#   nested blocks, e.g. aws_iam_role.inline_policy[].policy, path "inline_policy.policy").
document_at(r, path, v) := _absent(path) if {
	v == null
	not tf.unknown(r, path)
} else := _unknown(path, "its value is only known after apply") if {
	v == null
} else := _unknown(path, "a statement's Effect, Principal or Condition is an expression known only after apply") if {
	d := _doc(v)
	_parsed_doc(d)
	_opaque_document(d)
} else := _known(path, _statements(d)) if {
	d := _doc(v)
	_parsed_doc(d)
} else := _data_document(ds) if {
	_data_ref(v)
	ds := _data_source(r, path, v)
} else := _unknown(path, concat("", ["it references a policy document data source that is not in the configuration (", v, ")"])) if {
	_data_ref(v)
} else := _unknown(path, concat("", ["it is built by an expression known only after apply (", _short(v), ")"])) if {
	_expression(v)
} else := _unknown(path, concat("", ["it is not a valid JSON policy document (", _short(v), ")"]))

_absent(path) := {"present": false, "known": true, "statements": [], "source": path, "reason": ""}

_unknown(path, reason) := {"present": true, "known": false, "statements": [], "source": path, "reason": reason}

_known(source, statements) := {"present": true, "known": true, "statements": statements, "source": source, "reason": ""}

_expression(v) if {
	is_string(v)
	contains(v, "${")
}

_short(v) := v if count(v) <= 120

_short(v) := concat("", [substring(v, 0, 117), "..."]) if count(v) > 120

# A JSON document that parses to an object whose Statement is an object or a list of objects.
_parsed(v) if _parsed_doc(_doc(v))

# The text is parsed (a lookup hashing the whole text) once per document, not once per test.
_parsed_doc(d) if {
	is_object(d)
	every s in _as_list(object.get(d, "Statement", [])) {
		is_object(s)
	}
}

_doc(v) := v if is_object(v)

_doc(v) := jsondoc.parse(v) if is_string(v)

_json_statements(v) := _statements(_doc(v))

# METADATA
# title: Statements of a literal JSON policy, as written
# description: >-
#   The `Statement` list of value `v` when it is JSON text (or its listed parse) of an object whose
#   Statement is a list of objects, i.e. a document `document` reads whole and known; undefined
#   otherwise. For quick sufficient tests on the raw statements before normalizing a document.
literal_statements(v) := statements if {
	d := jsondoc.parse(v)
	is_object(d)
	statements := d.Statement
	is_array(statements)
	every s in statements {
		is_object(s)
		not _opaque_statement(s)
	}
}

# A JSON statement whose Effect, one of whose principals, or one of whose condition values is an
# expression that may be anything (`${var.effect}`, `${var.principal}`, `${local.vpce}`): what it
# allows, to whom and under what restriction is not known, so the document is not known (a rule
# cannot tell Allow from Deny, a named principal from "*", or a restriction from "*"). A value that
# is one reference to an attribute (`${aws_iam_role.app.arn}`), or a literal ARN with a token
# inside (`arn:aws:iam::${data.aws_caller_identity.c.account_id}:root`), names something specific.
_opaque_document(d) if {
	some s in _as_list(object.get(d, "Statement", []))
	_opaque_statement(s)
}

_opaque_statement(s) if contains(s.Effect, "${")

_opaque_statement(s) if {
	some field in ["Principal", "NotPrincipal"]
	some id in _raw_principal_ids(object.get(s, field, null))
	_opaque_id(id)
}

_opaque_statement(s) if {
	some m in object.get(s, "Condition", {})
	some values in m
	some v in _as_list(values)
	_opaque_id(v)
}

_raw_principal_ids(p) := [p] if {
	is_string(p)
} else := [id | some ids in p; some id in _as_list(ids)] if {
	is_object(p)
} else := []

_opaque_id(id) if {
	startswith(id, "${")
	not attribute_reference(id)
}

_statements(d) := [_from_json(s) | some s in _as_list(object.get(d, "Statement", []))]

# --- data.aws_iam_policy_document -------------------------------------------------------------

# One instance of a data source expanded by count / for_each is named with its key: `data.x.p[0].json`.
_data_ref(v) if regex.match(`^\$\{data\.aws_iam_policy_document\.[A-Za-z0-9_-]+(\[([0-9]+|"[^"]*")\])?\.(minified_)?json\}$`, v)

# The data source's name, with its instance key if any (`p`, `p[0]`, `p["k"]`).
_data_name(v) := trim_suffix(trim_suffix(trim_prefix(v, "${data.aws_iam_policy_document."), ".json}"), ".minified_json}")

_data_source(r, path, v) := input.resources[min(_data_addresses(r, path, v))] if count(_data_addresses(r, path, v)) > 0

_data_addresses(r, path, v) := {a |
	some a in tf.refs(r, path)
	input.resources[a].type == "data.aws_iam_policy_document"
	endswith(a, concat("", ["data.aws_iam_policy_document.", _data_name(v)]))
}

_data_document(ds) := _known(ds.address, _merged(ds)) if _data_known(ds)

_data_document(ds) := _unknown(ds.address, concat("", ["`", ds.address, "` has parts known only after apply (", concat(", ", sort(_data_unknown_parts(ds))), ")"])) if {
	not _data_known(ds)
}

# The statement list itself, or a source/override document, is an expression; or a part of a
# statement that decides what it grants: its effect, actions, principal types, condition operators
# and keys, or a whole principals / condition block (a `dynamic` block over a collection known only
# after apply). Principal identifiers, resources and condition values known after apply are read
# as the references they are.
_data_unknown_parts(ds) := ({p |
	some p in ["statement", "source_policy_documents", "override_policy_documents", "source_json", "override_json"]
	tf.unknown(ds, p)
	not _resolvable_list(ds, p)
} | {p |
	some p in _statement_deciding_paths
	tf.unknown(ds, p)
}) | _data_opaque_parts(ds)

# As in a JSON statement (_opaque_statement): a principal identifier or a condition value that is an
# expression that may be anything (`${var.principal}`), not one reference to an attribute.
_data_opaque_parts(ds) := {p |
	some s in tf.blocks(object.get(ds.values, "statement", []))
	some field in ["principals", "not_principals"]
	some block in tf.blocks(object.get(s, field, []))
	some id in _as_list(object.get(block, "identifiers", []))
	_opaque_id(id)
	p := concat("", ["statement.", field, ".identifiers"])
} | {"statement.condition.values" |
	some s in tf.blocks(object.get(ds.values, "statement", []))
	some c in tf.blocks(object.get(s, "condition", []))
	some v in _as_list(object.get(c, "values", []))
	_opaque_id(v)
}

_statement_deciding_paths := [
	"statement.effect",
	"statement.actions",
	"statement.not_actions",
	"statement.principals",
	"statement.principals.type",
	"statement.not_principals",
	"statement.not_principals.type",
	"statement.condition",
	"statement.condition.test",
	"statement.condition.variable",
]

_data_known(ds) if count(_data_unknown_parts(ds)) == 0

# source/override documents that are each a JSON literal or a data-source reference are resolvable.
_resolvable_list(ds, p) if {
	is_array(ds.values[p])
	every v in ds.values[p] {
		_resolvable(ds, p, v)
	}
}

_resolvable_list(ds, p) if {
	is_string(ds.values[p])
	_resolvable(ds, p, ds.values[p])
}

_resolvable(_, _, v) if _parsed(v)

_resolvable(ds, p, v) if {
	_data_ref(v)
	_data_source(ds, p, v)
}

# Provider precedence: source documents, then own statement blocks, then override documents;
# a later statement replaces an earlier one with the same non-empty sid.
_merged(ds) := [s |
	layers := _layers(ds)
	some i, layer in layers
	some s in layer
	not _overridden(s, array.slice(layers, i + 1, count(layers)))
]

_layers(ds) := [
	array.concat(_included(ds, "source_policy_documents"), _included(ds, "source_json")),
	_own(ds),
	array.concat(_included(ds, "override_policy_documents"), _included(ds, "override_json")),
]

_overridden(s, later) if {
	s.sid != ""
	some layer in later
	some t in layer
	t.sid == s.sid
}

_own(ds) := [_from_data(s) | some s in tf.blocks(object.get(ds.values, "statement", []))]

_included(ds, p) := [s |
	some v in _as_list(object.get(ds.values, p, []))
	some s in _included_doc(ds, p, v)
]

_included_doc(_, _, v) := _json_statements(v) if _parsed(v)

_included_doc(ds, p, v) := _own(_data_source(ds, p, v)) if _data_ref(v)

_included_doc(_, _, v) := [] if {
	not _parsed(v)
	not _data_ref(v)
}

_from_data(s) := {
	"sid": _text(object.get(s, "sid", "")),
	"effect": object.get(s, "effect", "Allow"),
	"actions": _strings(object.get(s, "actions", [])),
	"not_actions": _strings(object.get(s, "not_actions", [])),
	"resources": _strings(object.get(s, "resources", [])),
	"not_resources": _strings(object.get(s, "not_resources", [])),
	"principals": _data_principals(object.get(s, "principals", [])),
	"not_principals": _data_principals(object.get(s, "not_principals", [])),
	"conditions": [_condition(object.get(c, "test", ""), object.get(c, "variable", ""), object.get(c, "values", [])) |
		some c in tf.blocks(object.get(s, "condition", []))
	],
}

_data_principals(ps) := [{"type": _text(object.get(p, "type", "")), "identifiers": _strings(object.get(p, "identifiers", []))} |
	some p in tf.blocks(ps)
]

# --- JSON statements --------------------------------------------------------------------------

_from_json(s) := {
	"sid": _text(object.get(s, "Sid", "")),
	"effect": object.get(s, "Effect", ""),
	"actions": _strings(object.get(s, "Action", [])),
	"not_actions": _strings(object.get(s, "NotAction", [])),
	"resources": _strings(object.get(s, "Resource", [])),
	"not_resources": _strings(object.get(s, "NotResource", [])),
	"principals": _json_principals(object.get(s, "Principal", null)),
	"not_principals": _json_principals(object.get(s, "NotPrincipal", null)),
	"conditions": _json_conditions(object.get(s, "Condition", {})),
}

_json_principals(p) := [{"type": "*", "identifiers": ["*"]}] if {
	p == "*"
} else := [{"type": t, "identifiers": _strings(ids)} | some t, ids in p] if {
	is_object(p)
} else := []

_json_conditions(c) := [_condition(test, variable, values) |
	some test, m in c
	is_object(m)
	some variable, values in m
] if {
	is_object(c)
} else := []

_condition(test, variable, values) := {
	"test": _text(test),
	"variable": _text(variable),
	"key": lower(_text(variable)),
	"values": _strings(values),
}

# --- value helpers ----------------------------------------------------------------------------

# Else-chains: a function's bodies are all tried in wasm, a chain stops at the first that holds.
_as_list(v) := v if {
	is_array(v)
} else := [v]

_strings(v) := [_text(x) | some x in v] if {
	is_array(v)
} else := [] if {
	v == null
} else := [_text(v)]

_text(x) := x if {
	is_string(x)
} else := json.marshal(x)

# --- statement predicates ---------------------------------------------------------------------

# METADATA
# title: Allow statement
# description: The statement's effect is Allow (case-insensitive).
allow(s) if lower(s.effect) == "allow"

# METADATA
# title: Deny statement
# description: The statement's effect is Deny (case-insensitive).
deny(s) if lower(s.effect) == "deny"

# METADATA
# title: IAM wildcard match
# description: >-
#   True when the IAM pattern (`*` any run, `?` one character, case-insensitive) matches `value`,
#   e.g. pattern_match("kms:De*", "kms:Decrypt").
pattern_match(pattern, value) if _match(lower(pattern), lower(value))

# A pattern without glob syntax matches only itself: compare instead of compiling a glob.
_match(p, v) := p == v if {
	not contains(p, "*")
	not contains(p, "?")
	not contains(p, "[")
	not contains(p, "]")
	not contains(p, "{")
	not contains(p, "}")
	not contains(p, "\\")
} else := glob.match(p, null, v)

# METADATA
# title: Statement grants an action
# description: >-
#   True when the statement's Action list matches the concrete `action`, or its NotAction list
#   exists and does not (NotAction grants everything it does not name).
grants(s, action) if {
	some a in s.actions
	pattern_match(a, action)
}

grants(s, action) if {
	count(s.not_actions) > 0
	not _excluded(s, action)
}

_excluded(s, action) if {
	some a in s.not_actions
	pattern_match(a, action)
}

# METADATA
# title: Statement names actions through an expression
# description: An Action/NotAction entry holds `${...}`, so the granted actions are not all known.
actions_unknown(s) if {
	some a in array.concat(s.actions, s.not_actions)
	contains(a, "${")
}

# METADATA
# title: Statement applies to every resource
# description: >-
#   Resource contains "*" or an ARN pattern that matches every ARN ("arn:*", "arn:aws:*:*:*:*",
#   "arn:aws-cn:*"), or NotResource is used (everything except a few).
all_resources(s) if "*" in s.resources

all_resources(s) if {
	some res in s.resources
	any_arn(res)
}

all_resources(s) if count(s.not_resources) > 0

# METADATA
# title: Resource pattern matches every ARN
# description: '"arn" followed only by "*" segments, or "arn:<partition>" followed only by "*" segments.'
any_arn(res) if {
	# Both patterns start with "arn" and end with "*": a regular expression is tried only then.
	startswith(res, "arn")
	endswith(res, "*")
	_arn_wildcards(res)
}

_arn_wildcards(res) if regex.match(`^arn(:\*+)+$`, res)

_arn_wildcards(res) if regex.match(`^arn:aws(-[a-z]+)*(:\*+)+$`, res)

# METADATA
# title: Statement names resources through an expression that is the whole entry
# description: >-
#   A Resource entry is exactly one `${...}` expression that is not an attribute of a resource or
#   data source (e.g. `${var.resources}`, `${local.arns.bucket}`, `${each.value.arn}`), so what it
#   covers is unknown. `${aws_x.y.arn}` (a resource type always holds an underscore) is a
#   reference (resolvable) and does not count.
resources_unknown(s) if {
	some res in s.resources
	startswith(res, "${")
	endswith(res, "}")
	not attribute_reference(trim_suffix(res, "/*"))
}

# METADATA
# title: One reference to an attribute of a resource or data source
# description: >-
#   `s` is exactly `${<type>.<name>.<attr>}` or `${data.<type>.<name>.<attr>}` (a resource type
#   always holds an underscore, so `${var.a.b}`, `${local.x.y}`, `${each.value.arn}` and
#   `${module.m.o}` are not), or one cross-stack read of a joined app that resolves to a resource
#   (an attribute of another stack's resource): it names something specific, known after apply.
attribute_reference(s) if regex.match(`^\$\{(data\.)?[a-z0-9]+_[a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z_]+\}$`, s)

attribute_reference(s) if {
	some reads in object.get(input, "cross_stack_reads", {})
	some read in reads
	s == concat("", ["${", read, "}"])
}

# METADATA
# title: Wildcard principal
# description: >-
#   The statement applies to anyone: Principal "*", {"AWS": "*"} (or a list holding "*"), or a
#   NotPrincipal (everyone except a few).
public_principal(s) if {
	some p in s.principals
	p.type in {"*", "AWS"}
	"*" in p.identifiers
}

public_principal(s) if count(s.not_principals) > 0

# METADATA
# title: Principal identifiers of a type
# description: "The identifiers of the statement's principals of `type` (AWS, Service, Federated, CanonicalUser, *)."
principals_of(s, type) := [id |
	some p in s.principals
	lower(p.type) == lower(type)
	some id in p.identifiers
]

# METADATA
# title: Base condition operator
# description: "The operator without the ForAnyValue: / ForAllValues: prefix and the IfExists suffix."
base_test(test) := trim_suffix(trim_prefix(trim_prefix(test, "ForAnyValue:"), "ForAllValues:"), "IfExists")

# METADATA
# title: Conditions on a key
# description: 'The statement''s conditions whose key is one of `keys` (lower-case, e.g. "aws:sourcevpce").'
conditions_on(s, keys) := [c | some c in s.conditions; c.key in keys]

# METADATA
# title: Restricting condition
# description: >-
#   The statement carries an equality-style condition (String/Arn Equals/Like, not ...IfExists,
#   which is void when the key is missing) on one of `keys` whose values are all concrete (none is
#   "*", and no ...Like value holds a `*` or `?` wildcard: StringLike "?*" or "o-*" matches any
#   account or organization; an ARN pattern fixed to one account or S3 bucket-name prefix is fine). This is what turns a wildcard principal into "only my account / org /
#   VPC endpoint".
restricted(s, keys) if {
	some c in conditions_on(s, keys)
	not endswith(c.test, "IfExists")
	base_test(c.test) in {"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike"}
	count(c.values) > 0
	not "*" in c.values
	not _wildcard_pattern(c)
}

_wildcard_pattern(c) if {
	endswith(base_test(c.test), "Like")
	some v in c.values
	regex.match(`[*?]`, v)
	not _fixed_owner_arn(v)
}

# An ARN pattern whose account segment is a literal account id or a reference
# ("arn:aws:iam::111122223333:role/crm-*"), or an S3 ARN with a literal bucket-name prefix
# ("arn:aws:s3:::crm-exports-*"): the wildcard ranges within one owner's resources.
_fixed_owner_arn(v) if {
	parts := split(v, ":")
	count(parts) >= 6
	parts[0] == "arn"
	regex.match(`^([0-9]{12}|\$\{[^}]+\})$`, parts[4])
}

_fixed_owner_arn(v) if regex.match(`^arn:aws[a-z-]*:s3:::[a-z0-9.-]{3,}`, v)

# METADATA
# title: Condition value test
# description: >-
#   The statement has a condition with base operator in `tests` on `key` (lower-case) whose
#   values include `value` (case-insensitive), e.g. Bool aws:SecureTransport "false".
condition_has(s, tests, key, value) if {
	some c in conditions_on(s, {key})
	base_test(c.test) in tests
	some v in c.values
	lower(v) == lower(value)
}

# --- accounts ---------------------------------------------------------------------------------

# METADATA
# title: Accounts of this deployment
# description: The account ids the providers are pinned to (allowed_account_ids, as strings).
own_accounts := {_id_text(id) |
	some p in input.providers
	some id in object.get(object.get(p, "values", {}), "allowed_account_ids", [])
}

_id_text(id) := id if is_string(id)

_id_text(id) := format_int(id, 10) if is_number(id)

_own_ref(id) if regex.match(`^arn:aws[a-z-]*:(iam|sts)::\$\{data\.aws_caller_identity\.[A-Za-z0-9_-]+\.account_id\}:`, id)

_own_ref(id) if regex.match(`^\$\{(data\.)?aws_iam_(role|user)\.[A-Za-z0-9_-]+\.(arn|unique_id)\}$`, id)

# METADATA
# title: Account of an AWS principal
# description: >-
#   For an AWS principal identifier: "own" (an account in own_accounts, data.aws_caller_identity's
#   account, or a reference to an IAM role/user of this configuration), "unknown" (another
#   expression), or the literal 12-digit account id. "*" has no account (undefined).
account(id) := "own" if _own_ref(id)

account(id) := "unknown" if {
	contains(id, "${")
	not _own_ref(id)
}

account(id) := _literal_account(id) if {
	not contains(id, "${")
	not _literal_account(id) in own_accounts
}

account(id) := "own" if _literal_account(id) in own_accounts

_literal_account(id) := id if regex.match(`^[0-9]{12}$`, id)

_literal_account(id) := split(id, ":")[4] if regex.match(`^arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:`, id)

# --- identity policies ------------------------------------------------------------------------

# Identity-policy sources of baseline §2 IAM (IAM-001…003, ENC-003): type → attribute.
_identity_sources := {
	"aws_iam_policy": "policy",
	"aws_iam_role_policy": "policy",
	"aws_iam_user_policy": "policy",
	"aws_iam_group_policy": "policy",
	"aws_ssoadmin_permission_set_inline_policy": "inline_policy",
}

# METADATA
# title: Identity policies
# description: >-
#   Every identity (permissions) policy document of the configuration as {resource, attribute,
#   doc}: aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy `.policy`,
#   aws_ssoadmin_permission_set_inline_policy `.inline_policy`, and each aws_iam_role
#   `inline_policy[].policy`. Data sources count through the policies that reference them.
identity_policies := [{"resource": p.resource, "attribute": p.attribute, "doc": document_at(p.resource, p.attribute, p.value)} |
	some p in identity_policy_values
]

# METADATA
# title: Identity policy values
# description: >-
#   The values identity_policies normalizes, as {resource, attribute, value}, in the same order: a
#   rule that can tell from a value that it holds nothing to report skips its normalization.
identity_policy_values := array.concat(
	[{"resource": r, "attribute": attr, "value": object.get(r.values, attr, null)} |
		some type, attr in _identity_sources
		some r in tf.resources(type)
	],
	[{"resource": r, "attribute": "inline_policy.policy", "value": object.get(b, "policy", null)} |
		some r in tf.resources("aws_iam_role")
		some b in tf.blocks(object.get(r.values, "inline_policy", []))
	],
)

# METADATA
# title: Where a statement came from, for messages
# description: "`<resource>` (`<attribute>`, via `data...` when the statements come from a data source)."
origin(p) := concat("", ["`", p.resource.address, "` (`", p.attribute, "`)"]) if p.doc.source == p.attribute

origin(p) := concat("", ["`", p.resource.address, "` (`", p.attribute, "` via `", p.doc.source, "`)"]) if p.doc.source != p.attribute

# METADATA
# title: Statement rendering for messages
# description: A compact rendering of the statement's sid (when set), effect, actions and resources.
describe(s) := concat("", [_sid(s), s.effect, " ", _list(s, "actions", "not_actions", "Action", "NotAction"), " on ", _list(s, "resources", "not_resources", "Resource", "NotResource")])

_sid(s) := concat("", ["statement `", s.sid, "`: "]) if s.sid != ""

_sid(s) := "statement: " if s.sid == ""

_list(s, pos, _, pos_name, _) := concat("", [pos_name, " ", json.marshal(s[pos])]) if count(s[pos]) > 0

_list(s, pos, neg, _, neg_name) := concat("", [neg_name, " ", json.marshal(s[neg])]) if {
	count(s[pos]) == 0
	count(s[neg]) > 0
}

_list(s, pos, neg, pos_name, _) := concat("", [pos_name, " []"]) if {
	count(s[pos]) == 0
	count(s[neg]) == 0
}
