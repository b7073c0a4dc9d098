package crm.rules.logging.workload_log_exports_test

import data.crm.lib.fixtures as fx
import data.crm.rules.logging.workload_log_exports as rule

test_postgres_with_exports_passes if {
	db := fx.resource("aws_db_instance.crm", {"engine": "postgres", "enabled_cloudwatch_logs_exports": ["postgresql", "upgrade"]})
	count(rule.deny) == 0 with input as fx.model([db])
}

test_postgres_without_exports_fails if {
	db := fx.resource("aws_db_instance.crm", {"engine": "postgres"})
	some f in rule.deny with input as fx.model([db])
	f.resource == "aws_db_instance.crm"
	contains(f.message, "does not export postgresql, upgrade logs")
}

test_postgres_partial_exports_fails if {
	db := fx.resource("aws_db_instance.crm", {"engine": "postgres", "enabled_cloudwatch_logs_exports": ["postgresql"]})
	some f in rule.deny with input as fx.model([db])
	contains(f.message, "does not export upgrade logs")
}

test_mysql_needs_audit if {
	db := fx.resource("aws_db_instance.m", {"engine": "mysql", "enabled_cloudwatch_logs_exports": ["error", "general", "slowquery"]})
	some f in rule.deny with input as fx.model([db])
	contains(f.message, "does not export audit logs")
}

test_aurora_postgres_cluster if {
	ok := fx.resource("aws_rds_cluster.a", {"engine": "aurora-postgresql", "enabled_cloudwatch_logs_exports": ["postgresql"]})
	count(rule.deny) == 0 with input as fx.model([ok])
	bad := fx.resource("aws_rds_cluster.a", {"engine": "aurora-postgresql"})
	count(rule.deny) == 1 with input as fx.model([bad])
}

test_unknown_exports_unverifiable if {
	db := fx.with_unknown(fx.resource("aws_db_instance.crm", {"engine": "postgres", "enabled_cloudwatch_logs_exports": "${var.x}"}), ["enabled_cloudwatch_logs_exports"])
	some f in rule.deny with input as fx.model([db])
	f.unverifiable == true
}

test_ecs_container_with_log_driver_passes if {
	td := fx.resource("aws_ecs_task_definition.app", {"container_definitions": json.marshal([{"name": "app", "logConfiguration": {"logDriver": "awslogs"}}])})
	count(rule.deny) == 0 with input as fx.model([td])
}

test_ecs_container_without_log_driver_fails if {
	td := fx.resource("aws_ecs_task_definition.app", {"container_definitions": json.marshal([{"name": "app"}])})
	some f in rule.deny with input as fx.model([td])
	contains(f.message, "container `app` has no `logConfiguration.logDriver`")
}

test_ecs_definitions_from_expression_unverifiable if {
	td := fx.resource("aws_ecs_task_definition.app", {"container_definitions": "${jsonencode(local.containers)}"})
	some f in rule.deny with input as fx.model([td])
	f.unverifiable == true
}

test_unknown_engine_unverifiable if {
	db := fx.with_unknown(fx.resource("aws_db_instance.crm", {"engine": "${var.engine}"}), ["engine"])
	some f in rule.deny with input as fx.model([db])
	f.unverifiable == true
}

test_legacy_aurora_engine_needs_mysql_logs if {
	c := fx.resource("aws_rds_cluster.a", {"engine": "aurora", "enabled_cloudwatch_logs_exports": ["audit"]})
	some f in rule.deny with input as fx.model([c])
	contains(f.message, "does not export error, general, slowquery logs")
}

test_ecs_log_driver_none_fails if {
	td := fx.resource("aws_ecs_task_definition.app", {"container_definitions": json.marshal([{"name": "app", "logConfiguration": {"logDriver": "none"}}])})
	some f in rule.deny with input as fx.model([td])
	contains(f.message, "`logConfiguration.logDriver = \"none\"`")
}

test_replica_and_multi_az_cluster_follow_engine_family if {
	src := fx.resource("aws_db_instance.primary", {"engine": "postgres", "enabled_cloudwatch_logs_exports": ["postgresql", "upgrade"]})
	replica := fx.with_refs(fx.resource("aws_db_instance.replica", {"replicate_source_db": "${aws_db_instance.primary.identifier}"}), {"replicate_source_db": ["aws_db_instance.primary"]})
	fs := rule.deny with input as fx.model([src, replica])
	{f.resource | some f in fs} == {"aws_db_instance.replica"}
	cluster := fx.resource("aws_rds_cluster.maz", {"engine": "postgres"})
	some g in rule.deny with input as fx.model([cluster])
	contains(g.message, "does not export postgresql")
}

test_cluster_without_engine_is_aurora if {
	c := fx.resource("aws_rds_cluster.crm", {"cluster_identifier": "crm"})
	some f in rule.deny with input as fx.model([c])
	contains(f.message, "(engine aurora) does not export")
}

test_replica_takes_its_source_engine if {
	src := fx.resource("aws_db_instance.src", {"engine": "postgres", "enabled_cloudwatch_logs_exports": ["postgresql", "upgrade"]})
	replica := fx.with_refs(fx.resource("aws_db_instance.replica", {"replicate_source_db": "${aws_db_instance.src.identifier}"}), {"replicate_source_db": ["aws_db_instance.src"]})
	fs := rule.deny with input as fx.model([src, replica])
	count(fs) == 1
	some f in fs
	f.resource == "aws_db_instance.replica"
	contains(f.message, "(engine postgres) does not export")
}

test_snapshot_restore_without_engine_is_unverifiable if {
	db := fx.resource("aws_db_instance.restored", {"snapshot_identifier": "crm-final"})
	fs := rule.deny with input as fx.model([db])
	count(fs) == 1
	some f in fs
	f.unverifiable == true
	contains(f.message, "sets no `engine`")
}
