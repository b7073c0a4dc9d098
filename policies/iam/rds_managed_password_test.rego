package crm.rules.iam.rds_managed_password_test

import data.crm.lib.fixtures as fx
import data.crm.rules.iam.rds_managed_password as rule

test_managed_passes if {
	rs := [
		fx.resource("aws_db_instance.crm", {"engine": "postgres", "username": "crm", "manage_master_user_password": true}),
		fx.resource("aws_rds_cluster.c", {"master_username": "crm", "manage_master_user_password": true}),
	]
	count(rule.deny) == 0 with input as fx.model(rs)
}

test_literal_password_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_db_instance.crm", {"password": "hunter2hunter2"})])
	f.resource == "aws_db_instance.crm"
	contains(f.message, "plaintext secret in the source")
}

test_referenced_password_fails if {
	c := fx.with_unknown(fx.resource("aws_rds_cluster.c", {"master_username": "crm", "master_password": "${random_password.db.result}"}), ["master_password"])
	some f in rule.deny with input as fx.model([c])
	contains(f.message, "`master_password` (from an expression")
	not f.unverifiable
}

test_unmanaged_without_password_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_db_instance.crm", {"snapshot_identifier": "snap"})])
	contains(f.message, "`manage_master_user_password` absent")
}

test_write_only_is_unverifiable if {
	fs := rule.deny with input as fx.model([fx.resource("aws_db_instance.crm", {"password_wo": "${ephemeral.random_password.p.result}"})])
	count(fs) == 1
	some f in fs
	f.unverifiable == true
}

test_replicas_and_secondaries_not_applicable if {
	rs := [
		fx.resource("aws_db_instance.replica", {"replicate_source_db": "crm"}),
		fx.resource("aws_rds_cluster.dr", {"global_cluster_identifier": "g"}),
		fx.resource("aws_rds_cluster.rep", {"replication_source_identifier": "arn:x"}),
	]
	count(rule.deny) == 0 with input as fx.model(rs)
}

test_unknown_flag_is_unverifiable if {
	db := fx.with_unknown(fx.resource("aws_db_instance.crm", {"manage_master_user_password": "${var.m}"}), ["manage_master_user_password"])
	some f in rule.deny with input as fx.model([db])
	f.unverifiable == true
}

test_plan_style_unknown_password_still_set if {
	db := fx.with_unknown(fx.resource("aws_db_instance.crm", {"manage_master_user_password": true}), ["password"])
	count(rule.deny) == 1 with input as fx.model([db])
}
