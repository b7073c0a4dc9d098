# METADATA
# title: CRM personal data is not kept forever in old object versions or backups
# description: >-
#   GDPR storage limitation: deleting a customer record must eventually delete every copy. A
#   versioned aws_s3_bucket holding CRM data (every bucket except log, audit and export buckets,
#   which CRM-CMP-005 bounds) needs an Enabled lifecycle rule (bound
#   aws_s3_bucket_lifecycle_configuration, else the legacy inline `lifecycle_rule`) whose
#   `noncurrent_version_expiration` expires old versions within `max_noncurrent_version_days`.
#   Every aws_backup_plan rule needs `lifecycle.delete_after` within `max_backup_retention_days`,
#   and so does each `copy_action` (its recovery points in the other vault); absent means kept
#   forever. Values known only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-CMP-008
#   severity: medium
#   family: CMP
#   controls:
#     iso27001-2022: [A.8.10, "A.5.34?"]
#     gdpr: ["Art. 5(1)(e)", "Art. 17?"]
#   remediation: >-
#     CDKTF: S3BucketLifecycleConfiguration `rule: [{ id: "expire-old-versions", status: "Enabled",
#     filter: {}, noncurrentVersionExpiration: { noncurrentDays: 90 } }]`; BackupPlan rules with
#     `lifecycle: { deleteAfter: 35 }` and the same on each `copyAction`. Terraform:
#     `noncurrent_version_expiration { noncurrent_days = 90 }`, `lifecycle { delete_after = 35 }`.
package crm.rules.compliance.storage_limitation

import data.crm.lib.dr
import data.crm.lib.tags
import data.crm.lib.tf

_max_versions := data.config.max_noncurrent_version_days

_max_backups := data.config.max_backup_retention_days

# --- noncurrent versions of CRM buckets ----------------------------------------------------------

_log_purposes := {"logs", "log", "access-logs", "audit", "cloudtrail", "export"}

# Each CRM bucket with its noncurrent-version expirations, computed once (wasm memoizes no
# function call).
_crm_buckets := [[b, _noncurrent(b)] |
	some b in tf.resources("aws_s3_bucket")
	not lower(tags.tag_or(b, "Purpose", "")) in _log_purposes
	_versioned(b)
]

_versioned(b) if {
	some st in dr.versioning_status(b)
	dr.versioning_on(st)
}

_noncurrent(b) := _noncurrent_days(b, tf.bound(b.address, "aws_s3_bucket_lifecycle_configuration", "bucket"))

_noncurrent_days(_, split) := [object.get(e, "noncurrent_days", null) |
	some a in split
	some rule in tf.blocks(object.get(input.resources[a].values, "rule", []))
	object.get(rule, "status", "Enabled") == "Enabled"
	some e in tf.blocks(object.get(rule, "noncurrent_version_expiration", []))
] if count(split) > 0

_noncurrent_days(b, split) := [object.get(e, "days", null) |
	some rule in tf.blocks(object.get(b.values, "lifecycle_rule", []))
	object.get(rule, "enabled", false) == true
	some e in tf.blocks(object.get(rule, "noncurrent_version_expiration", []))
] if count(split) == 0

_within(days, max) if {
	is_number(days)
	days > 0
	days <= max
}

_some_within(vs, max) if {
	some v in vs
	_within(v, max)
}

_unknown(vs) if {
	some v in vs
	dr.expr(v)
}

deny contains tf.finding(b, msg) if {
	some [b, days] in _crm_buckets
	not _some_within(days, _max_versions)
	not _unknown(days)
	msg := concat("", [
		"`", b.address, "` is versioned but no Enabled lifecycle rule expires noncurrent versions within ",
		format_int(_max_versions, 10), " days (`noncurrent_version_expiration`: ", tf.show(days),
		"), so deleted customer data is kept forever in old versions; add one",
	])
}

deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some [b, days] in _crm_buckets
	not _some_within(days, _max_versions)
	_unknown(days)
	msg := concat("", ["`", b.address, "` sets noncurrent-version expiration from expressions known only after apply; it cannot be proven that old versions expire"])
}

# --- backup retention ------------------------------------------------------------------------------

# [where, delete_after] for each rule and each copy action of a plan.
_retentions(p) := array.concat(
	[[concat("", ["rule `", object.get(r, "rule_name", "?"), "`"]), _delete_after(r)] |
		some r in tf.blocks(object.get(p.values, "rule", []))
	],
	[[concat("", ["the copy action of rule `", object.get(r, "rule_name", "?"), "`"]), _delete_after(c)] |
		some r in tf.blocks(object.get(p.values, "rule", []))
		some c in tf.blocks(object.get(r, "copy_action", []))
	],
)

_delete_after(block) := object.get(object.union_n(array.concat([{}], tf.blocks(object.get(block, "lifecycle", [])))), "delete_after", null)

deny contains tf.finding(p, msg) if {
	some p in tf.resources("aws_backup_plan")
	some [where, days] in _retentions(p)
	not dr.expr(days)
	not _within(days, _max_backups)
	msg := concat("", [
		"`", p.address, "` ", where, " keeps recovery points ", _kept(days), "; set `lifecycle.delete_after` to at most ",
		format_int(_max_backups, 10), " days",
	])
}

_kept(null) := "forever (no `lifecycle.delete_after`)"

_kept(days) := concat("", ["for ", json.marshal(days), " days"]) if days != null

deny contains {"resource": p.address, "message": msg, "unverifiable": true} if {
	some p in tf.resources("aws_backup_plan")
	some [where, days] in _retentions(p)
	dr.expr(days)
	msg := concat("", ["`", p.address, "` ", where, " sets `lifecycle.delete_after` from an expression known only after apply; it cannot be proven that recovery points expire"])
}
