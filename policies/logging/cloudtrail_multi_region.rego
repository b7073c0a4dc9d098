# METADATA
# title: A multi-region CloudTrail records all management events
# description: >-
#   Without it there is no audit trail of who touched CRM resources. The stack must declare at least
#   one aws_cloudtrail with `is_multi_region_trail = true`, logging on (`enable_logging`, default
#   true), global service events included (`include_global_service_events`, default true) and all
#   management events: no selectors, an `event_selector` with `include_management_events` true
#   (default), `read_write_type = "All"` (default) and no `exclude_management_event_sources`
#   (excluding e.g. kms.amazonaws.com drops those management events), or an
#   `advanced_event_selector` selecting `eventCategory = Management` with no further field filter
#   (`readOnly`, `eventSource` not_equals ...). This is an existence control: it does
#   not apply when `account_baseline_external` is true (an organization trail elsewhere). When no
#   trail qualifies, each declared trail is reported with what it lacks; a flag, or selectors,
#   known only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-LOG-001
#   severity: high
#   family: LOG
#   controls:
#     aws-fsbp: [CloudTrail.1]
#     cis-aws-3.0: ["3.1"]
#     iso27001-2022: ["A.8.15?"]
#     gdpr: [Art. 30]
#   remediation: >-
#     CDKTF: `new Cloudtrail(this, "trail", { name, s3BucketName: auditBucket.id,
#     isMultiRegionTrail: true, includeGlobalServiceEvents: true, enableLogging: true, ... })` without
#     management-event exclusions. Terraform: `resource "aws_cloudtrail"` with
#     `is_multi_region_trail = true`, `enable_logging = true`, `include_global_service_events = true`
#     and `event_selector { read_write_type = "All", include_management_events = true }`.
package crm.rules.logging.cloudtrail_multi_region

import data.crm.lib.logging
import data.crm.lib.regions
import data.crm.lib.tf

_flags := {"is_multi_region_trail": false, "enable_logging": true, "include_global_service_events": true}

# Reasons a trail does not record all management events in every region (empty: it qualifies).
_gaps(t) := {g | some g in _flag_gaps(t)} | {g | some g in _selector_gaps(t)}

_flag_gaps(t) := [concat("", [tf.shown(t, attr), " (needs true)"]) |
	some attr, default_value in _flags
	not tf.unknown(t, attr)
	tf.value(t, attr, default_value) != true
]

_unknown_flags(t) := [attr | some attr, _ in _flags; tf.unknown(t, attr)]

_selector_gaps(t) := ["its `event_selector` blocks exclude management events, event sources or read/write types"] if {
	not logging.selectors_unknown(t)
	selectors := tf.blocks(object.get(t.values, "event_selector", []))
	count(selectors) > 0
	not _management_selector(selectors)
}

_selector_gaps(t) := ["its `advanced_event_selector` blocks do not select all Management events"] if {
	not logging.selectors_unknown(t)
	selectors := tf.blocks(object.get(t.values, "advanced_event_selector", []))
	count(selectors) > 0
	not _advanced_management(selectors)
}

_selector_gaps(t) := [] if {
	count(tf.blocks(object.get(t.values, "event_selector", []))) == 0
	count(tf.blocks(object.get(t.values, "advanced_event_selector", []))) == 0
}

_management_selector(selectors) if {
	some s in selectors
	object.get(s, "include_management_events", true) != false
	object.get(s, "read_write_type", "All") == "All"
	count(object.get(s, "exclude_management_event_sources", [])) == 0
}

_advanced_management(selectors) if {
	some s in selectors
	fields := tf.blocks(object.get(s, "field_selector", []))
	some f in fields
	f.field == "eventCategory"
	"Management" in object.get(f, "equals", [])
	count([x | some x in fields; x.field != "eventCategory"]) == 0
}

_qualifying[t.address] := t if {
	some t in tf.resources("aws_cloudtrail")
	count(_gaps(t)) == 0
	count(_unknown_flags(t)) == 0
	not logging.selectors_unknown(t)
}

deny contains {"resource": regions.account_anchor, "message": msg} if {
	not regions.external
	count(regions.in_use) > 0
	count(tf.resources("aws_cloudtrail")) == 0
	msg := concat("", [
		"the stack deploys to ", json.marshal(sort(regions.in_use)), " but declares no aws_cloudtrail; add a multi-region trail",
		" recording all management events (or set account_baseline_external when an organization trail covers the account)",
	])
}

deny contains tf.finding(t, msg) if {
	not regions.external
	count(_qualifying) == 0
	some t in tf.resources("aws_cloudtrail")
	gaps := _gaps(t)
	count(gaps) > 0
	msg := concat("", [
		"`", t.address, "` is not a multi-region trail of all management events: ", concat("; ", sort(gaps)),
		"; no other trail in the stack qualifies",
	])
}

deny contains object.union(tf.unverifiable(t, attr, "the trail records all management events in every region"), {"resource": t.address}) if {
	not regions.external
	count(_qualifying) == 0
	some t in tf.resources("aws_cloudtrail")
	some attr in _unknown_flags(t)
}

deny contains {"resource": t.address, "message": msg, "unverifiable": true} if {
	not regions.external
	count(_qualifying) == 0
	some t in tf.resources("aws_cloudtrail")
	count(_gaps(t)) == 0
	count(_unknown_flags(t)) == 0
	logging.selectors_unknown(t)
	msg := concat("", [
		"`", t.address, "` has event selectors known only in part before apply, so it cannot be proven that ",
		"the trail records all management events in every region; write the selectors with known values",
	])
}
