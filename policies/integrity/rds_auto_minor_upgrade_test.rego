package crm.rules.integrity.rds_auto_minor_upgrade_test

import data.crm.lib.fixtures as fx
import data.crm.rules.integrity.rds_auto_minor_upgrade as rule

test_enabled_passes if {
	db := fx.resource("aws_db_instance.crm", {"auto_minor_version_upgrade": true})
	count(rule.deny) == 0 with input as fx.model([db])
}

test_absent_defaults_to_true if {
	db := fx.resource("aws_rds_cluster_instance.a", {})
	count(rule.deny) == 0 with input as fx.model([db])
}

test_disabled_fails if {
	db := fx.resource("aws_rds_cluster.a", {"auto_minor_version_upgrade": false})
	some f in rule.deny with input as fx.model([db])
	f.resource == "aws_rds_cluster.a"
	contains(f.message, "`auto_minor_version_upgrade = false`")
}

test_unknown_unverifiable if {
	db := fx.with_unknown(fx.resource("aws_db_instance.crm", {"auto_minor_version_upgrade": "${var.x}"}), ["auto_minor_version_upgrade"])
	some f in rule.deny with input as fx.model([db])
	f.unverifiable == true
}
