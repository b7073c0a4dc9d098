# METADATA
# title: The CloudTrail bucket is logged and locked down
# description: >-
#   The audit bucket is an attacker's first clean-up target. The aws_s3_bucket a trail delivers to
#   (`s3_bucket_name` as a reference or the bucket's literal name) must have server access logging
#   (aws_s3_bucket_logging, or the legacy inline `logging` block), an
#   aws_s3_bucket_public_access_block with all four flags true, ACLs disabled
#   (aws_s3_bucket_ownership_controls with `object_ownership = "BucketOwnerEnforced"`) and no public
#   canned ACL or bucket policy statement that allows everyone (Principal "*" not scoped by
#   aws:SourceArn / aws:SourceAccount / aws:PrincipalOrgID / aws:SourceVpce), and either
#   versioning (aws_s3_bucket_versioning `status = "Enabled"`, legacy `versioning.enabled`) or
#   Object Lock (`object_lock_enabled`, aws_s3_bucket_object_lock_configuration). A delivery bucket
#   outside the configuration, or a bucket policy known only after apply, is unverifiable.
# scope: package
# custom:
#   id: CRM-LOG-006
#   severity: medium
#   family: LOG
#   controls:
#     aws-fsbp: [CloudTrail.7, CloudTrail.6]
#     cis-aws-3.0: ["3.4"]
#     iso27001-2022: [A.8.15]
#     gdpr: [Art. 25]
#   remediation: >-
#     CDKTF: give the audit S3Bucket an S3BucketLogging (to a separate log bucket), an
#     S3BucketPublicAccessBlock with all four flags, S3BucketOwnershipControls `{ rule: {
#     objectOwnership: "BucketOwnerEnforced" } }` and S3BucketVersioningA `{ versioningConfiguration:
#     { status: "Enabled" } }` (or `objectLockEnabled: true`). Terraform: the matching
#     `aws_s3_bucket_logging`, `aws_s3_bucket_public_access_block`, `aws_s3_bucket_ownership_controls`
#     and `aws_s3_bucket_versioning` resources with `bucket = aws_s3_bucket.audit.id`.
package crm.rules.logging.cloudtrail_bucket_secured

import data.crm.lib.iam
import data.crm.lib.logging
import data.crm.lib.tf

# Bucket name -> every bucket declaring it (a set: the same name twice never aborts the run).
_by_name[b.values.bucket] contains b.address if {
	some b in tf.resources("aws_s3_bucket")
	is_string(b.values.bucket)
	not contains(b.values.bucket, "${")
}

_ref_buckets(t) := [a | some a in tf.refs(t, "s3_bucket_name"); input.resources[a].type == "aws_s3_bucket"]

_buckets(t) := {a | some a in _ref_buckets(t)} if count(_ref_buckets(t)) > 0

_buckets(t) := {a | some a in _by_name[t.values.s3_bucket_name]} if count(_ref_buckets(t)) == 0

_bound(b, type) := [input.resources[a] | some a in tf.bound(b.address, type, "bucket")]

_flags := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

_public_access_blocked(b) if {
	some pab in _bound(b, "aws_s3_bucket_public_access_block")
	every flag in _flags {
		pab.values[flag] == true
	}
}

_acls_disabled(b) if {
	some oc in _bound(b, "aws_s3_bucket_ownership_controls")
	some rule in tf.blocks(object.get(oc.values, "rule", []))
	rule.object_ownership == "BucketOwnerEnforced"
}

_public_acls := {"public-read", "public-read-write", "authenticated-read"}

_public_acl(b) if b.values.acl in _public_acls

_public_acl(b) if {
	some acl in _bound(b, "aws_s3_bucket_acl")
	acl.values.acl in _public_acls
}

_versioned(b) if {
	some v in _bound(b, "aws_s3_bucket_versioning")
	some c in tf.blocks(object.get(v.values, "versioning_configuration", []))
	c.status == "Enabled"
}

_versioned(b) if {
	count(_bound(b, "aws_s3_bucket_versioning")) == 0
	some v in tf.blocks(object.get(b.values, "versioning", []))
	v.enabled == true
}

_versioned(b) if b.values.object_lock_enabled == true

_versioned(b) if count(_bound(b, "aws_s3_bucket_object_lock_configuration")) > 0

_versioned(b) if {
	some c in tf.blocks(object.get(b.values, "object_lock_configuration", []))
	c.object_lock_enabled == "Enabled"
}

# Gaps of a delivery bucket, each phrased as what is missing.
_gaps := {
	"logging": "no server access logging (add aws_s3_bucket_logging to a separate log bucket)",
	"public_access": "no public access block with all four flags true",
	"acls": "ACLs enabled (add aws_s3_bucket_ownership_controls with object_ownership = \"BucketOwnerEnforced\")",
	"public_acl": "a public canned ACL",
	"versioning": "neither versioning nor Object Lock enabled",
	"public_policy": "a bucket policy that allows everyone (Principal \"*\" without an aws:SourceArn / aws:SourceAccount / aws:PrincipalOrgID condition)",
}

_gap(b, "logging") if count(logging.access_logging(b)) == 0

_gap(b, "public_access") if not _public_access_blocked(b)

_gap(b, "acls") if not _acls_disabled(b)

_gap(b, "public_acl") if _public_acl(b)

_gap(b, "versioning") if not _versioned(b)

_gap(b, "public_policy") if {
	some doc in _policies(b)
	some st in doc.statements
	iam.allow(st)
	iam.public_principal(st)
	not iam.restricted(st, _scoping_keys)
}

_scoping_keys := {"aws:sourcearn", "aws:sourceaccount", "aws:principalorgid", "aws:principalaccount", "aws:sourceorgid", "aws:sourcevpce", "aws:sourcevpc"}

# Bucket policies: split aws_s3_bucket_policy resources, else the legacy inline `policy`.
_policies(b) := [iam.document(p, "policy") | some p in _bound(b, "aws_s3_bucket_policy")] if count(_bound(b, "aws_s3_bucket_policy")) > 0

_policies(b) := [doc | doc := iam.document(b, "policy"); doc.present] if count(_bound(b, "aws_s3_bucket_policy")) == 0

deny contains tf.finding(b, msg) if {
	some t in tf.resources("aws_cloudtrail")
	some a in _buckets(t)
	b := input.resources[a]
	some key, gap in _gaps
	_gap(b, key)
	msg := concat("", ["`", b.address, "` receives the audit logs of `", t.address, "` but has ", gap])
}

deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some t in tf.resources("aws_cloudtrail")
	some a in _buckets(t)
	b := input.resources[a]
	some doc in _policies(b)
	doc.present
	not doc.known
	msg := concat("", [
		"`", b.address, "` receives the audit logs of `", t.address, "` and its bucket policy cannot be read (", doc.reason,
		"), so it cannot be proven that the policy grants no public access",
	])
}

deny contains {"resource": t.address, "message": msg, "unverifiable": true} if {
	some t in tf.resources("aws_cloudtrail")
	count(_buckets(t)) == 0
	msg := concat("", [
		"`", t.address, "` delivers to bucket ", tf.show(object.get(t.values, "s3_bucket_name", null)),
		", which is not declared in this configuration, so its logging, public access and versioning cannot be checked",
	])
}
