# METADATA
# title: Object-level (data event) logging covers the CRM buckets
# description: >-
#   CloudTrail S3 data events are the only record of who read or wrote which customer attachment.
#   Every aws_s3_bucket (except server-access-log targets and the trail's own delivery bucket) must be
#   covered for both reads and writes by a logging aws_cloudtrail: an `event_selector` with
#   `data_resource { type = "AWS::S3::Object", values = [...] }` naming the bucket
#   (`${aws_s3_bucket.B.arn}/` or `arn:aws:s3:::<name>/`) or all buckets (`arn:aws:s3`), with
#   `read_write_type` All (or ReadOnly plus WriteOnly selectors); or an `advanced_event_selector`
#   with `eventCategory = Data`, `resources.type = AWS::S3::Object` and an optional `resources.ARN`
#   filter naming the bucket. If a selector names buckets only through expressions that cannot be
#   resolved, or the selectors themselves are known only in part before apply (a dynamic block over
#   values known later), an uncovered bucket is unverifiable.
# scope: package
# custom:
#   id: CRM-LOG-005
#   severity: medium
#   family: LOG
#   controls:
#     aws-fsbp: [S3.22, S3.23]
#     cis-aws-3.0: ["3.8", "3.9"]
#     iso27001-2022: [A.8.15]
#     gdpr: [Art. 30]
#   remediation: >-
#     CDKTF: on the Cloudtrail add `eventSelector: [{ readWriteType: "All",
#     includeManagementEvents: true, dataResource: [{ type: "AWS::S3::Object", values:
#     [`${bucket.arn}/`] }] }]` (or an advancedEventSelector for eventCategory Data).
#     Terraform: `event_selector { read_write_type = "All" data_resource { type = "AWS::S3::Object"
#     values = ["${aws_s3_bucket.attachments.arn}/"] } }`.
package crm.rules.logging.s3_data_events

import data.crm.lib.logging
import data.crm.lib.tf

_trails[t.address] := t if {
	some t in tf.resources("aws_cloudtrail")
	not t.values.enable_logging == false
}

_modes := {"All": {"read", "write"}, "ReadOnly": {"read"}, "WriteOnly": {"write"}}

_all_buckets := {"arn:aws:s3", "arn:aws:s3:::"}

# What an S3 object ARN value selects: "*" (every bucket), bucket addresses, "name:<bucket>" or "?" (unresolvable).
_targets(_, v) := {"*"} if v in _all_buckets

_targets(t, v) := _expression_targets(t, v) if {
	contains(v, "${")
	count(_expression_targets(t, v)) > 0
}

_targets(t, v) := {"?"} if {
	contains(v, "${")
	count(_expression_targets(t, v)) == 0
}

# Buckets an expression names: `aws_s3_bucket.<name>.<attr>` of the trail's own stack, or, in a
# joined CDKTF app, another stack's bucket read through remote state (tf.remote_targets).
_expression_targets(t, v) := {_in_stack_of(t, concat(".", ["aws_s3_bucket", m[1]])) | some m in regex.find_all_string_submatch_n(`aws_s3_bucket\.([A-Za-z0-9_-]+)\.(arn|bucket|id)`, v, -1)} | tf.remote_targets(v)

# A trail of another stack of the app names that stack's buckets, here `<stack>:<address>`.
_in_stack_of(t, address) := concat(":", [t.stack, address]) if is_string(t.stack)

_in_stack_of(t, address) := address if not t.stack

_targets(_, v) := {concat("", ["name:", split(trim_prefix(v, "arn:aws:s3:::"), "/")[0]])} if {
	not contains(v, "${")
	not v in _all_buckets
	startswith(v, "arn:aws:s3:::")
}

_coverage contains [target, mode] if {
	some t in _trails
	some s in tf.blocks(object.get(t.values, "event_selector", []))
	some d in tf.blocks(object.get(s, "data_resource", []))
	d.type == "AWS::S3::Object"
	some v in object.get(d, "values", [])
	some target in _targets(t, v)
	some mode in _modes[object.get(s, "read_write_type", "All")]
}

