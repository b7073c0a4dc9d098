package crm.rules.backup_dr.deletion_protection_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.deletion_protection as rule

test_protected_resources_pass if {
	rs := [
		fx.resource("aws_db_instance.crm", {"deletion_protection": true, "skip_final_snapshot": false}),
		fx.resource("aws_rds_cluster.crm", {"deletion_protection": true}),
		fx.resource("aws_lb.web", {"enable_deletion_protection": true}),
		fx.resource("aws_dynamodb_table.t", {"deletion_protection_enabled": true}),
	]
	count(rule.deny) == 0 with input as fx.model(rs)
}

test_absent_flag_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_lb.web", {})])
	f.resource == "aws_lb.web"
	contains(f.message, "`enable_deletion_protection` absent")
}

test_false_flag_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_dynamodb_table.t", {"deletion_protection_enabled": false})])
	contains(f.message, "`deletion_protection_enabled = false`")
}

test_legacy_alb_type_fails if {
	count(rule.deny) == 1 with input as fx.model([fx.resource("aws_alb.web", {})])
}

test_skip_final_snapshot_fails if {
	db := fx.resource("aws_db_instance.crm", {"deletion_protection": true, "skip_final_snapshot": true})
	some f in rule.deny with input as fx.model([db])
	contains(f.message, "`skip_final_snapshot = true`")
}

test_unknown_flag_unverifiable if {
	db := fx.with_unknown(fx.resource("aws_rds_cluster.crm", {"deletion_protection": "${var.p}"}), ["deletion_protection"])
	some f in rule.deny with input as fx.model([db])
	f.unverifiable == true
}

test_unknown_skip_final_snapshot_unverifiable if {
	db := fx.with_unknown(fx.resource("aws_db_instance.crm", {"deletion_protection": true, "skip_final_snapshot": "${var.s}"}), ["skip_final_snapshot"])
	some f in rule.deny with input as fx.model([db])
	f.unverifiable == true
	contains(f.message, "final snapshot")
}
