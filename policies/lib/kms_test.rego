package crm.lib.kms_test

import data.crm.lib.fixtures as fx
import data.crm.lib.kms

_alias := fx.with_refs(fx.resource("aws_kms_alias.a", {"target_key_id": "${aws_kms_key.k.key_id}"}), {"target_key_id": ["aws_kms_key.k"]})

_r(v, refs) := fx.with_refs(fx.resource("aws_sqs_queue.q", {"kms_master_key_id": v}), {"kms_master_key_id": refs})

test_reference_to_key_is_cmk if {
	kms.key(_r("${aws_kms_key.k.arn}", ["aws_kms_key.k"]), "kms_master_key_id") == "cmk" with input as fx.model([fx.kms_key])
}

test_alias_to_key_is_cmk if {
	kms.key(_r("${aws_kms_alias.a.arn}", ["aws_kms_alias.a"]), "kms_master_key_id") == "cmk" with input as fx.model([fx.kms_key, _alias])
}

test_literal_key_arn_is_cmk if {
	kms.key(_r("arn:aws:kms:eu-west-1:123456789012:key/abc", []), "kms_master_key_id") == "cmk"
}

test_aws_managed_aliases if {
	kms.key(_r("alias/aws/sqs", []), "kms_master_key_id") == "aws-managed"
	kms.key(_r("arn:aws:kms:eu-west-1:123456789012:alias/aws/sqs", []), "kms_master_key_id") == "aws-managed"
}

test_absent_and_empty if {
	kms.key(fx.resource("aws_sqs_queue.q", {}), "kms_master_key_id") == "absent"
	kms.key(_r("", []), "kms_master_key_id") == "absent"
	kms.key(fx.with_unknown(fx.resource("aws_sqs_queue.q", {}), ["kms_master_key_id"]), "kms_master_key_id") == "unknown"
}

test_unresolvable_is_unknown if {
	kms.key(_r("${var.key}", []), "kms_master_key_id") == "unknown"
}

# A customer alias can only name a customer-managed key; a key id is known before apply too.
test_literal_key_ids_and_customer_aliases_are_cmk if {
	kms.key(_r("alias/crm", []), "kms_master_key_id") == "cmk"
	kms.key(_r("1234abcd-12ab-34cd-56ef-1234567890ab", []), "kms_master_key_id") == "cmk"
}

test_nested_value_counts_only_its_own_reference if {
	other := fx.resource("aws_sns_topic.t", {})
	r := fx.with_refs(fx.resource("aws_secretsmanager_secret.s", {}), {"replica.kms_key_id": ["aws_kms_key.k", "aws_sns_topic.t"]})
	kms.key_at(r, "replica.kms_key_id", "${aws_sns_topic.t.arn}") == "unknown" with input as fx.model([fx.kms_key, other])
	kms.key_at(r, "replica.kms_key_id", "${aws_kms_key.k.arn}") == "cmk" with input as fx.model([fx.kms_key, other])
}

test_shown if {
	kms.shown("kms_key_id", "alias/aws/rds") == "`kms_key_id = \"alias/aws/rds\"`"
	kms.shown("kms_key_id", null) == "`kms_key_id` absent"
}

test_key_of_another_stack_of_the_app_is_cmk if {
	read := "data.terraform_remote_state.cross-stack-reference-input-keys.outputs.cross-stack-output-aws_kms_keykarn"
	peer := object.union(fx.kms_key, {"address": "keys:aws_kms_key.k", "stack": "keys", "provider": "keys:aws"})
	m := object.union(fx.model([peer]), {"cross_stack_reads": {"keys:aws_kms_key.k": [read]}})
	kms.key(_r(concat("", ["${", read, "}"]), ["keys:aws_kms_key.k"]), "kms_master_key_id") == "cmk" with input as m
}

test_imported_and_replica_keys_are_cmk if {
	ext := fx.resource("aws_kms_external_key.e", {})
	rext := fx.resource("aws_kms_replica_external_key.r", {})
	kms.key(_r("${aws_kms_external_key.e.arn}", ["aws_kms_external_key.e"]), "kms_master_key_id") == "cmk" with input as fx.model([ext])
	kms.key(_r("${aws_kms_replica_external_key.r.arn}", ["aws_kms_replica_external_key.r"]), "kms_master_key_id") == "cmk" with input as fx.model([rext])
}
