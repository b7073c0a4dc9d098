package crm.rules.logging.s3_data_events_test

import data.crm.lib.fixtures as fx
import data.crm.rules.logging.s3_data_events as rule

_bucket := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files"})

_trail(selectors) := fx.resource("aws_cloudtrail.t", object.union({"s3_bucket_name": "crm-audit"}, selectors))

_selector(rw, values) := {"read_write_type": rw, "data_resource": [{"type": "AWS::S3::Object", "values": values}]}

test_bucket_arn_selector_passes if {
	t := _trail({"event_selector": [_selector("All", ["${aws_s3_bucket.files.arn}/"])]})
	count(rule.deny) == 0 with input as fx.model([_bucket, t])
}

test_all_buckets_selector_passes if {
	t := _trail({"event_selector": {"data_resource": {"type": "AWS::S3::Object", "values": ["arn:aws:s3"]}}})
	count(rule.deny) == 0 with input as fx.model([_bucket, t])
}

test_literal_bucket_name_passes if {
	t := _trail({"event_selector": [_selector("All", ["arn:aws:s3:::crm-files/"])]})
	count(rule.deny) == 0 with input as fx.model([_bucket, t])
}

test_read_and_write_selectors_pass if {
	t := _trail({"event_selector": [_selector("ReadOnly", ["arn:aws:s3:::crm-files/"]), _selector("WriteOnly", ["${aws_s3_bucket.files.arn}/"])]})
	count(rule.deny) == 0 with input as fx.model([_bucket, t])
}

test_no_trail_fails if {
	some f in rule.deny with input as fx.model([_bucket])
	f.resource == "aws_s3_bucket.files"
	contains(f.message, "object reads and writes")
}

test_write_only_fails_for_reads if {
	t := _trail({"event_selector": [_selector("WriteOnly", ["arn:aws:s3"])]})
	some f in rule.deny with input as fx.model([_bucket, t])
	contains(f.message, "object reads;")
}

test_other_bucket_only_fails if {
	t := _trail({"event_selector": [_selector("All", ["${aws_s3_bucket.other.arn}/"])]})
	count(rule.deny) == 1 with input as fx.model([_bucket, t])
}

test_disabled_trail_does_not_count if {
	t := _trail({"enable_logging": false, "event_selector": [_selector("All", ["arn:aws:s3"])]})
	count(rule.deny) == 1 with input as fx.model([_bucket, t])
}

test_advanced_selector_passes if {
	t := _trail({"advanced_event_selector": [{"field_selector": [
		{"field": "eventCategory", "equals": ["Data"]},
		{"field": "resources.type", "equals": ["AWS::S3::Object"]},
		{"field": "resources.ARN", "starts_with": ["${aws_s3_bucket.files.arn}/"]},
	]}]})
	count(rule.deny) == 0 with input as fx.model([_bucket, t])
}

test_advanced_all_buckets_read_and_write_split_passes if {
	base := [{"field": "eventCategory", "equals": ["Data"]}, {"field": "resources.type", "equals": ["AWS::S3::Object"]}]
	t := _trail({"advanced_event_selector": [
		{"field_selector": array.concat(base, [{"field": "readOnly", "equals": ["true"]}])},
		{"field_selector": array.concat(base, [{"field": "readOnly", "equals": ["false"]}])},
	]})
	count(rule.deny) == 0 with input as fx.model([_bucket, t])
}

test_advanced_read_only_fails if {
	t := _trail({"advanced_event_selector": [{"field_selector": [
		{"field": "eventCategory", "equals": ["Data"]},
		{"field": "resources.type", "equals": ["AWS::S3::Object"]},
		{"field": "readOnly", "equals": ["true"]},
	]}]})
	some f in rule.deny with input as fx.model([_bucket, t])
	contains(f.message, "object writes;")
}

test_log_target_and_trail_bucket_exempt if {
	logs := fx.resource("aws_s3_bucket.logs", {"bucket": "crm-logs"})
	audit := fx.resource("aws_s3_bucket.audit", {"bucket": "crm-audit"})
	l := fx.with_refs(fx.resource("aws_s3_bucket_logging.files", {}), {"bucket": ["aws_s3_bucket.files"], "target_bucket": ["aws_s3_bucket.logs"]})
	t := _trail({"event_selector": [_selector("All", ["${aws_s3_bucket.files.arn}/"])]})
	count(rule.deny) == 0 with input as fx.model([_bucket, logs, audit, l, t])
}

test_trail_bucket_by_reference_exempt if {
	audit := fx.resource("aws_s3_bucket.audit", {"bucket_prefix": "audit-"})
	t := fx.with_refs(fx.resource("aws_cloudtrail.t", {"s3_bucket_name": "${aws_s3_bucket.audit.id}"}), {"s3_bucket_name": ["aws_s3_bucket.audit"]})
	count(rule.deny) == 0 with input as fx.model([audit, t])
}

test_unresolved_selector_unverifiable if {
	t := _trail({"event_selector": [_selector("All", ["${var.bucket_arn}/"])]})
	some f in rule.deny with input as fx.model([_bucket, t])
	f.unverifiable == true
}

# A joined CDKTF app: the trail is in another stack (a peer, keyed `<stack>:<address>`).
_peer_trail(selectors) := object.union(_trail(selectors), {"address": "audit:aws_cloudtrail.t", "stack": "audit", "provider": "audit:aws"})

_read := "data.terraform_remote_state.cross-stack-reference-input-files.outputs.cross-stack-output-aws_s3_bucketfilesarn"

test_trail_of_another_stack_covers_a_bucket_it_reads_through_remote_state if {
	t := _peer_trail({"event_selector": [_selector("All", [concat("", ["${", _read, "}/"])])]})
	m := object.union(fx.model([_bucket, t]), {"cross_stack_reads": {"aws_s3_bucket.files": [_read]}})
	count(rule.deny) == 0 with input as m
}

test_trail_of_another_stack_naming_its_own_bucket_does_not_cover_a_namesake if {
	t := _peer_trail({"event_selector": [_selector("All", ["${aws_s3_bucket.files.arn}/"])]})
	some f in rule.deny with input as fx.model([_bucket, t])
	f.resource == "aws_s3_bucket.files"
	not f.unverifiable
}

test_selector_known_only_in_part_is_unverifiable if {
	sel := {"read_write_type": "${lookup(event_selector.value, \"read_write_type\", null)}", "data_resource": [{"type": "${data_resource.value.type}", "values": "${data_resource.value.values}"}]}
	t := fx.with_unknown(_trail({"event_selector": [sel]}), ["event_selector", "event_selector.data_resource", "event_selector.data_resource.type", "event_selector.data_resource.values", "event_selector.read_write_type"])
	findings := rule.deny with input as fx.model([_bucket, t])
	count(findings) == 1
	some f in findings
	f.unverifiable == true
}

test_advanced_selectors_known_only_later_are_unverifiable if {
	t := fx.with_unknown(_trail({"advanced_event_selector": "${var.selectors}"}), ["advanced_event_selector"])
	some f in rule.deny with input as fx.model([_bucket, t])
	f.unverifiable == true
}

test_values_list_known_only_later_is_unverifiable if {
	t := fx.with_unknown(_trail({"event_selector": [{"data_resource": [{"type": "AWS::S3::Object", "values": "${var.arns}"}]}]}), ["event_selector.data_resource.values"])
	some f in rule.deny with input as fx.model([_bucket, t])
	f.unverifiable == true
}
