package crm.rules.iam.rds_iam_auth_test

import data.crm.lib.fixtures as fx
import data.crm.rules.iam.rds_iam_auth as rule

test_enabled_passes if {
	rs := [
		fx.resource("aws_db_instance.pg", {"engine": "postgres", "iam_database_authentication_enabled": true}),
		fx.resource("aws_rds_cluster.c", {"iam_database_authentication_enabled": true}),
	]
	count(rule.deny) == 0 with input as fx.model(rs)
}

test_absent_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_db_instance.pg", {"engine": "postgres"})])
	f.resource == "aws_db_instance.pg"
	contains(f.message, "`iam_database_authentication_enabled` absent")
}

test_cluster_without_engine_is_aurora if {
	count(rule.deny) == 1 with input as fx.model([fx.resource("aws_rds_cluster.c", {"iam_database_authentication_enabled": false})])
	count(rule.deny) == 1 with input as fx.model([fx.resource("aws_rds_cluster.c", {"engine": "aurora-postgresql"})])
}

test_unsupported_engines_and_replicas_not_applicable if {
	rs := [
		fx.resource("aws_db_instance.ora", {"engine": "oracle-ee"}),
		fx.resource("aws_db_instance.replica", {"replicate_source_db": "crm"}),
	]
	count(rule.deny) == 0 with input as fx.model(rs)
}

test_unknowns_are_unverifiable if {
	db := fx.with_unknown(fx.resource("aws_db_instance.pg", {"engine": "postgres", "iam_database_authentication_enabled": "${var.iam}"}), ["iam_database_authentication_enabled"])
	some f in rule.deny with input as fx.model([db])
	f.unverifiable == true
	e := fx.with_unknown(fx.resource("aws_db_instance.x", {"engine": "${var.engine}"}), ["engine"])
	count(rule.deny) == 1 with input as fx.model([e])
}

test_replica_follows_source_engine if {
	src := fx.resource("aws_db_instance.crm", {"engine": "postgres", "iam_database_authentication_enabled": true})
	rep := fx.with_refs(fx.resource("aws_db_instance.replica", {"replicate_source_db": "${aws_db_instance.crm.arn}"}), {"replicate_source_db": ["aws_db_instance.crm"]})
	{f.resource | some f in rule.deny} == {"aws_db_instance.replica"} with input as fx.model([src, rep])
}
