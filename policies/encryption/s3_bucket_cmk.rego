# METADATA
# title: S3 buckets default to SSE-KMS with a customer-managed key
# description: >-
#   Attachments and exports are the easiest PII to exfiltrate in bulk. Each aws_s3_bucket needs a
#   default encryption rule with sse_algorithm aws:kms or aws:kms:dsse and kms_master_key_id naming
#   a customer-managed key: from an aws_s3_bucket_server_side_encryption_configuration bound to the
#   bucket (provider v4+; it wins when present) or else the legacy inline
#   server_side_encryption_configuration block on the bucket (provider v3). Buckets that receive
#   S3 server access logs (aws_s3_bucket_logging target_bucket, inline logging) or load balancer
#   access logs (aws_lb access_logs.bucket) may use AES256, since those services deliver only to
#   SSE-S3 buckets. No configuration (S3's implicit SSE-S3) fails; an algorithm or key known only
#   after apply is unverifiable.
# scope: package
# custom:
#   id: CRM-ENC-007
#   severity: high
#   family: ENC
#   controls:
#     aws-fsbp: [S3.17]
#     iso27001-2022: [A.8.24]
#     gdpr: [Art. 32]
#   remediation: >-
#     CDKTF: add an S3BucketServerSideEncryptionConfigurationA with `bucket: bucket.id` and
#     `rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId:
#     key.arn }, bucketKeyEnabled: true }]`.
#     Terraform: `resource "aws_s3_bucket_server_side_encryption_configuration"` with
#     `bucket = aws_s3_bucket.<name>.id` and `rule { apply_server_side_encryption_by_default {
#     sse_algorithm = "aws:kms" kms_master_key_id = aws_kms_key.<name>.arn } }`.
package crm.rules.encryption.s3_bucket_cmk

import data.crm.lib.kms
import data.crm.lib.logging
import data.crm.lib.tf

_kms_algorithms := {"aws:kms", "aws:kms:dsse"}

_split(b) := [input.resources[a] | some a in tf.bound(b.address, "aws_s3_bucket_server_side_encryption_configuration", "bucket")]

# Default-encryption settings in force: {resource, path, algorithm, key}.
_defaults(b) := [_setting(c, "rule.apply_server_side_encryption_by_default", d) |
	some c in split
	some rule in tf.blocks(object.get(c.values, "rule", []))
	some d in tf.blocks(object.get(rule, "apply_server_side_encryption_by_default", []))
] if {
	split := _split(b)
	count(split) > 0
} else := [_setting(b, "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default", d) |
	some c in tf.blocks(object.get(b.values, "server_side_encryption_configuration", []))
	some rule in tf.blocks(object.get(c, "rule", []))
	some d in tf.blocks(object.get(rule, "apply_server_side_encryption_by_default", []))
]

# The key is kept as written and rendered only for a reported default.
_setting(r, path, d) := {
	"resource": r.address,
	"algorithm": object.get(d, "sse_algorithm", null),
	"algorithm_unknown": object.get(r.unknown, concat(".", [path, "sse_algorithm"]), false),
	"key": kms.key_at(r, concat(".", [path, "kms_master_key_id"]), key),
	"key_value": key,
} if key := object.get(d, "kms_master_key_id", null)

_lb_log_names := {name |
	some type in ["aws_lb", "aws_alb"]
	some lb in tf.resources(type)
	some l in tf.blocks(object.get(lb.values, "access_logs", []))
	name := l.bucket
	is_string(name)
}

_log_target(b) if logging.log_target(b)

_log_target(b) if {
	some type in ["aws_lb", "aws_alb"]
	some a in tf.referrers(b.address, type)
	b.address in tf.refs(input.resources[a], "access_logs.bucket")
}

_log_target(b) if b.values.bucket in _lb_log_names

_compliant(_, d) if {
	d.algorithm in _kms_algorithms
	d.key == "cmk"
}

_compliant(b, d) if {
	d.algorithm == "AES256"
	_log_target(b)
}

_pending(d) if d.algorithm_unknown == true

_pending(d) if {
	d.algorithm in _kms_algorithms
	d.key == "unknown"
}

# Each bucket with its defaults and their verdict, judged once for every deny rule below.
# A bucket whose bound configuration is the usual one (_usual) is encrypted and left out.
_checked := [[b, ds, _state(b, ds)] |
	some b in tf.resources("aws_s3_bucket")
	not _usual(b)
	ds := _defaults(b)
]

# A sufficient test for "encrypted", without building the settings: a bound
# aws_s3_bucket_server_side_encryption_configuration has a rule list whose default sets
# sse_algorithm aws:kms (or aws:kms:dsse) and a kms_master_key_id that names a referenced
# customer-managed key (tf.kms_key_types) as `<type>.<name>.` (what kms.key_at calls "cmk").
_usual(b) if {
	some a in input.referrers[b.address].aws_s3_bucket_server_side_encryption_configuration
	c := input.resources[a]
	b.address in c.refs.bucket
	rules := c.values.rule
	is_array(rules)
	some rule in rules
	d := rule.apply_server_side_encryption_by_default
	is_object(d)
	d.sse_algorithm in _kms_algorithms
	key := d.kms_master_key_id
	is_string(key)
	some k in c.refs["rule.apply_server_side_encryption_by_default.kms_master_key_id"]
	r := input.resources[k]
	r.type in tf.kms_key_types
	contains(key, concat("", [r.type, ".", r.name, "."]))
}

_state(b, ds) := "encrypted" if {
	some d in ds
	_compliant(b, d)
} else := "maybe" if {
	some d in ds
	_pending(d)
} else := "open"

_by(b, d) := "its legacy inline `server_side_encryption_configuration`" if d.resource == b.address

_by(b, d) := concat("", ["`", d.resource, "`"]) if d.resource != b.address

_unresolved := tf.unresolved("aws_s3_bucket_server_side_encryption_configuration", "bucket")

# A aws_s3_bucket_server_side_encryption_configuration whose `bucket` cannot be resolved may be this bucket's: unverifiable, not "absent".
deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some [b, [], _] in _checked
	count(_unresolved) > 0
	msg := concat("", [
		"`", b.address, "` has no aws_s3_bucket_server_side_encryption_configuration bound to it by reference or name, and `", _unresolved[0],
		"` names its bucket by an expression known only after apply; it cannot be proven that a customer-managed KMS key is used",
	])
}

deny contains tf.finding(b, msg) if {
	some [b, [], _] in _checked
	count(_unresolved) == 0
	msg := concat("", [
		"`", b.address, "` has no default encryption configuration (S3 falls back to SSE-S3); bind an ",
		"aws_s3_bucket_server_side_encryption_configuration with `sse_algorithm = \"aws:kms\"` and a customer-managed `kms_master_key_id`",
	])
}

deny contains tf.finding(b, msg) if {
	some [b, ds, "open"] in _checked
	some d in ds
	msg := concat("", [
		"`", b.address, "` is encrypted by ", _by(b, d), " with `sse_algorithm = ", json.marshal(d.algorithm), "` and ", kms.shown("kms_master_key_id", d.key_value),
		"; use `sse_algorithm = \"aws:kms\"` with `kms_master_key_id` set to a customer-managed aws_kms_key",
	])
}

deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some [b, ds, "maybe"] in _checked
	some d in ds
	_pending(d)
	msg := concat("", [
		"`", b.address, "` is encrypted by ", _by(b, d), " with an algorithm or key known only after apply (", kms.shown("kms_master_key_id", d.key_value),
		"); it cannot be proven that a customer-managed KMS key is used",
	])
}
