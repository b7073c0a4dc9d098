# METADATA
# title: Every S3 bucket has its own public access block with all four flags true
# description: >-
#   Public exposure of attachments and exports is the headline data-leakage scenario. Each
#   aws_s3_bucket must be bound (by reference, or by its literal bucket name) to an
#   aws_s3_bucket_public_access_block with block_public_acls, block_public_policy,
#   ignore_public_acls and restrict_public_buckets all true; each defaults to false, and an
#   account-level block does not substitute.
# scope: package
# custom:
#   id: CRM-IAM-010
#   severity: critical
#   family: IAM
#   controls:
#     aws-fsbp: [S3.8]
#     cis-aws-3.0: ["2.1.4"]
#     iso27001-2022: ["A.8.3?", "A.8.12?"]
#     gdpr: ["Art. 25?"]
#   remediation: >-
#     CDKTF: add an S3BucketPublicAccessBlock with `bucket: bucket.id` and `blockPublicAcls`,
#     `blockPublicPolicy`, `ignorePublicAcls`, `restrictPublicBuckets` all true.
#     Terraform: `resource "aws_s3_bucket_public_access_block"` with `bucket = aws_s3_bucket.<name>.id`
#     and the four flags set to true.
package crm.rules.iam.s3_public_access_block

import data.crm.lib.tf

_flags := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

_blocks(b) := [tf.resource(a) | some a in tf.bound(b.address, "aws_s3_bucket_public_access_block", "bucket")]

_complete(pab) if every flag in _flags {
	pab.values[flag] == true
}

_unresolved := tf.unresolved("aws_s3_bucket_public_access_block", "bucket")

# Each bucket with its bound blocks, looked up once for every deny rule below.
_checked := [[b, _blocks(b)] | some b in tf.resources("aws_s3_bucket")]

deny contains tf.finding(b, msg) if {
	some [b, []] in _checked
	count(_unresolved) == 0
	msg := concat("", ["`", b.address, "` has no aws_s3_bucket_public_access_block bound to it; add one with all four flags true"])
}

# A block whose `bucket` cannot be resolved may be this bucket's: unverifiable, not "absent".
deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some [b, []] in _checked
	count(_unresolved) > 0
	msg := concat("", [
		"`", b.address, "` has no aws_s3_bucket_public_access_block bound to it by reference or name, and `", _unresolved[0],
		"` names its bucket by an expression known only after apply; it cannot be proven that public access is blocked",
	])
}

# Buckets none of whose blocks sets all four flags.
_incomplete := [[b, blocks] |
	some [b, blocks] in _checked
	count(blocks) > 0
	not _any_complete(blocks)
]

deny contains tf.finding(b, msg) if {
	some [b, blocks] in _incomplete
	some pab in blocks
	some flag in _flags
	not tf.unknown(pab, flag)
	tf.value(pab, flag, false) != true
	msg := concat("", ["`", b.address, "` is bound to `", pab.address, "` with ", tf.shown(pab, flag), "; set it to true"])
}

deny contains object.union(tf.unverifiable(pab, flag, "public access is blocked"), {"resource": b.address}) if {
	some [b, blocks] in _incomplete
	some pab in blocks
	some flag in _flags
	tf.unknown(pab, flag)
}

_any_complete(blocks) if {
	some pab in blocks
	_complete(pab)
}
