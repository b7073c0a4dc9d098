# METADATA
# title: Bucket policies and ACLs grant no public or unsafe cross-account access; ACLs disabled
# description: >-
#   Complements CRM-IAM-010: a public access block can be removed later, so the bucket's own
#   grants must be safe. For each aws_s3_bucket, the bucket policy in force (aws_s3_bucket_policy
#   bound to it, which wins, else the legacy inline `policy`) must have no Allow to "*" /
#   {"AWS": "*"} / NotPrincipal without a restricting condition (aws:SourceVpce, aws:SourceVpc,
#   aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn, aws:SourceAccount, or a fixed
#   aws:PrincipalArn: exact ARNs or patterns within one account), and must not let
#   AWS principals of other accounts s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutBucketPolicy,
#   s3:PutEncryptionConfiguration or s3:PutObjectAcl. The ACL in force (aws_s3_bucket_acl, else the
#   legacy inline `acl` / `grant`) must not be public-read, public-read-write or
#   authenticated-read, nor grant to the AllUsers / AuthenticatedUsers groups. A bound
#   aws_s3_bucket_ownership_controls must use BucketOwnerEnforced (ACLs disabled); without one the
#   S3 default for new buckets (BucketOwnerEnforced) applies. Unknown documents, ACLs, ownership
#   settings or principals are unverifiable.
# scope: package
# custom:
#   id: CRM-IAM-012
#   severity: critical
#   family: IAM
#   controls:
#     aws-fsbp: [S3.2, S3.3, S3.6, S3.12]
#     iso27001-2022: ["A.8.3?", "A.8.12?"]
#     gdpr: ["Art. 25?"]
#   remediation: >-
#     CDKTF: in the S3BucketPolicy name principals explicitly or add an aws:SourceVpce /
#     aws:PrincipalOrgID condition to wildcard statements; never grant Put*Acl / PutBucketPolicy to
#     other accounts; drop public S3BucketAcl grants and add S3BucketOwnershipControls `{ rule: {
#     objectOwnership: "BucketOwnerEnforced" } }`.
#     Terraform: the same in `aws_s3_bucket_policy.policy`, `aws_s3_bucket_acl` and
#     `aws_s3_bucket_ownership_controls` (`rule { object_ownership = "BucketOwnerEnforced" }`).
package crm.rules.iam.s3_bucket_policy_acl

import data.crm.lib.iam
import data.crm.lib.tf

_restricting := {
	"aws:sourcevpce", "aws:sourcevpc", "aws:principalorgid", "aws:principalaccount", "aws:sourcearn", "aws:sourceaccount",
	"aws:principalarn",
}

_dangerous := ["s3:DeleteBucketPolicy", "s3:PutBucketAcl", "s3:PutBucketPolicy", "s3:PutEncryptionConfiguration", "s3:PutObjectAcl"]

_public_acls := {"public-read", "public-read-write", "authenticated-read"}

_group_uris := {"http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"}

# Companions (policies, ACLs, ownership controls) are judged first and bound to their buckets only
# when they have something to report, instead of looking up every bucket's companions; what is
# read of a document is computed once, in a rule (wasm memoizes rules, never function calls).
_buckets := tf.resources("aws_s3_bucket")

# The companions of `type` whose `bucket` references the bucket (tf.bound).
_bound(b, type) := [r |
	some a in tf.referrers(b.address, type)
	r := input.resources[a]
	b.address in tf.refs(r, "bucket")
]

# The buckets companion `c` is bound to: the reverse of _bound (a bucket it references whose
# referrers of its type include it).
_bound_to(c) := [b |
	some a in tf.refs(c, "bucket")
	b := input.resources[a]
	b.type == "aws_s3_bucket"
	c.address in tf.referrers(a, c.type)
]

# The buckets whose setting in force holder `h` is: a companion's, or a bucket's own inline
# setting when no companion of `type` is bound to it.
_in_force(h, type) := _bound_to(h) if {
	h.type == type
} else := [h] if {
	count(_bound(h, type)) == 0
} else := []

# --- policy ------------------------------------------------------------------------------------

# [holder, document]: every aws_s3_bucket_policy, and every bucket's inline `policy` when set.
_documents := array.concat(
	[[p, iam.document(p, "policy")] | some p in tf.resources("aws_s3_bucket_policy"); not _no_allow(p)],
	[[b, iam.document(b, "policy")] | some b in _buckets; _set(b, "policy")],
)

# A sufficient test, on the raw JSON, that a policy adds nothing to check: the document parses to
# an object whose Statement is a list of objects (iam.document reads it whole, known) and no
# statement's Effect is Allow. Such a policy is not normalized at all.
_no_allow(p) if {
	every s in iam.literal_statements(p.values.policy) {
		is_string(s.Effect)
		lower(s.Effect) != "allow"
	}
}

# The attribute holds a value or an expression: the inline settings of most buckets are absent,
# and building an absent document or ACL for each of them is skipped.
_set(r, attr) if object.get(r.values, attr, null) != null

_set(r, attr) if tf.unknown(r, attr)

# [bucket, policy holder, Allow statement] triples of the policies in force.
_allows := [[b, p, s] |
	some [p, doc] in _documents
	allows := [s | some s in doc.statements; iam.allow(s)]
	count(allows) > 0
	some b in _in_force(p, "aws_s3_bucket_policy")
	some s in allows
]

