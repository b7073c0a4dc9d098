# METADATA
# title: S3 bucket policies deny requests that are not over TLS
# description: >-
#   The data-plane equivalent of HTTPS-only: blocks plaintext PII transfer and downgrade. The
#   bucket policy of each aws_s3_bucket (aws_s3_bucket_policy bound to it, which wins, else the
#   legacy inline `policy` argument) needs a statement with Effect Deny, Principal "*" (or
#   {"AWS": "*"}), Action s3:* (or *), Resource covering both the bucket ARN and ARN/* (literal
#   ARNs, `${aws_s3_bucket.<name>.arn}` references, wildcards) and Condition Bool (or BoolIfExists)
#   aws:SecureTransport = false and no other condition (an extra condition, e.g. on one principal
#   account, narrows the deny and leaves plaintext open to everyone else). An Allow with SecureTransport true does not block anything.
#   Policies from data.aws_iam_policy_document are evaluated; a policy or resource list known only
#   after apply is unverifiable.
# scope: package
# custom:
#   id: CRM-ENC-008
#   severity: high
#   family: ENC
#   controls:
#     aws-fsbp: [S3.5]
#     cis-aws-3.0: ["2.1.1"]
#     iso27001-2022: ["A.8.24?"]
#     gdpr: [Art. 32]
#   remediation: >-
#     CDKTF: add an S3BucketPolicy with `bucket: bucket.id` whose policy has a statement `{ effect:
#     "Deny", principals: [{ type: "*", identifiers: ["*"] }], actions: ["s3:*"], resources:
#     [bucket.arn, `${bucket.arn}/*`], condition: [{ test: "Bool", variable: "aws:SecureTransport",
#     values: ["false"] }] }`.
#     Terraform: `aws_s3_bucket_policy` with `bucket = aws_s3_bucket.<name>.id` and a Deny statement
#     on `s3:*` for `aws_s3_bucket.<name>.arn` and `"${aws_s3_bucket.<name>.arn}/*"` with
#     `Condition = { Bool = { "aws:SecureTransport" = "false" } }`.
package crm.rules.encryption.s3_tls_only_policy

import data.crm.lib.iam
import data.crm.lib.tf

# Every lookup below is done once per bucket and kept in a rule (wasm memoizes rules, never
# function calls): the buckets, their policies, and whether the TLS deny is proven.
_buckets := tf.resources("aws_s3_bucket")

# The aws_s3_bucket_policy resources whose `bucket` references the bucket.
_split(b) := [r |
	some a in tf.referrers(b.address, "aws_s3_bucket_policy")
	r := input.resources[a]
	b.address in tf.refs(r, "bucket")
]

# Policies in force: {holder, doc}.
_policies_of(b) := [{"holder": p.address, "doc": iam.document(p, "policy")} | some p in split] if {
	split := _split(b)
	count(split) > 0
} else := [{"holder": b.address, "doc": doc}] if {
	doc := iam.document(b, "policy")
	doc.present
} else := []

# A resource entry in canonical form: references to this bucket become @B@, the partition aws.
_canon(b, res) := replace(
	replace(
		replace(_partition(res), concat("", ["${aws_s3_bucket.", b.name, ".arn}"]), "arn:aws:s3:::@B@"),
		concat("", ["${aws_s3_bucket.", b.name, ".id}"]), "@B@",
	),
	concat("", ["${aws_s3_bucket.", b.name, ".bucket}"]), "@B@",
)

_partition(res) := concat("", ["arn:aws", substring(res, indexof(res, "}:") + 1, -1)]) if {
	startswith(res, "arn:${data.aws_partition.")
} else := res

_literal(b) if {
	is_string(b.values.bucket)
	not contains(b.values.bucket, "${")
}

# `canon`: the statement's resource entries in canonical form, computed once per statement.
_covers(canon, target) if {
	target in canon
} else if {
	some c in canon
	not contains(c, "{")
	not contains(c, "[")
	iam.pattern_match(c, target)
}

