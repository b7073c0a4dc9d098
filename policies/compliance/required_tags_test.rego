package crm.rules.compliance.required_tags_test

import data.crm.lib.fixtures as fx
import data.crm.rules.compliance.required_tags as rule

_providers(tags) := {"providers": {"aws": {"key": "aws", "name": "aws", "alias": null, "region": "eu-west-1", "region_unknown": false, "values": {"default_tags": [{"tags": tags}]}}}}

test_default_tags_satisfy if {
	m := fx.model_with([fx.resource("aws_s3_bucket.files", {})], _providers({"DataClassification": "confidential", "Owner": "crm"}))
	count(rule.deny) == 0 with input as m
}

test_own_tags_satisfy if {
	b := fx.resource("aws_vpc.main", {"tags": {"DataClassification": "internal", "Owner": "net"}})
	count(rule.deny) == 0 with input as fx.model([b])
}

test_missing_tags_fail if {
	fs := rule.deny with input as fx.model([fx.resource("aws_s3_bucket.files", {})])
	count(fs) == 2
	some f in fs
	contains(f.message, "no `DataClassification` tag")
}

test_untaggable_resource_ignored if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_route_table_association.a", {})])
}

test_unknown_type_with_tags_is_taggable if {
	count(rule.deny) == 2 with input as fx.model([fx.resource("aws_athena_workgroup.w", {"tags": {}})])
}

test_declared_tags_make_taggable_whatever_their_value if {
	count(rule.deny) == 2 with input as fx.model([fx.resource("aws_athena_workgroup.w", {"tags": null})])
	count(rule.deny) == 2 with input as fx.model([fx.resource("aws_athena_workgroup.w", {"tags_all": false})])
}

test_tag_present_with_null_value_is_not_missing if {
	b := fx.resource("aws_kms_key.k", {"tags": {"DataClassification": null, "Owner": "crm"}})
	fs := rule.deny with input as fx.model([b])
	count(fs) == 1
	some f in fs
	contains(f.message, "`DataClassification = null`")
}

test_invalid_classification_fails if {
	b := fx.resource("aws_kms_key.k", {"tags": {"DataClassification": "secret", "Owner": "crm"}})
	some f in rule.deny with input as fx.model([b])
	contains(f.message, "`DataClassification = \"secret\"`; use public, internal, confidential, restricted")
}

test_empty_owner_fails if {
	b := fx.resource("aws_kms_key.k", {"tags": {"DataClassification": "internal", "Owner": " "}})
	some f in rule.deny with input as fx.model([b])
	contains(f.message, "any non-empty value")
}

test_own_tag_overrides_default if {
	m := fx.model_with([fx.resource("aws_s3_bucket.logs", {"tags": {"DataClassification": "internal"}})], _providers({"DataClassification": "confidential", "Owner": "crm"}))
	count(rule.deny) == 0 with input as m
}

test_public_data_store_fails if {
	b := fx.resource("aws_s3_bucket.files", {"tags": {"DataClassification": "public", "Owner": "crm"}})
	some f in rule.deny with input as fx.model([b])
	contains(f.message, "CRM data store classified")
}

test_public_default_classification_of_a_data_store_fails if {
	m := fx.model_with([fx.resource("aws_s3_bucket.files", {}), fx.resource("aws_vpc.main", {})], _providers({"DataClassification": "public", "Owner": "crm"}))
	{f.resource | some f in rule.deny} == {"aws_s3_bucket.files"} with input as m
	some f in rule.deny with input as m
	contains(f.message, "CRM data store classified")
}

test_own_classification_overrides_a_public_default if {
	own := fx.resource("aws_s3_bucket.own", {"tags": {"DataClassification": "confidential"}})
	plan := fx.resource("aws_s3_bucket.plan", {"tags_all": {"DataClassification": "restricted", "Owner": "crm"}})
	m := fx.model_with([own, plan], _providers({"DataClassification": "public", "Owner": "crm"}))
	count(rule.deny) == 0 with input as m
}

