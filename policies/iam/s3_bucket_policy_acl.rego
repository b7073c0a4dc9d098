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

# Every lookup below is done once per bucket and kept in a rule (wasm memoizes rules, never
# function calls): the buckets, their companions, their policy documents and statements.
_buckets := tf.resources("aws_s3_bucket")

# The resources of `type` whose `bucket` references the bucket (tf.bound, one lookup per companion).
_bound(b, type) := [r |
	some a in tf.referrers(b.address, type)
	r := input.resources[a]
	b.address in tf.refs(r, "bucket")
]

# --- policy ------------------------------------------------------------------------------------

_policies_of(b) := [{"holder": p, "doc": iam.document(p, "policy")} | some p in split] if {
	split := _bound(b, "aws_s3_bucket_policy")
	count(split) > 0
} else := [{"holder": b, "doc": iam.document(b, "policy")}]

# [bucket, policy in force] pairs.
_policies := [[b, p] | some b in _buckets; some p in _policies_of(b)]

# [bucket, policy, Allow statement] triples.
_allows := [[b, p, s] |
	some [b, p] in _policies
	some s in p.doc.statements
	iam.allow(s)
]

deny contains tf.finding(b, msg) if {
	some [b, p, s] in _allows
	iam.public_principal(s)
	not iam.restricted(s, _restricting)
	msg := concat("", [
		"`", b.address, "` is public through `", p.holder.address, "` `policy` (", iam.describe(s), ")",
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
		" through `", p.holder.address, "` `policy`; remove those actions from the cross-account statement",
	])
}

deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some [b, p] in _policies
	p.doc.present
	not p.doc.known
	msg := concat("", ["`", b.address, "` has a bucket policy (`", p.holder.address, "`) that cannot be read before apply: ", p.doc.reason, "; it cannot be proven that it grants no public access"])
}

deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some [b, p, s] in _allows
	count(_dangerous_granted(s)) > 0
	unknown := [id | some id in iam.principals_of(s, "AWS"); iam.account(id) == "unknown"]
	count(unknown) > 0
	msg := concat("", [
		"`", b.address, "` grants ", json.marshal(_dangerous_granted(s)), " to principals known only after apply (", json.marshal(unknown),
		") through `", p.holder.address, "`; it cannot be proven that they belong to this account",
	])
}

# --- ACLs ---------------------------------------------------------------------------------------

# ACL settings in force: {holder, acl_path, grant_path, uris}.
_acls_of(b) := [{
	"holder": a,
	"acl_path": "acl",
	"grant_path": "access_control_policy.grant.grantee.uri",
	"uris": [object.get(g, "uri", null) |
		some c in tf.blocks(object.get(a.values, "access_control_policy", []))
		some gr in tf.blocks(object.get(c, "grant", []))
		some g in tf.blocks(object.get(gr, "grantee", []))
	],
} |
	some a in split
] if {
	split := _bound(b, "aws_s3_bucket_acl")
	count(split) > 0
} else := [{
	"holder": b,
	"acl_path": "acl",
	"grant_path": "grant.uri",
	"uris": [object.get(g, "uri", null) | some g in tf.blocks(object.get(b.values, "grant", []))],
}]

# [bucket, ACL in force] pairs.
_acls := [[b, a] | some b in _buckets; some a in _acls_of(b)]

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

# [bucket, bound ownership controls] pairs.
_ownerships := [[b, oc] | some b in _buckets; some oc in _bound(b, "aws_s3_bucket_ownership_controls")]

deny contains tf.finding(b, msg) if {
	some [b, oc] in _ownerships
	not tf.unknown(oc, "rule.object_ownership")
	some r in tf.blocks(object.get(oc.values, "rule", []))
	object.get(r, "object_ownership", null) != "BucketOwnerEnforced"
	msg := concat("", [
		"`", b.address, "` keeps ACLs enabled (`", oc.address, "` has `rule.object_ownership = ", json.marshal(object.get(r, "object_ownership", null)),
		"`); set it to \"BucketOwnerEnforced\"",
	])
}

deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some [b, oc] in _ownerships
	tf.unknown(oc, "rule.object_ownership")
	msg := concat("", ["`", b.address, "` sets `rule.object_ownership` on `", oc.address, "` from an expression known only after apply, so it cannot be proven that ACLs are disabled"])
}