# The statement names the bucket ARN and ARN/*: by reference, else by its literal name (the
# literal pair is tried only when the reference pair fails). The usual entries, exactly
# `${aws_s3_bucket.<name>.arn}` and that plus `/*`, are looked up before any entry is canonicalized.
_covers_both(b, s) if {
	arn := concat("", ["${aws_s3_bucket.", b.name, ".arn}"])
	arn in s.resources
	concat("", [arn, "/*"]) in s.resources
} else if {
	canon := [_canon(b, res) | some res in s.resources]
	_covers(canon, "arn:aws:s3:::@B@")
	_covers(canon, "arn:aws:s3:::@B@/*")
} else if {
	_literal(b)
	canon := [_canon(b, res) | some res in s.resources]
	_covers(canon, concat("", ["arn:aws:s3:::", b.values.bucket]))
	_covers(canon, concat("", ["arn:aws:s3:::", b.values.bucket, "/*"]))
}

_tls_deny(s) if {
	iam.deny(s)
	iam.public_principal(s)
	some a in s.actions
	lower(a) in {"s3:*", "*"}
	iam.condition_has(s, {"Bool"}, "aws:securetransport", "false")
	_only_tls_condition(s)
}

# Every further condition narrows the deny (e.g. to one principal account), leaving plaintext
# access open to everyone else.
_only_tls_condition(s) if {
	every c in s.conditions {
		c.key == "aws:securetransport"
	}
}

_enforced(b, policies) if {
	some p in policies
	some s in p.doc.statements
	_tls_deny(s)
	_covers_both(b, s)
}

_maybe(_, policies) if {
	some p in policies
	not p.doc.known
}

_maybe(b, policies) if {
	some p in policies
	some s in p.doc.statements
	_tls_deny(s)
	some res in s.resources
	contains(_canon(b, res), "${")
}

_state(b, policies) := "enforced" if {
	_enforced(b, policies)
} else := "maybe" if {
	_maybe(b, policies)
} else := "missing"

# [bucket, policies in force, state] per bucket, computed once; a bucket whose bound policy is
# the usual TLS deny (_usual) is enforced and left out without normalizing its document.
_checked := [[b, policies, _state(b, policies)] |
	some b in _buckets
	not _usual(b)
	policies := _policies_of(b)
]

# A sufficient test for "enforced" on the raw JSON of a bound aws_s3_bucket_policy: the document
# parses to an object whose Statement is a list of objects (as iam.document requires) holding the
# exact statement the remediation asks for (Effect Deny, Principal "*", Action "s3:*" or "*",
# Condition {"Bool": {"aws:SecureTransport": "false"}}, Resource naming `${aws_s3_bucket.<name>.arn}`
# and that plus `/*`). Anything else is judged by the full check below.
_usual(b) if {
	some a in input.referrers[b.address].aws_s3_bucket_policy
	p := input.resources[a]
	b.address in p.refs.bucket
	some s in iam.literal_statements(p.values.policy)
	s.Condition == {"Bool": {"aws:SecureTransport": "false"}}
	s.Principal == "*"
	lower(s.Effect) == "deny"
	lower(s.Action) in {"s3:*", "*"}
	arn := concat("", ["${aws_s3_bucket.", b.name, ".arn}"])
	arn in s.Resource
	concat("", [arn, "/*"]) in s.Resource
}

# A aws_s3_bucket_policy whose `bucket` cannot be resolved may be this bucket's: unverifiable, not "absent".
# Read only for a bucket without a bound policy (the checks below test that first).
_unresolved := tf.unresolved("aws_s3_bucket_policy", "bucket")

deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some [b, [], _] in _checked
	count(_unresolved) > 0
	msg := concat("", [
		"`", b.address, "` has no aws_s3_bucket_policy bound to it by reference or name, and `", _unresolved[0],
		"` names its bucket by an expression known only after apply; it cannot be proven that TLS is enforced",
	])
}

deny contains tf.finding(b, msg) if {
	some [b, [], _] in _checked
	count(_unresolved) == 0
	msg := concat("", [
		"`", b.address, "` has no bucket policy; bind an aws_s3_bucket_policy that denies `s3:*` to `*` on the bucket and its objects",
		" when `aws:SecureTransport` is \"false\"",
	])
}

deny contains tf.finding(b, msg) if {
	some [b, policies, "missing"] in _checked
	some p in policies
	msg := concat("", [
		"`", b.address, "` has a bucket policy (`", p.holder, "`) without a Deny of `s3:*` to `*` on both the bucket ARN and ARN/* under",
		" `Bool aws:SecureTransport = \"false\"`; add that statement",
	])
}

deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some [b, _, "maybe"] in _checked
	msg := concat("", [
		"`", b.address, "` has a bucket policy whose statements or resources are known only after apply",
		"; it cannot be proven that requests without TLS are denied",
	])
}
