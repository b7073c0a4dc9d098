# METADATA
# title: Backup, audit and export buckets use Object Lock
# description: >-
#   Immutable copies are the ransomware backstop. Buckets tagged `Purpose` backup, audit,
#   cloudtrail or export (effective tags, provider default_tags included), and buckets that receive
#   CloudTrail logs, AWS Config deliveries or RDS exports (`s3_bucket_name` of aws_cloudtrail,
#   aws_config_delivery_channel or aws_rds_export_task, by reference or literal name) need Object
#   Lock with a default retention of at least `vault_min_retention_days` (default 35): an
#   aws_s3_bucket_object_lock_configuration bound through `bucket` (or the legacy inline
#   `object_lock_configuration`) with `rule.default_retention` days (or years x 365). Object Lock
#   must be on: `object_lock_enabled = true` on the bucket, the split configuration, or the legacy
#   block's `object_lock_enabled = "Enabled"`. COMPLIANCE mode is preferred; GOVERNANCE is accepted
#   (it can be bypassed with s3:BypassGovernanceRetention). Values known only after apply are
#   unverifiable.
# scope: package
# custom:
#   id: CRM-BDR-010
#   severity: high
#   family: BDR
#   controls:
#     aws-fsbp: [S3.15]
#     iso27001-2022: ["A.8.13?", "A.5.33?"]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: `objectLockEnabled: true` on the S3Bucket and `new S3BucketObjectLockConfigurationA(this,
#     "lock", { bucket: bucket.id, rule: { defaultRetention: { mode: "COMPLIANCE", days: 35 } } })`.
#     Terraform: `object_lock_enabled = true` and `resource "aws_s3_bucket_object_lock_configuration" {
#     bucket = aws_s3_bucket.<name>.id rule { default_retention { mode = "COMPLIANCE" days = 35 } } }`.
package crm.rules.backup_dr.s3_object_lock

import data.crm.lib.dr
import data.crm.lib.tags
import data.crm.lib.tf

_purposes := {"backup", "audit", "cloudtrail", "export"}

_target_types := ["aws_cloudtrail", "aws_config_delivery_channel", "aws_rds_export_task"]

# Bucket name -> every bucket declaring it (a set: the same name twice never aborts the run).
_by_name[b.values.bucket] contains b.address if {
	some b in tf.resources("aws_s3_bucket")
	is_string(b.values.bucket)
	not dr.expr(b.values.bucket)
}

_why(b) := concat("", ["tagged `Purpose = ", tags.tag(b, "Purpose"), "`"]) if lower(tags.tag(b, "Purpose")) in _purposes

_scope contains [b.address, _why(b)] if {
	some b in tf.resources("aws_s3_bucket")
	lower(tags.tag(b, "Purpose")) in _purposes
}

_scope contains [a, concat("", ["the `s3_bucket_name` of `", t.address, "`"])] if {
	some type in _target_types
	some t in tf.resources(type)
	some a in tf.refs(t, "s3_bucket_name")
	input.resources[a].type == "aws_s3_bucket"
}

_scope contains [a, concat("", ["the `s3_bucket_name` of `", t.address, "`"])] if {
	some type in _target_types
	some t in tf.resources(type)
	is_string(t.values.s3_bucket_name)
	some a in _by_name[t.values.s3_bucket_name]
}

_buckets := {a | some [a, _] in _scope}

_reasons(a) := concat(", ", sort({w | some [x, w] in _scope; x == a}))

_split(b) := [input.resources[a] | some a in tf.bound(b.address, "aws_s3_bucket_object_lock_configuration", "bucket")]

_legacy(b) := tf.blocks(object.get(b.values, "object_lock_configuration", []))

# Retention rules: split configuration wins; else the legacy inline block.
_retentions(b) := [{"where": c.address, "r": d} |
	some c in _split(b)
	some rule in tf.blocks(object.get(c.values, "rule", []))
	some d in tf.blocks(object.get(rule, "default_retention", []))
] if count(_split(b)) > 0

_retentions(b) := [{"where": b.address, "r": d} |
	some cfg in _legacy(b)
	some rule in tf.blocks(object.get(cfg, "rule", []))
	some d in tf.blocks(object.get(rule, "default_retention", []))
] if count(_split(b)) == 0

_enabled(b) if b.values.object_lock_enabled == true

_enabled(b) if count(_split(b)) > 0

_enabled(b) if {
	some cfg in _legacy(b)
	cfg.object_lock_enabled == "Enabled"
}

_min := data.config.vault_min_retention_days

_days(d) := d.days if is_number(d.days)

_days(d) := d.years * 365 if {
	not is_number(object.get(d, "days", null))
	is_number(d.years)
}

_unknown(d) if {
	some attr in ["days", "years", "mode"]
	dr.expr(object.get(d, attr, null))
}

_good(b) if {
	some x in _retentions(b)
	_days(x.r) >= _min
	x.r.mode in {"COMPLIANCE", "GOVERNANCE"}
}

deny contains {"resource": a, "message": msg} if {
	some a in _buckets
	b := input.resources[a]
	not _enabled(b)
	not tf.unknown(b, "object_lock_enabled")
	msg := concat("", [
		"`", a, "` (", _reasons(a), ") has no Object Lock (", tf.shown(b, "object_lock_enabled"),
		", no aws_s3_bucket_object_lock_configuration bound); set `object_lock_enabled = true` and add a default retention of at least ",
		format_int(_min, 10), " days",
	])
}

deny contains {"resource": a, "message": msg} if {
	some a in _buckets
	b := input.resources[a]
	_enabled(b)
	count(_retentions(b)) == 0
	msg := concat("", [
		"`", a, "` (", _reasons(a), ") has Object Lock without a `rule.default_retention`, so new objects are not locked; ",
		"add `default_retention { mode = \"COMPLIANCE\", days = ", format_int(_min, 10), " }`",
	])
}

deny contains {"resource": x.where, "message": msg} if {
	some a in _buckets
	b := input.resources[a]
	_enabled(b)
	not _good(b)
	some x in _retentions(b)
	not _unknown(x.r)
	msg := concat("", [
		"`", x.where, "` locks `", a, "` with `default_retention = ", tf.show(x.r), "`; use mode COMPLIANCE (or GOVERNANCE) ",
		"with at least ", format_int(_min, 10), " days",
	])
}

deny contains {"resource": a, "message": msg, "unverifiable": true} if {
	some a in _buckets
	b := input.resources[a]
	not _good(b)
	_any_unknown(b)
	msg := concat("", [
		"`", a, "` (", _reasons(a), ") sets its Object Lock from values known only after apply, ",
		"so it cannot be proven that objects are locked for ", format_int(_min, 10), " days",
	])
}

_any_unknown(b) if tf.unknown(b, "object_lock_enabled")

_any_unknown(b) if {
	some x in _retentions(b)
	_unknown(x.r)
}
