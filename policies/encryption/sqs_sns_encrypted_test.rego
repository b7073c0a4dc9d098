package crm.rules.encryption.sqs_sns_encrypted_test

import data.crm.lib.fixtures as fx
import data.crm.rules.encryption.sqs_sns_encrypted as rule

_pii := {"DataClassification": "confidential"}

_cmk(address, tags) := fx.with_refs(fx.resource(address, {"kms_master_key_id": "${aws_kms_key.k.arn}", "tags": tags}), {"kms_master_key_id": ["aws_kms_key.k"]})

test_cmk_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, _cmk("aws_sqs_queue.q", _pii), _cmk("aws_sns_topic.t", _pii)])
}

test_non_pii_service_keys_pass if {
	rs := [
		fx.resource("aws_sqs_queue.q", {"tags": {"DataClassification": "internal"}}),
		fx.resource("aws_sqs_queue.q2", {"sqs_managed_sse_enabled": true}),
		fx.resource("aws_sns_topic.t", {"kms_master_key_id": "alias/aws/sns"}),
	]
	count(rule.deny) == 0 with input as fx.model(rs)
}

test_pii_without_cmk_fails if {
	fs := rule.deny with input as fx.model([fx.resource("aws_sqs_queue.q", {"tags": _pii}), fx.resource("aws_sns_topic.t", {"kms_master_key_id": "alias/aws/sns", "tags": _pii})])
	{f.resource | some f in fs} == {"aws_sqs_queue.q", "aws_sns_topic.t"}
	some f in fs
	contains(f.message, "DataClassification confidential")
}

test_pii_from_provider_default_tags if {
	m := fx.model_with([fx.resource("aws_sqs_queue.q", {})], {"providers": {"aws": {"key": "aws", "values": {"default_tags": [{"tags": _pii}]}}}})
	count(rule.deny) == 1 with input as m
}

test_unencrypted_topic_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_sns_topic.t", {})])
	contains(f.message, "stored unencrypted")
}

test_queue_with_sse_off_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_sqs_queue.q", {"sqs_managed_sse_enabled": false})])
	contains(f.message, "`sqs_managed_sse_enabled = false`")
}

test_unknowns_are_unverifiable if {
	k := fx.with_unknown(fx.resource("aws_sqs_queue.q", {"kms_master_key_id": "${var.k}", "tags": _pii}), ["kms_master_key_id"])
	some f in rule.deny with input as fx.model([k])
	f.unverifiable == true
	t := fx.with_unknown(fx.resource("aws_sns_topic.t", {"tags": "${var.tags}"}), ["tags"])
	some f2 in rule.deny with input as fx.model([t])
	f2.unverifiable == true
	v := fx.with_unknown(fx.resource("aws_sns_topic.t", {"tags": {"DataClassification": "${var.c}"}}), ["tags.DataClassification"])
	some f3 in rule.deny with input as fx.model([v])
	f3.unverifiable == true
	s := fx.with_unknown(fx.resource("aws_sqs_queue.q", {"sqs_managed_sse_enabled": "${var.sse}"}), ["sqs_managed_sse_enabled"])
	some f4 in rule.deny with input as fx.model([s])
	f4.unverifiable == true
}

test_non_pii_unknown_key_passes if {
	k := fx.with_unknown(fx.resource("aws_sns_topic.t", {"kms_master_key_id": "${var.k}"}), ["kms_master_key_id"])
	count(rule.deny) == 0 with input as fx.model([k])
}
