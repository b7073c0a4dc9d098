package crm.lib.tags_test

import data.crm.lib.fixtures as fx
import data.crm.lib.tags

test_effective_merges_defaults_tags_all_and_tags if {
	r := fx.resource("aws_s3_bucket.b", {"tags_all": {"A": "1", "B": "1"}, "tags": {"B": "2"}})
	m := fx.model_with([r], {"providers": {"aws": {"key": "aws", "values": {"default_tags": {"tags": {"A": "0", "C": "0"}}}}}})
	tags.effective(r) == {"A": "1", "B": "2", "C": "0"} with input as m
}

test_effective_ignores_non_object_tags if {
	r := fx.resource("aws_s3_bucket.b", {"tags": "${var.tags}"})
	tags.effective(r) == {} with input as fx.model([r])
	tags.tags_unknown(r)
}

test_value_unknown if {
	tags.value_unknown("${var.x}")
	not tags.value_unknown("x")
}

test_tag_reads_the_first_layer_holding_the_key if {
	r := fx.resource("aws_s3_bucket.b", {"tags_all": {"A": "1", "B": "1"}, "tags": {"B": "2", "N": null}})
	m := fx.model_with([r], {"providers": {"aws": {"key": "aws", "values": {"default_tags": {"tags": {"A": "0", "C": "0"}}}}}})
	tags.tag(r, "A") == "1" with input as m
	tags.tag(r, "B") == "2" with input as m
	tags.tag(r, "C") == "0" with input as m
	tags.tag(r, "N") == null with input as m
	not tags.tag(r, "D") with input as m
	tags.tag_or(r, "D", "none") == "none" with input as m
}

test_tag_merges_object_values_like_effective if {
	r := fx.resource("aws_s3_bucket.b", {"tags": {"X": {"b": "2"}}})
	m := fx.model_with([r], {"providers": {"aws": {"key": "aws", "values": {"default_tags": {"tags": {"X": {"a": "1"}}}}}}})
	tags.tag(r, "X") == {"a": "1", "b": "2"} with input as m
	tags.tag_or(r, "X", "none") == tags.effective(r).X with input as m
}

test_tag_holding_the_absent_marker_is_still_read if {
	r := fx.resource("aws_s3_bucket.b", {"tags": {"S": {"(absent)"}}})
	tags.tag(r, "S") == {"(absent)"} with input as fx.model([r])
}

test_provider_defaults_by_key if {
	m := fx.model_with([], {"providers": {"aws": {"key": "aws", "values": {"default_tags": {"tags": {"A": "0"}}}}}})
	tags.provider_defaults("aws") == {"A": "0"} with input as m
	tags.provider_defaults("aws.other") == {} with input as m
}
