# METADATA
# title: CRM data buckets have server access logging
# description: >-
#   Server access logs are an access record independent of CloudTrail (complements CRM-LOG-005).
#   Every aws_s3_bucket must be bound to an aws_s3_bucket_logging (`bucket`), or carry the legacy
#   inline `logging` block, whose `target_bucket` is another bucket in the same region. Buckets that
#   are themselves access-log targets are exempt (logging a log bucket into itself loops).
# scope: package
# custom:
#   id: CRM-LOG-010
#   severity: medium
#   family: LOG
#   controls:
#     aws-fsbp: [S3.9]
#     iso27001-2022: [A.8.15]
#   remediation: >-
#     CDKTF: add `new S3BucketLoggingA(this, "logging", { bucket: bucket.id, targetBucket:
#     logBucket.id, targetPrefix: "attachments/" })` with a dedicated log bucket in the same region.
#     Terraform: `resource "aws_s3_bucket_logging" { bucket = aws_s3_bucket.<name>.id, target_bucket
#     = aws_s3_bucket.logs.id, target_prefix = "<name>/" }`.
package crm.rules.logging.s3_access_logging

import data.crm.lib.logging
import data.crm.lib.tf

# Each bucket with its access-logging configurations, computed once (wasm memoizes no function call).
_buckets := [[b, logging.access_logging(b)] |
	some b in tf.resources("aws_s3_bucket")
	not logging.log_target(b)
]

_unresolved := tf.unresolved("aws_s3_bucket_logging", "bucket")

# An aws_s3_bucket_logging whose `bucket` cannot be resolved may be this bucket's: unverifiable.
deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some [b, ls] in _buckets
	count(ls) == 0
	count(_unresolved) > 0
	msg := concat("", [
		"`", b.address, "` has no aws_s3_bucket_logging bound to it by reference or name, and `", _unresolved[0],
		"` names its bucket by an expression known only after apply; it cannot be proven that access is logged",
	])
}

deny contains tf.finding(b, msg) if {
	some [b, ls] in _buckets
	count(ls) == 0
	count(_unresolved) == 0
	msg := concat("", [
		"`", b.address, "` has no server access logging (no aws_s3_bucket_logging bound to it and no inline `logging` block);",
		" add one targeting a dedicated log bucket",
	])
}

_self_target(b, l) if b.address in l.target_refs

_self_target(b, l) if {
	is_string(b.values.bucket)
	l.target == b.values.bucket
}

deny contains tf.finding(b, msg) if {
	some [b, ls] in _buckets
	some l in ls
	_self_target(b, l)
	msg := concat("", ["`", l.resource, "` logs `", b.address, "` into itself; use a separate log bucket as `target_bucket`"])
}

deny contains tf.finding(b, msg) if {
	some [b, ls] in _buckets
	some l in ls
	some t in l.target_refs
	target := input.resources[t]
	target.type == "aws_s3_bucket"
	is_string(b.region)
	is_string(target.region)
	target.region != b.region
	msg := concat("", [
		"`", l.resource, "` sends access logs of `", b.address, "` (", b.region, ") to `", t, "` in ", target.region,
		"; S3 delivers access logs only to a bucket in the same region",
	])
}