# Selectors known only in part before apply (a dynamic block over values known later, a token for
# the blocks): they may log any bucket's data events, so a gap is unverifiable, not a finding.
_coverage contains ["?", mode] if {
	some t in _trails
	logging.selectors_unknown(t)
	some mode in _mode_list
}

# A data resource whose `values` list is itself known only after apply.
_coverage contains ["?", mode] if {
	some t in _trails
	some s in tf.blocks(object.get(t.values, "event_selector", []))
	some d in tf.blocks(object.get(s, "data_resource", []))
	d.type == "AWS::S3::Object"
	is_string(d.values)
	some mode in _mode_list
}

_field(fields, name) := [f | some f in fields; f.field == name]

_advanced_modes(fields) := {"read", "write"} if count(_field(fields, "readOnly")) == 0

_advanced_modes(fields) := {"read"} if {
	some f in _field(fields, "readOnly")
	f.equals == ["true"]
}

_advanced_modes(fields) := {"write"} if {
	some f in _field(fields, "readOnly")
	f.equals == ["false"]
}

_advanced_targets(_, fields) := {"*"} if count(_field(fields, "resources.ARN")) == 0

_advanced_targets(t, fields) := {target |
	some f in _field(fields, "resources.ARN")
	some op in ["equals", "starts_with"]
	some v in object.get(f, op, [])
	some target in _targets(t, v)
} if count(_field(fields, "resources.ARN")) > 0

_coverage contains [target, mode] if {
	some t in _trails
	some s in tf.blocks(object.get(t.values, "advanced_event_selector", []))
	fields := tf.blocks(object.get(s, "field_selector", []))
	some c in _field(fields, "eventCategory")
	"Data" in c.equals
	some r in _field(fields, "resources.type")
	"AWS::S3::Object" in r.equals
	some target in _advanced_targets(t, fields)
	some mode in _advanced_modes(fields)
}

_trail_bucket_names := {t.values.s3_bucket_name | some t in tf.resources("aws_cloudtrail"); is_string(t.values.s3_bucket_name)}

_trail_bucket(b) if count(tf.bound(b.address, "aws_cloudtrail", "s3_bucket_name")) > 0

_trail_bucket(b) if b.values.bucket in _trail_bucket_names

_crm_buckets[b.address] := b if {
	some b in tf.resources("aws_s3_bucket")
	not logging.log_target(b)
	not _trail_bucket(b)
}

_covered(_, mode) if ["*", mode] in _coverage

_covered(b, mode) if [b.address, mode] in _coverage

_covered(b, mode) if [concat("", ["name:", b.values.bucket]), mode] in _coverage

_missing(b) := {mode | some mode in _mode_list; not _covered(b, mode)} if count(_coverage) > 0

_mode_list := ["read", "write"]

# No trail logs S3 data events at all: every bucket misses both, without a lookup per bucket and mode.
_missing(_) := _both if count(_coverage) == 0

_both := {"read", "write"}

# Each bucket with the modes it misses, computed once (wasm memoizes no function call).
_gaps := [[b, missing] |
	some b in _crm_buckets
	missing := _missing(b)
	count(missing) > 0
]

_names := {"read": "reads", "write": "writes"}

_missing_text(missing) := concat(" and ", [_names[m] | some m in sort(missing)])

deny contains tf.finding(b, msg) if {
	some [b, missing] in _gaps
	not _unresolved(missing)
	msg := concat("", [
		"`", b.address, "` has no CloudTrail S3 data-event logging of its object ", _missing_text(missing),
		"; add an `event_selector` with `data_resource { type = \"AWS::S3::Object\", values = [\"${", b.address, ".arn}/\"] }` and `read_write_type = \"All\"`",
	])
}

_unresolved(missing) if {
	some mode in missing
	["?", mode] in _coverage
}

deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some [b, missing] in _gaps
	_unresolved(missing)
	msg := concat("", [
		"`", b.address, "` is not provably covered by CloudTrail S3 data events for object ", _missing_text(missing),
		": a trail selects buckets through expressions known only after apply; name the bucket ARN in the selector",
	])
}
