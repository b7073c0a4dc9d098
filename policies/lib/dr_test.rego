package crm.lib.dr_test

import data.crm.lib.dr
import data.crm.lib.fixtures as fx

test_region_text_without_dr_region if {
	dr.region_text == "(no DR region: set dr_region or an aws provider alias `dr`)" with data.config.dr_region as null with input as fx.model([])
}

test_arn_region if {
	dr.arn_region("arn:aws:kms:eu-west-1:123456789012:key/k") == "eu-west-1"
	not dr.arn_region("arn:aws:s3:::bucket")
	not dr.arn_region("${aws_kms_key.k.arn}")
	not dr.arn_region("alias/aws/s3")
}

test_keys_ignores_non_key_references if {
	r := fx.with_refs(fx.resource("aws_sqs_queue.q", {"kms_master_key_id": "${aws_s3_bucket.b.arn}"}), {"kms_master_key_id": ["aws_s3_bucket.b"]})
	m := fx.model([r, fx.resource("aws_s3_bucket.b", {})])
	count(dr.keys(r, "kms_master_key_id", r.values.kms_master_key_id)) == 0 with input as m
	dr.key_unresolved(r, "kms_master_key_id", r.values.kms_master_key_id) with input as m
}

test_destination_unknown_for_other_types_and_unproven_regions if {
	r := fx.with_refs(fx.resource("aws_backup_plan.p", {}), {"x": ["aws_s3_bucket.b", "aws_backup_vault.v"]})
	m := fx.model([r, fx.resource("aws_s3_bucket.b", {}), fx.merged(fx.resource("aws_backup_vault.v", {}), {"region": null})])
	d := dr.destination(r, "x", null, {"aws_backup_vault"}) with input as m
	d.unknown == true
	d.regions == set()
}

test_item_refs_literal_is_empty if {
	r := fx.with_refs(fx.resource("aws_backup_plan.p", {}), {"x": ["aws_backup_vault.v"]})
	dr.item_refs(r, "x", "literal") == set()
}

test_versioning_on_legacy if {
	b := fx.resource("aws_s3_bucket.b", {"versioning": {"enabled": true}})
	some st in dr.versioning_status(b) with input as fx.model([b])
	dr.versioning_on(st)
}

# A selection pair is "<key>=<value>" and both may hold "=": the tag a = "b=c" matches the
# selection tag a=b = "c" (both read "a=b=c"), as when every tag was formatted and looked up.
test_selections_match_pairs_holding_equals_signs if {
	db := fx.resource("aws_db_instance.crm", {"tags": {"a": "b=c", "Tier": "gold"}})
	by_key := fx.resource("aws_backup_selection.k", {"selection_tag": [{"type": "STRINGEQUALS", "key": "a=b", "value": "c"}]})
	by_value := fx.resource("aws_backup_selection.v", {"selection_tag": [{"type": "STRINGEQUALS", "key": "a", "value": "b=c"}]})
	other := fx.resource("aws_backup_selection.o", {"selection_tag": [{"type": "STRINGEQUALS", "key": "Tier", "value": "silver"}]})
	dr.selections(db) == {"aws_backup_selection.k", "aws_backup_selection.v"} with input as fx.model([db, by_key, by_value, other])
}

test_keys_behind if {
	k := fx.resource("aws_kms_key.k", {})
	alias := fx.with_refs(fx.resource("aws_kms_alias.a", {"target_key_id": "${aws_kms_key.k.key_id}"}), {"target_key_id": ["aws_kms_key.k"]})
	m := fx.model([k, alias, fx.resource("aws_s3_bucket.b", {})])
	dr.keys_behind("aws_kms_key.k") == {"aws_kms_key.k"} with input as m
	dr.keys_behind("aws_kms_alias.a") == {"aws_kms_key.k"} with input as m
	dr.keys_behind("aws_s3_bucket.b") == set() with input as m
	dr.keys_behind("aws_kms_key.absent") == set() with input as m
}
