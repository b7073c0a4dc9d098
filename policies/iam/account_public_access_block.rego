# METADATA
# title: Account-level and access-point public access blocks are on
# description: >-
#   The account-level block catches buckets created outside this stack. The stack must declare an
#   aws_s3_account_public_access_block with block_public_acls, block_public_policy,
#   ignore_public_acls and restrict_public_buckets all true (each defaults to false; an existence
#   control, not applicable when account_baseline_external is set and only for stacks that deploy
#   resources). aws_s3_access_point public_access_block_configuration and
#   aws_s3control_multi_region_access_point details.public_access_block flags default to true and
#   must not be set to false. Flags known only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-IAM-011
#   severity: high
#   family: IAM
#   controls:
#     aws-fsbp: [S3.1, S3.19, S3.24]
#     cis-aws-3.0: ["2.1.4"]
#     iso27001-2022: ["A.8.3?"]
#   remediation: >-
#     CDKTF: add S3AccountPublicAccessBlock `{ blockPublicAcls: true, blockPublicPolicy: true,
#     ignorePublicAcls: true, restrictPublicBuckets: true }`; leave access-point
#     `publicAccessBlockConfiguration` flags at true.
#     Terraform: `resource "aws_s3_account_public_access_block"` with the four flags true; no
#     `false` flag in `aws_s3_access_point.public_access_block_configuration`.
package crm.rules.iam.account_public_access_block

import data.crm.lib.regions
import data.crm.lib.tf

_flags := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

_account_blocks := tf.resources("aws_s3_account_public_access_block")

deny contains {"resource": regions.account_anchor, "message": msg} if {
	not regions.external
	count(regions.in_use) > 0
	count(_account_blocks) == 0
	msg := concat("", [
		"the stack declares no aws_s3_account_public_access_block; add one with all four flags true",
		" (or set account_baseline_external when an account baseline owns it)",
	])
}

deny contains tf.finding(b, msg) if {
	some b in _account_blocks
	some flag in _flags
	not tf.unknown(b, flag)
	tf.value(b, flag, false) != true
	msg := concat("", ["`", b.address, "` has ", tf.shown(b, flag), "; set it to true"])
}

deny contains tf.unverifiable(b, flag, "account-level public access is blocked") if {
	some b in _account_blocks
	some flag in _flags
	tf.unknown(b, flag)
}

# Access-point blocks: {resource, path, block}; their flags default to true.
_point_blocks contains [r, "public_access_block_configuration", c] if {
	some r in tf.resources("aws_s3_access_point")
	some c in tf.blocks(object.get(r.values, "public_access_block_configuration", []))
}

_point_blocks contains [r, "details.public_access_block", c] if {
	some r in tf.resources("aws_s3control_multi_region_access_point")
	some d in tf.blocks(object.get(r.values, "details", []))
	some c in tf.blocks(object.get(d, "public_access_block", []))
}

deny contains tf.finding(r, msg) if {
	some [r, path, c] in _point_blocks
	some flag in _flags
	c[flag] == false
	msg := concat("", ["`", r.address, "` has `", path, ".", flag, " = false`; set it to true (or remove it: the default is true)"])
}

deny contains {"resource": r.address, "message": msg, "unverifiable": true} if {
	some [r, path, _] in _point_blocks
	some flag in _flags
	tf.unknown(r, concat(".", [path, flag]))
	msg := concat("", ["`", r.address, "` sets `", path, ".", flag, "` from an expression known only after apply, so it cannot be proven that public access is blocked"])
}
