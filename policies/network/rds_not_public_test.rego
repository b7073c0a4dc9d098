package crm.rules.network.rds_not_public_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.rds_not_public as rule

_db(values) := fx.resource("aws_db_instance.crm", object.union({"db_subnet_group_name": "${aws_db_subnet_group.data.name}"}, values))

test_private_in_subnet_group_passes if {
	count(rule.deny) == 0 with input as fx.model([_db({"publicly_accessible": false})])
}

test_absent_flag_defaults_private if {
	count(rule.deny) == 0 with input as fx.model([_db({})])
}

test_public_instance_fails if {
	some f in rule.deny with input as fx.model([_db({"publicly_accessible": true})])
	f.resource == "aws_db_instance.crm"
	contains(f.message, "`publicly_accessible = true`")
}

test_public_cluster_instance_fails if {
	r := fx.resource("aws_rds_cluster_instance.a", {"publicly_accessible": true})
	some f in rule.deny with input as fx.model([r])
	f.resource == "aws_rds_cluster_instance.a"
}

test_no_subnet_group_fails if {
	r := fx.resource("aws_db_instance.crm", {"publicly_accessible": false})
	some f in rule.deny with input as fx.model([r])
	contains(f.message, "no `db_subnet_group_name`")
}

test_replica_without_subnet_group_passes if {
	r := fx.resource("aws_db_instance.replica", {"replicate_source_db": "crm"})
	count(rule.deny) == 0 with input as fx.model([r])
}

test_unknown_flag_is_unverifiable if {
	r := fx.with_unknown(_db({"publicly_accessible": "${var.public}"}), ["publicly_accessible"])
	some f in rule.deny with input as fx.model([r])
	f.unverifiable == true
}
