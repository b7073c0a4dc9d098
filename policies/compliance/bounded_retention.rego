# METADATA
# title: PII-bearing logs and exports have bounded retention
# description: >-
#   Storage limitation: logs and exports must not keep personal data forever (with CRM-LOG-008 this
#   sets a window: at least `min_log_retention_days`, at most `max_log_retention_days`). Every
#   aws_cloudwatch_log_group needs `retention_in_days` set, not 0 (never expire), and at most
#   `max_log_retention_days`. Log and export buckets (server access-log targets, `s3_bucket_name` of
#   aws_cloudtrail / aws_config_delivery_channel / aws_rds_export_task, `access_logs.bucket` of
#   load balancers, S3 flow-log destinations, or `Purpose` tagged logs, audit, cloudtrail or export)
#   need an Enabled lifecycle rule (a bound aws_s3_bucket_lifecycle_configuration, or the legacy
#   inline `lifecycle_rule`) with `expiration.days` at most `max_log_retention_days`, plus
#   `noncurrent_version_expiration` within the same bound when the bucket is versioned. Values known
#   only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-CMP-005
#   severity: low
#   family: CMP
#   controls:
#     aws-fsbp: [S3.13, CloudWatch.16]
#     iso27001-2022: [A.8.10, "A.5.33?"]
#     gdpr: ["Art. 5(1)(e)?"]
#   remediation: >-
#     CDKTF: `retentionInDays: 365` on CloudwatchLogGroup; an S3BucketLifecycleConfiguration `{ bucket:
#     logs.id, rule: [{ id: "expire", status: "Enabled", filter: {}, expiration: { days: 400 },
#     noncurrentVersionExpiration: { noncurrentDays: 30 } }] }`. Terraform: `retention_in_days = 365`;
#     `aws_s3_bucket_lifecycle_configuration` with `expiration { days = 400 }` and
#     `noncurrent_version_expiration { noncurrent_days = 30 }`.
package crm.rules.compliance.bounded_retention

import data.crm.lib.dr
import data.crm.lib.logging
import data.crm.lib.tags
import data.crm.lib.tf

_max := data.config.max_log_retention_days

# The log groups and buckets, each list built once (a rule, where tf.resources is a function
# call evaluated again by every body that names it).
_log_groups := tf.resources("aws_cloudwatch_log_group")

_buckets := tf.resources("aws_s3_bucket")

# --- log groups ----------------------------------------------------------------------------------

deny contains tf.finding(g, msg) if {
	some g in _log_groups
	not tf.unknown(g, "retention_in_days")
	days := tf.value(g, "retention_in_days", 0)
	_unbounded(days)
	msg := concat("", [
		"`", g.address, "` keeps log events forever (", tf.shown(g, "retention_in_days"), "); set `retention_in_days` to at most ",
		format_int(_max, 10),
	])
}

_unbounded(days) if days == 0

deny contains tf.finding(g, msg) if {
	some g in _log_groups
	days := g.values.retention_in_days
	is_number(days)
	days > _max
	msg := concat("", [
		"`", g.address, "` keeps log events for ", tf.shown(g, "retention_in_days"), " days, above max_log_retention_days ",
		format_int(_max, 10), "; lower it",
	])
}

deny contains tf.unverifiable(g, "retention_in_days", "log retention is bounded") if {
	some g in _log_groups
	tf.unknown(g, "retention_in_days")
}

# --- log and export buckets ----------------------------------------------------------------------

_purposes := {"logs", "log", "access-logs", "audit", "cloudtrail", "export"}

# Bucket name -> every bucket declaring it (a set: the same name twice never aborts the run).
_by_name[b.values.bucket] contains b.address if {
	some b in _buckets
	is_string(b.values.bucket)
	not dr.expr(b.values.bucket)
}

_name_targets := [
	["aws_cloudtrail", "s3_bucket_name"],
	["aws_config_delivery_channel", "s3_bucket_name"],
	["aws_rds_export_task", "s3_bucket_name"],
]

_scope contains b.address if {
	some b in _buckets
	lower(tags.tag(b, "Purpose")) in _purposes
}

