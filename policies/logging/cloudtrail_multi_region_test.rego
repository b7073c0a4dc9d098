package crm.rules.logging.cloudtrail_multi_region_test

import data.crm.lib.fixtures as fx
import data.crm.rules.logging.cloudtrail_multi_region as rule

_bucket := fx.resource("aws_s3_bucket.b", {})

_trail(values) := fx.resource("aws_cloudtrail.main", object.union({"is_multi_region_trail": true}, values))

test_multi_region_trail_passes if {
	count(rule.deny) == 0 with input as fx.model([_bucket, _trail({})])
}

test_no_trail_fails if {
	some f in rule.deny with input as fx.model([_bucket])
	f.resource == "provider.aws"
	contains(f.message, "declares no aws_cloudtrail")
}

test_no_trail_anchor_is_first_provider_without_default if {
	b := object.union(_bucket, {"provider": "aws.eu"})
	some f in rule.deny with input as fx.model([b])
	f.resource == "provider.aws.eu"
}

test_no_regional_resources_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_iam_role.r", {})])
}

test_external_baseline_not_applicable if {
	count(rule.deny) == 0 with input as fx.model([_bucket, _trail({"is_multi_region_trail": false})]) with data.config.account_baseline_external as true
}

test_single_region_trail_fails if {
	some f in rule.deny with input as fx.model([_bucket, _trail({"is_multi_region_trail": false})])
	f.resource == "aws_cloudtrail.main"
	contains(f.message, "`is_multi_region_trail = false` (needs true)")
}

test_logging_off_fails if {
	some f in rule.deny with input as fx.model([_bucket, _trail({"enable_logging": false, "include_global_service_events": false})])
	contains(f.message, "`enable_logging = false`")
	contains(f.message, "`include_global_service_events = false`")
}

test_one_qualifying_trail_is_enough if {
	other := fx.resource("aws_cloudtrail.data", {"is_multi_region_trail": false})
	count(rule.deny) == 0 with input as fx.model([_bucket, _trail({}), other])
}

test_write_only_selector_fails if {
	t := _trail({"event_selector": [{"read_write_type": "WriteOnly"}]})
	some f in rule.deny with input as fx.model([_bucket, t])
	contains(f.message, "`event_selector` blocks exclude management events")
}

test_all_selector_passes if {
	t := _trail({"event_selector": {"read_write_type": "All", "include_management_events": true}})
	count(rule.deny) == 0 with input as fx.model([_bucket, t])
}

test_advanced_management_selector_passes if {
	t := _trail({"advanced_event_selector": [{"name": "mgmt", "field_selector": [{"field": "eventCategory", "equals": ["Management"]}]}]})
	count(rule.deny) == 0 with input as fx.model([_bucket, t])
}

test_advanced_read_only_selector_fails if {
	t := _trail({"advanced_event_selector": [{"field_selector": [{"field": "eventCategory", "equals": ["Management"]}, {"field": "readOnly", "equals": ["true"]}]}]})
	some f in rule.deny with input as fx.model([_bucket, t])
	contains(f.message, "`advanced_event_selector` blocks do not select all Management events")
}

test_unknown_flag_unverifiable if {
	t := fx.with_unknown(_trail({"is_multi_region_trail": "${var.multi}"}), ["is_multi_region_trail"])
	fs := rule.deny with input as fx.model([_bucket, t])
	count(fs) == 1
	some f in fs
	f.unverifiable == true
	f.resource == "aws_cloudtrail.main"
}

test_excluded_management_event_sources_fail if {
	t := _trail({"event_selector": [{"read_write_type": "All", "include_management_events": true, "exclude_management_event_sources": ["kms.amazonaws.com"]}]})
	some f in rule.deny with input as fx.model([_bucket, t])
	contains(f.message, "exclude management events, event sources")
}

test_advanced_event_source_exclusion_fails if {
	t := _trail({"advanced_event_selector": [{"field_selector": [{"field": "eventCategory", "equals": ["Management"]}, {"field": "eventSource", "not_equals": ["kms.amazonaws.com"]}]}]})
	count(rule.deny) == 1 with input as fx.model([_bucket, t])
}

test_selectors_known_only_in_part_are_unverifiable if {
	sel := {"include_management_events": "${lookup(event_selector.value, \"include_management_events\", null)}", "read_write_type": "${lookup(event_selector.value, \"read_write_type\", null)}"}
	t := fx.with_unknown(_trail({"event_selector": [sel]}), ["event_selector", "event_selector.include_management_events", "event_selector.read_write_type"])
	findings := rule.deny with input as fx.model([_bucket, t])
	count(findings) == 1
	some f in findings
	f.unverifiable == true
	contains(f.message, "event selectors known only in part")
}

test_selectors_known_only_in_part_with_a_definite_gap_is_a_finding if {
	t := fx.with_unknown(_trail({"is_multi_region_trail": false, "advanced_event_selector": "${var.selectors}"}), ["advanced_event_selector"])
	findings := rule.deny with input as fx.model([_bucket, t])
	count(findings) == 1
	some f in findings
	not f.unverifiable
	contains(f.message, "`is_multi_region_trail = false` (needs true)")
}
