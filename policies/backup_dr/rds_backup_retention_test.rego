package crm.rules.backup_dr.rds_backup_retention_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.rds_backup_retention as rule

test_seven_days_passes if {
	db := fx.resource("aws_db_instance.crm", {"backup_retention_period": 7})
	count(rule.deny) == 0 with input as fx.model([db])
}

test_one_day_fails if {
	db := fx.resource("aws_db_instance.crm", {"backup_retention_period": 1})
	some f in rule.deny with input as fx.model([db])
	contains(f.message, "for 1 day(s)")
	contains(f.message, "at least 7")
}

test_absent_means_one_day if {
	db := fx.resource("aws_rds_cluster.a", {})
	some f in rule.deny with input as fx.model([db])
	contains(f.message, "`backup_retention_period` absent")
}

test_threshold_comes_from_config if {
	db := fx.resource("aws_db_instance.crm", {"backup_retention_period": 10})
	count(rule.deny) == 1 with input as fx.model([db]) with data.config.min_backup_retention_days as 14
}

test_replica_excluded if {
	db := fx.resource("aws_db_instance.r", {"replicate_source_db": "crm"})
	count(rule.deny) == 0 with input as fx.model([db])
}

test_unknown_unverifiable if {
	db := fx.with_unknown(fx.resource("aws_db_instance.crm", {"backup_retention_period": "${var.days}"}), ["backup_retention_period"])
	some f in rule.deny with input as fx.model([db])
	f.unverifiable == true
}
