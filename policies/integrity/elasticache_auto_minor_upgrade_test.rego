package crm.rules.integrity.elasticache_auto_minor_upgrade_test

import data.crm.lib.fixtures as fx
import data.crm.rules.integrity.elasticache_auto_minor_upgrade as rule

test_default_and_true_pass if {
	a := fx.resource("aws_elasticache_replication_group.a", {})
	b := fx.resource("aws_elasticache_cluster.b", {"auto_minor_version_upgrade": true})
	c := fx.resource("aws_elasticache_replication_group.c", {"auto_minor_version_upgrade": "true"})
	count(rule.deny) == 0 with input as fx.model([a, b, c])
}

test_string_false_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_elasticache_replication_group.a", {"auto_minor_version_upgrade": "false"})])
	contains(f.message, "`auto_minor_version_upgrade = \"false\"`")
}

test_boolean_false_fails if {
	count(rule.deny) == 1 with input as fx.model([fx.resource("aws_elasticache_cluster.b", {"auto_minor_version_upgrade": false})])
}

test_unknown_unverifiable if {
	r := fx.with_unknown(fx.resource("aws_elasticache_cluster.b", {"auto_minor_version_upgrade": "${var.x}"}), ["auto_minor_version_upgrade"])
	some f in rule.deny with input as fx.model([r])
	f.unverifiable == true
}
