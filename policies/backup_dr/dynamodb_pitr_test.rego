package crm.rules.backup_dr.dynamodb_pitr_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.dynamodb_pitr as rule

test_pitr_enabled_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_dynamodb_table.t", {"point_in_time_recovery": {"enabled": true}})])
}

test_pitr_list_form_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_dynamodb_table.t", {"point_in_time_recovery": [{"enabled": true}]})])
}

test_pitr_absent_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_dynamodb_table.t", {})])
	f.resource == "aws_dynamodb_table.t"
	contains(f.message, "`point_in_time_recovery` absent")
}

test_pitr_disabled_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_dynamodb_table.t", {"point_in_time_recovery": {"enabled": false}})])
	contains(f.message, "[false]")
}

test_pitr_unknown_unverifiable if {
	t := fx.with_unknown(fx.resource("aws_dynamodb_table.t", {"point_in_time_recovery": {"enabled": "${var.pitr}"}}), ["point_in_time_recovery.enabled"])
	some f in rule.deny with input as fx.model([t])
	f.unverifiable == true
}