deny contains tf.finding(b, msg) if {
	some [b, p, s] in _allows
	iam.public_principal(s)
	not iam.restricted(s, _restricting)
	msg := concat("", [
		"`", b.address, "` is public through `", p.address, "` `policy` (", iam.describe(s), ")",
		"; name the principals or add an aws:SourceVpce / aws:PrincipalOrgID condition",
	])
}

_cross_account(s) := [id |
	some id in iam.principals_of(s, "AWS")
	id != "*"
	not iam.account(id) in {"own", "unknown"}
]

_dangerous_granted(s) := [a | some a in _dangerous; iam.grants(s, a)]

deny contains tf.finding(b, msg) if {
	some [b, p, s] in _allows
	count(_cross_account(s)) > 0
	count(_dangerous_granted(s)) > 0
	msg := concat("", [
		"`", b.address, "` lets the other account(s) ", json.marshal(_cross_account(s)), " call ", json.marshal(_dangerous_granted(s)),
		" through `", p.address, "` `policy`; remove those actions from the cross-account statement",
	])
}

deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some [p, doc] in _documents
	doc.present
	not doc.known
	some b in _in_force(p, "aws_s3_bucket_policy")
	msg := concat("", ["`", b.address, "` has a bucket policy (`", p.address, "`) that cannot be read before apply: ", doc.reason, "; it cannot be proven that it grants no public access"])
}

deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some [b, p, s] in _allows
	count(_dangerous_granted(s)) > 0
	unknown := [id | some id in iam.principals_of(s, "AWS"); iam.account(id) == "unknown"]
	count(unknown) > 0
	msg := concat("", [
		"`", b.address, "` grants ", json.marshal(_dangerous_granted(s)), " to principals known only after apply (", json.marshal(unknown),
		") through `", p.address, "`; it cannot be proven that they belong to this account",
	])
}

# --- ACLs ---------------------------------------------------------------------------------------

# ACL settings: {holder, acl_path, grant_path, uris}, of an aws_s3_bucket_acl or a bucket's inline ones.
_acl_of(a) := {
	"holder": a,
	"acl_path": "acl",
	"grant_path": "access_control_policy.grant.grantee.uri",
	"uris": [object.get(g, "uri", null) |
		some c in tf.blocks(object.get(a.values, "access_control_policy", []))
		some gr in tf.blocks(object.get(c, "grant", []))
		some g in tf.blocks(object.get(gr, "grantee", []))
	],
} if {
	a.type == "aws_s3_bucket_acl"
} else := {
	"holder": a,
	"acl_path": "acl",
	"grant_path": "grant.uri",
	"uris": [object.get(g, "uri", null) | some g in tf.blocks(object.get(a.values, "grant", []))],
}

# Settings one of the checks below reports (each check tests one of these conditions again).
_reportable(acl) if acl.holder.values.acl in _public_acls

_reportable(acl) if {
	some uri in acl.uris
	uri in _group_uris
}

_reportable(acl) if {
	some path in [acl.acl_path, acl.grant_path]
	tf.unknown(acl.holder, path)
}

# A bucket's inline ACL settings can be reportable (see _reportable) only when one is set.
_inline_acl(b) if _set(b, "acl")

_inline_acl(b) if _set(b, "grant")

_inline_acl(b) if tf.unknown(b, "grant.uri")

# [bucket, ACL in force] pairs, for the ACLs with something to report.
_acls := [[b, acl] |
	some h in array.concat(tf.resources("aws_s3_bucket_acl"), [b | some b in _buckets; _inline_acl(b)])
	acl := _acl_of(h)
	_reportable(acl)
	some b in _in_force(h, "aws_s3_bucket_acl")
]

deny contains tf.finding(b, msg) if {
	some [b, a] in _acls
	a.holder.values.acl in _public_acls
	msg := concat("", ["`", b.address, "` has the canned ACL `acl = \"", a.holder.values.acl, "\"` (`", a.holder.address, "`); use \"private\" and disable ACLs with BucketOwnerEnforced"])
}

deny contains tf.finding(b, msg) if {
	some [b, a] in _acls
	some uri in a.uris
	uri in _group_uris
	msg := concat("", ["`", b.address, "` grants access to the group `", uri, "` (`", a.holder.address, "` `", a.grant_path, "`); remove the grant"])
}

deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some [b, a] in _acls
	some path in [a.acl_path, a.grant_path]
	tf.unknown(a.holder, path)
	msg := concat("", ["`", b.address, "` sets `", path, "` on `", a.holder.address, "` from an expression known only after apply, so it cannot be proven that the ACL is not public"])
}

# --- ownership controls -------------------------------------------------------------------------

deny contains tf.finding(b, msg) if {
	some oc in tf.resources("aws_s3_bucket_ownership_controls")
	not tf.unknown(oc, "rule.object_ownership")
	some r in tf.blocks(object.get(oc.values, "rule", []))
	object.get(r, "object_ownership", null) != "BucketOwnerEnforced"
	some b in _bound_to(oc)
	msg := concat("", [
		"`", b.address, "` keeps ACLs enabled (`", oc.address, "` has `rule.object_ownership = ", json.marshal(object.get(r, "object_ownership", null)),
		"`); set it to \"BucketOwnerEnforced\"",
	])
}

deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some oc in tf.resources("aws_s3_bucket_ownership_controls")
	tf.unknown(oc, "rule.object_ownership")
	some b in _bound_to(oc)
	msg := concat("", ["`", b.address, "` sets `rule.object_ownership` on `", oc.address, "` from an expression known only after apply, so it cannot be proven that ACLs are disabled"])
}