test_public_tags_all_classification_of_a_data_store_fails if {
	b := fx.resource("aws_s3_bucket.files", {"tags_all": {"DataClassification": "public", "Owner": "crm"}})
	some f in rule.deny with input as fx.model([b])
	contains(f.message, "CRM data store classified")
}

test_public_non_store_passes if {
	b := fx.resource("aws_lb.web", {"tags": {"DataClassification": "public", "Owner": "crm"}})
	count(rule.deny) == 0 with input as fx.model([b])
}

test_unknown_tag_value_unverifiable if {
	b := fx.resource("aws_kms_key.k", {"tags": {"DataClassification": "${var.class}", "Owner": "crm"}})
	some f in rule.deny with input as fx.model([b])
	f.unverifiable == true
}

test_unknown_tag_map_unverifiable if {
	b := fx.with_unknown(fx.resource("aws_kms_key.k", {"tags": "${var.tags}"}), ["tags"])
	fs := rule.deny with input as fx.model([b])
	count(fs) == 2
	every f in fs {
		f.unverifiable == true
	}
}

test_plan_tags_all_counts if {
	b := fx.resource("aws_kms_key.k", {"tags_all": {"DataClassification": "restricted", "Owner": "crm"}})
	count(rule.deny) == 0 with input as fx.model([b])
}

test_required_tags_from_config if {
	b := fx.resource("aws_kms_key.k", {"tags": {"DataClassification": "internal", "Owner": "crm"}})
	some f in rule.deny with input as fx.model([b]) with data.config.required_tags.Owner as ["platform"]
	contains(f.message, "`Owner = \"crm\"`; use platform")
}

test_tags_all_makes_any_type_taggable if {
	count(rule.deny) == 2 with input as fx.model([fx.resource("aws_athena_workgroup.w", {"tags_all": {}})])
}

test_expression_values_are_only_unverifiable if {
	b := fx.resource("aws_kms_key.k", {"tags": {"DataClassification": "${var.class}", "Owner": "${var.owner}"}})
	fs := rule.deny with input as fx.model([b])
	count(fs) == 2
	every f in fs {
		f.unverifiable == true
	}
}

test_allowed_value_written_as_expression_is_unverifiable if {
	b := fx.resource("aws_kms_key.k", {"tags": {"DataClassification": "internal", "Owner": "${x}"}})
	fs := rule.deny with input as fx.model([b]) with data.config.required_tags.Owner as ["${x}"]
	count(fs) == 1
	some f in fs
	f.unverifiable == true
}

test_non_string_value_without_list_fails if {
	b := fx.resource("aws_kms_key.k", {"tags": {"DataClassification": "internal", "Owner": 7}})
	some f in rule.deny with input as fx.model([b])
	contains(f.message, "`Owner = 7`; use any non-empty value")
}

test_good_defaults_still_judge_own_tags_and_tags_all if {
	good := _providers({"DataClassification": "confidential", "Owner": "crm"})
	own := fx.resource("aws_s3_bucket.own", {"tags": {"DataClassification": "secret"}})
	all := fx.resource("aws_s3_bucket.all", {"tags_all": {"Owner": " "}})
	fs := rule.deny with input as fx.model_with([own, all], good)
	fs == {
		{"resource": "aws_s3_bucket.own", "message": "`aws_s3_bucket.own` has `DataClassification = \"secret\"`; use public, internal, confidential, restricted"},
		{"resource": "aws_s3_bucket.all", "message": "`aws_s3_bucket.all` has `Owner = \" \"`; use any non-empty value"},
	}
}

test_defaults_missing_one_key_judge_every_resource if {
	m := fx.model_with([fx.resource("aws_s3_bucket.files", {}), fx.resource("aws_vpc.main", {})], _providers({"DataClassification": "confidential"}))
	fs := rule.deny with input as m
	{f.resource | some f in fs} == {"aws_s3_bucket.files", "aws_vpc.main"}
	count(fs) == 2
}
