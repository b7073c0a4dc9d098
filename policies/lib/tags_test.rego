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
