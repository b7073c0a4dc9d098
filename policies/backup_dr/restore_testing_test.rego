package crm.rules.backup_dr.restore_testing_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.restore_testing as rule

_db := fx.resource("aws_db_instance.crm", {"engine": "postgres", "tags": {"Tier": "data"}})

_backup := [
	fx.resource("aws_backup_plan.p", {"rule": [{"rule_name": "daily", "schedule": "cron(0 3 * * ? *)"}]}),
	fx.with_refs(
		fx.resource("aws_backup_selection.s", {"plan_id": "${aws_backup_plan.p.id}", "resources": ["${aws_db_instance.crm.arn}"]}),
		{"plan_id": ["aws_backup_plan.p"], "resources": ["aws_db_instance.crm"]},
	),
]

_plan(schedule) := fx.resource("aws_backup_restore_testing_plan.t", {"name": "crm_restore_tests", "schedule_expression": schedule})

_selection(values, refs) := fx.with_refs(
	fx.resource("aws_backup_restore_testing_selection.rds", object.union({"protected_resource_type": "RDS", "restore_testing_plan_name": "${aws_backup_restore_testing_plan.t.name}"}, values)),
	object.union({"restore_testing_plan_name": ["aws_backup_restore_testing_plan.t"]}, refs),
)

_by_arn := _selection({"protected_resource_arns": ["${aws_db_instance.crm.arn}"]}, {"protected_resource_arns": ["aws_db_instance.crm"]})

test_monthly_plan_covering_the_database_passes if {
	every schedule in ["cron(0 5 1 * ? *)", "cron(0 5 ? * 1 *)", "rate(7 days)", "rate(12 hours)"] {
		count(rule.deny) == 0 with input as fx.model(array.concat(_backup, [_db, _plan(schedule), _by_arn]))
	}
}

test_no_restore_testing_fails if {
	some f in rule.deny with input as fx.model(array.concat(_backup, [_db]))
	f.resource == "aws_db_instance.crm"
	contains(f.message, "protected_resource_type \"RDS\"")
}

test_quarterly_plan_fails_on_plan_and_store if {
	fs := rule.deny with input as fx.model(array.concat(_backup, [_db, _plan("cron(0 5 1 */3 ? *)"), _by_arn]))
	{f.resource | some f in fs} == {"aws_backup_restore_testing_plan.t", "aws_db_instance.crm"}
	count(rule.deny) == 2 with input as fx.model(array.concat(_backup, [_db, _plan("rate(90 days)"), _by_arn]))
}

test_wildcard_with_matching_tags_and_literal_plan_name_pass if {
	sel := fx.resource("aws_backup_restore_testing_selection.rds", {
		"protected_resource_type": "RDS", "restore_testing_plan_name": "crm_restore_tests", "protected_resource_arns": ["*"],
		"protected_resource_conditions": [{"string_equals": [{"key": "aws:ResourceTag/Tier", "value": "data"}]}],
	})
	count(rule.deny) == 0 with input as fx.model(array.concat(_backup, [_db, _plan("cron(0 5 1 * ? *)"), sel]))
}

test_wrong_type_or_tag_does_not_cover if {
	s3 := _selection({"protected_resource_type": "S3", "protected_resource_arns": ["*"]}, {})
	count(rule.deny) == 1 with input as fx.model(array.concat(_backup, [_db, _plan("cron(0 5 1 * ? *)"), s3]))
	tagged := _selection({"protected_resource_arns": ["*"], "protected_resource_conditions": [{"string_equals": [{"key": "aws:ResourceTag/Tier", "value": "app"}]}]}, {})
	count(rule.deny) == 1 with input as fx.model(array.concat(_backup, [_db, _plan("cron(0 5 1 * ? *)"), tagged]))
}

test_stores_without_backups_are_not_in_scope if {
	count(rule.deny) == 0 with input as fx.model([_db])
}

test_unknowns_are_unverifiable if {
	p := fx.with_unknown(_plan("${var.schedule}"), ["schedule_expression"])
	some f in rule.deny with input as fx.model(array.concat(_backup, [_db, p]))
	f.unverifiable == true
	sel := fx.with_unknown(_selection({"protected_resource_arns": "${var.arns}"}, {}), ["protected_resource_arns"])
	fs := rule.deny with input as fx.model(array.concat(_backup, [_db, _plan("cron(0 5 1 * ? *)"), sel]))
	every g in fs {
		g.unverifiable == true
	}
	count(fs) == 1
}
