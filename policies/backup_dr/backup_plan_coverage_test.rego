package crm.rules.backup_dr.backup_plan_coverage_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.backup_plan_coverage as rule

_plan(rule_block) := fx.resource("aws_backup_plan.p", {"rule": [object.union({"rule_name": "daily", "target_vault_name": "crm"}, rule_block)]})

_scheduled := _plan({"schedule": "cron(0 3 * * ? *)"})

_select(values, refs) := fx.with_refs(fx.resource("aws_backup_selection.s", object.union({"plan_id": "${aws_backup_plan.p.id}"}, values)), object.union({"plan_id": ["aws_backup_plan.p"]}, refs))

_db := fx.resource("aws_db_instance.crm", {"engine": "postgres", "tags": {"Backup": "daily"}})

test_selected_by_arn_passes if {
	sel := _select({"resources": ["${aws_db_instance.crm.arn}"]}, {"resources": ["aws_db_instance.crm"]})
	count(rule.deny) == 0 with input as fx.model([_db, _scheduled, sel])
}

test_uncovered_store_fails if {
	some f in rule.deny with input as fx.model([_db])
	f.resource == "aws_db_instance.crm"
	contains(f.message, "selected by no aws_backup_selection")
}

test_selected_by_tag_passes if {
	sel := _select({"selection_tag": [{"type": "STRINGEQUALS", "key": "Backup", "value": "daily"}]}, {})
	count(rule.deny) == 0 with input as fx.model([_db, _scheduled, sel])
}

test_selected_by_condition_passes if {
	sel := _select({"resources": ["*"], "condition": [{"string_equals": [{"key": "aws:ResourceTag/Backup", "value": "daily"}]}]}, {})
	count(rule.deny) == 0 with input as fx.model([_db, _scheduled, sel])
}

test_tag_mismatch_fails if {
	sel := _select({"selection_tag": [{"type": "STRINGEQUALS", "key": "Backup", "value": "weekly"}]}, {})
	count(rule.deny) == 1 with input as fx.model([_db, _scheduled, sel])
}

test_default_tags_match if {
	b := fx.resource("aws_s3_bucket.files", {})
	sel := _select({"selection_tag": {"type": "STRINGEQUALS", "key": "DataClassification", "value": "confidential"}}, {})
	providers := {"aws": {"key": "aws", "name": "aws", "alias": null, "region": "eu-west-1", "region_unknown": false, "values": {"default_tags": [{"tags": {"DataClassification": "confidential"}}]}}}
	count(rule.deny) == 0 with input as fx.model_with([b, _scheduled, sel], {"providers": providers})
}

test_wildcard_passes if {
	sel := _select({"resources": ["*"]}, {})
	count(rule.deny) == 0 with input as fx.model([_db, _scheduled, sel])
}

test_wildcard_with_not_resources_fails if {
	sel := _select({"resources": ["*"], "not_resources": ["${aws_db_instance.crm.arn}"]}, {"not_resources": ["aws_db_instance.crm"]})
	count(rule.deny) == 1 with input as fx.model([_db, _scheduled, sel])
}

test_unscheduled_plan_fails if {
	sel := _select({"resources": ["${aws_db_instance.crm.arn}"]}, {"resources": ["aws_db_instance.crm"]})
	some f in rule.deny with input as fx.model([_db, _plan({}), sel])
	contains(f.message, "without a scheduled rule")
}

test_continuous_backup_counts_as_scheduled if {
	sel := _select({"resources": ["${aws_db_instance.crm.arn}"]}, {"resources": ["aws_db_instance.crm"]})
	count(rule.deny) == 0 with input as fx.model([_db, _plan({"enable_continuous_backup": true}), sel])
}

test_unknown_selection_tag_unverifiable if {
	sel := _select({"selection_tag": [{"type": "STRINGEQUALS", "key": "Backup", "value": "${var.tier}"}]}, {})
	some f in rule.deny with input as fx.model([_db, _scheduled, sel])
	f.unverifiable == true
}

test_unknown_store_tags_unverifiable if {
	db := fx.with_unknown(fx.resource("aws_db_instance.crm", {"tags": "${var.tags}"}), ["tags"])
	some f in rule.deny with input as fx.model([db])
	f.unverifiable == true
}

test_replicas_and_dr_resources_exempt if {
	read := fx.resource("aws_db_instance.read", {"replicate_source_db": "crm"})
	dr := fx.merged(fx.resource("aws_s3_bucket.dr", {}), {"region": "eu-central-1"})
	count(rule.deny) == 0 with input as fx.model([read, dr])
}

test_replica_cluster_exempt if {
	c := fx.resource("aws_rds_cluster.replica", {"replication_source_identifier": "arn:aws:rds:eu-west-1:123456789012:cluster:crm"})
	count(rule.deny) == 0 with input as fx.model([c])
}

test_internal_classified_store_exempt if {
	logs := fx.resource("aws_s3_bucket.logs", {"tags": {"DataClassification": "internal", "Purpose": "logs"}})
	count(rule.deny) == 0 with input as fx.model([logs])
}

test_variable_resources_unverifiable if {
	sel := _select({"resources": "${var.backup_arns}"}, {})
	some f in rule.deny with input as fx.model([_db, _scheduled, sel])
	f.unverifiable == true
}