_scope contains b.address if {
	some b in _buckets
	logging.log_target(b)
}

_scope contains a if {
	some [type, attr] in _name_targets
	some t in tf.resources(type)
	some a in tf.refs(t, attr)
	input.resources[a].type == "aws_s3_bucket"
}

_scope contains a if {
	some [type, attr] in _name_targets
	some t in tf.resources(type)
	some a in _by_name[object.get(t.values, attr, null)]
}

_scope contains a if {
	some type in ["aws_lb", "aws_alb"]
	some lb in tf.resources(type)
	some a in tf.refs(lb, "access_logs.bucket")
	input.resources[a].type == "aws_s3_bucket"
}

_scope contains a if {
	some type in ["aws_lb", "aws_alb"]
	some lb in tf.resources(type)
	some l in tf.blocks(object.get(lb.values, "access_logs", []))
	some a in _by_name[object.get(l, "bucket", null)]
}

_scope contains a if {
	some fl in tf.resources("aws_flow_log")
	some a in tf.refs(fl, "log_destination")
	input.resources[a].type == "aws_s3_bucket"
}

# Enabled lifecycle rules: split configuration wins, else legacy inline lifecycle_rule.
_rules(b) := _rules_of(b, tf.bound(b.address, "aws_s3_bucket_lifecycle_configuration", "bucket"))

_rules_of(_, split) := [{"where": c.address, "rule": rule, "split": true} |
	some a in split
	c := input.resources[a]
	some rule in tf.blocks(object.get(c.values, "rule", []))
	object.get(rule, "status", "Enabled") == "Enabled"
] if count(split) > 0

_rules_of(b, split) := [{"where": b.address, "rule": rule, "split": false} |
	some rule in tf.blocks(object.get(b.values, "lifecycle_rule", []))
	object.get(rule, "enabled", false) == true
] if count(split) == 0

_expirations(b) := [object.get(e, "days", null) | some r in _rules(b); some e in tf.blocks(object.get(r.rule, "expiration", []))]

_noncurrent(b) := [_noncurrent_days(r, e) | some r in _rules(b); some e in tf.blocks(object.get(r.rule, "noncurrent_version_expiration", []))]

_noncurrent_days(r, e) := object.get(e, "noncurrent_days", null) if r.split

_noncurrent_days(r, e) := object.get(e, "days", null) if not r.split

_bounded(days) if {
	is_number(days)
	days > 0
	days <= _max
}

_unknown(vs) if {
	some v in vs
	dr.expr(v)
}

_versioned(b) if {
	some st in dr.versioning_status(b)
	dr.versioning_on(st)
}

deny contains {"resource": a, "message": msg} if {
	some a in _scope
	b := input.resources[a]
	not _some_bounded(_expirations(b))
	not _unknown(_expirations(b))
	msg := concat("", [
		"`", a, "` holds logs or exports but no Enabled lifecycle rule expires its objects within ", format_int(_max, 10),
		" days (`expiration.days`: ", tf.show(_expirations(b)), "); add an aws_s3_bucket_lifecycle_configuration with ",
		"`expiration { days = <= ", format_int(_max, 10), " }`",
	])
}

deny contains {"resource": a, "message": msg} if {
	some a in _scope
	b := input.resources[a]
	_versioned(b)
	not _some_bounded(_noncurrent(b))
	not _unknown(_noncurrent(b))
	msg := concat("", [
		"`", a, "` is versioned but no Enabled lifecycle rule expires noncurrent versions within ", format_int(_max, 10),
		" days (`noncurrent_version_expiration`: ", tf.show(_noncurrent(b)), "), so deleted log objects are kept forever; add one",
	])
}

_some_bounded(vs) if {
	some v in vs
	_bounded(v)
}

deny contains {"resource": a, "message": msg, "unverifiable": true} if {
	some a in _scope
	b := input.resources[a]
	some vs in [_expirations(b), _noncurrent(b)]
	not _some_bounded(vs)
	_unknown(vs)
	msg := concat("", [
		"`", a, "` sets its lifecycle expiration from an expression known only after apply, ",
		"so it cannot be proven that its logs or exports expire",
	])
}
