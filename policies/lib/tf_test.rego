package crm.lib.tf_test

import data.crm.lib.fixtures as fx
import data.crm.lib.tf

test_blocks_accepts_list_object_and_absent if {
	tf.blocks([{"a": 1}, {"a": 2}]) == [{"a": 1}, {"a": 2}]
	tf.blocks({"a": 1}) == [{"a": 1}]
	tf.blocks(null) == []
}

test_resource_by_address if {
	tf.resource("aws_kms_key.k") == fx.kms_key with input as fx.model([fx.kms_key])
	not tf.resource("aws_kms_key.missing") with input as fx.model([fx.kms_key])
}

test_resources_of_absent_type_is_empty if {
	tf.resources("aws_nothing") == [] with input as fx.model([fx.kms_key])
}

test_cmk_rejects_aws_managed_alias if {
	r := fx.resource("aws_db_instance.d", {"kms_key_id": "alias/aws/rds"})
	not tf.cmk(r, "kms_key_id") with input as fx.model([r])
}

test_unresolved_companions if {
	bucket := fx.resource("aws_s3_bucket.b", {"bucket": "x"})
	loose := fx.with_unknown(fx.resource("aws_s3_bucket_versioning.v", {"bucket": "${var.name}"}), ["bucket"])
	bound := fx.with_refs(fx.with_unknown(fx.resource("aws_s3_bucket_versioning.w", {"bucket": "${aws_s3_bucket.b.id}"}), ["bucket"]), {"bucket": ["aws_s3_bucket.b"]})
	literal := fx.resource("aws_s3_bucket_versioning.l", {"bucket": "x"})
	tf.unresolved("aws_s3_bucket_versioning", "bucket") == ["aws_s3_bucket_versioning.v"] with input as fx.model([bucket, loose, bound, literal])
	tf.unresolved("aws_s3_bucket_acl", "bucket") == [] with input as fx.model([bucket, loose])
}

test_literal_cmk if {
	tf.literal_cmk("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
	tf.literal_cmk("1234abcd-12ab-34cd-56ef-1234567890ab")
	tf.literal_cmk("mrk-1234abcd12ab34cd56ef1234567890ab")
	tf.literal_cmk("alias/crm-data")
	tf.literal_cmk("arn:aws:kms:eu-west-1:111122223333:alias/crm-data")
	not tf.literal_cmk("alias/aws/s3")
	not tf.literal_cmk("arn:aws:kms:eu-west-1:111122223333:alias/aws/rds")
	not tf.literal_cmk("${aws_kms_key.k.arn}")
}

_peer_key := object.union(fx.resource("aws_kms_key.k", {}), {"address": "keys:aws_kms_key.k", "stack": "keys", "provider": "keys:aws"})

_read := "data.terraform_remote_state.cross-stack-reference-input-keys.outputs.cross-stack-output-aws_kms_keykarn"

test_mentions_names_an_own_resource_by_type_and_name if {
	tf.mentions("${aws_kms_key.k.arn}", "aws_kms_key.k") with input as fx.model([fx.kms_key])
	not tf.mentions("${aws_kms_key.kx.arn}", "aws_kms_key.k") with input as fx.model([fx.kms_key])
}

test_mentions_names_a_peer_through_its_remote_state_read if {
	m := object.union(fx.model([_peer_key]), {"cross_stack_reads": {"keys:aws_kms_key.k": [_read]}})
	tf.mentions(concat("", ["${", _read, "}"]), "keys:aws_kms_key.k") with input as m
	not tf.mentions(concat("", ["${", _read, "_suffix}"]), "keys:aws_kms_key.k") with input as m
	not tf.mentions(concat("", ["${", _read, "}"]), "keys:aws_kms_key.k") with input as fx.model([_peer_key])
}
