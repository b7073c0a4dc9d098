package crm.rules.encryption.db_tls_enforced_test

import data.crm.lib.fixtures as fx
import data.crm.rules.encryption.db_tls_enforced as rule

_pg(params) := fx.resource("aws_db_parameter_group.pg", {"name": "crm-pg", "family": "postgres16", "parameter": params})

_db(values) := fx.with_refs(fx.resource("aws_db_instance.crm", values), {"parameter_group_name": ["aws_db_parameter_group.pg"]})

_bound := {"engine": "postgres", "engine_version": "14.10", "parameter_group_name": "${aws_db_parameter_group.pg.name}"}

test_force_ssl_passes if {
	count(rule.deny) == 0 with input as fx.model([_pg([{"name": "rds.force_ssl", "value": "1"}]), _db(_bound)])
}

test_force_ssl_number_and_single_block_pass if {
	count(rule.deny) == 0 with input as fx.model([_pg({"name": "rds.force_ssl", "value": 1}), _db(_bound)])
}

test_force_ssl_zero_fails if {
	some f in rule.deny with input as fx.model([_pg([{"name": "rds.force_ssl", "value": "0"}]), _db(_bound)])
	f.resource == "aws_db_instance.crm"
	contains(f.message, "`rds.force_ssl` to [\"0\"]")
}

test_parameter_absent_fails if {
	some f in rule.deny with input as fx.model([_pg([{"name": "log_connections", "value": "1"}]), _db(_bound)])
	contains(f.message, "nothing (absent)")
}

test_literal_group_name_binds if {
	db := fx.resource("aws_db_instance.crm", object.union(_bound, {"parameter_group_name": "crm-pg"}))
	count(rule.deny) == 0 with input as fx.model([_pg([{"name": "rds.force_ssl", "value": "1"}]), db])
}

test_default_group_fails_for_old_postgres_and_mysql if {
	db := fx.resource("aws_db_instance.crm", {"engine": "postgres", "engine_version": "14.10"})
	some f in rule.deny with input as fx.model([db])
	contains(f.message, "default parameter group")
	my := fx.resource("aws_db_instance.my", {"engine": "mysql", "parameter_group_name": "default.mysql8.0"})
	some f2 in rule.deny with input as fx.model([my])
	contains(f2.message, "`require_secure_transport`")
}

test_postgres_15_default_group_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_db_instance.crm", {"engine": "postgres", "engine_version": "16.3"})])
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_db_instance.crm", {"engine": "postgres"})])
}

test_mysql_on_passes if {
	g := fx.resource("aws_db_parameter_group.my", {"name": "crm-my", "parameter": [{"name": "require_secure_transport", "value": true}]})
	db := fx.with_refs(fx.resource("aws_db_instance.my", {"engine": "mariadb", "parameter_group_name": "${aws_db_parameter_group.my.name}"}), {"parameter_group_name": ["aws_db_parameter_group.my"]})
	count(rule.deny) == 0 with input as fx.model([g, db])
}

test_cluster_without_engine_is_aurora if {
	c := fx.resource("aws_rds_cluster.crm", {"master_username": "crm"})
	some a in rule.deny with input as fx.model([c])
	contains(a.message, "engine aurora")
	my := fx.resource("aws_rds_cluster.crm", {"engine": "aurora-mysql"})
	some f in rule.deny with input as fx.model([my])
	contains(f.message, "engine aurora-mysql")
	g := fx.resource("aws_rds_cluster_parameter_group.c", {"name": "crm-c", "parameter": [{"name": "rds.force_ssl", "value": "1"}]})
	c2 := fx.with_refs(fx.resource("aws_rds_cluster.crm", {"engine": "aurora-postgresql", "db_cluster_parameter_group_name": "${aws_rds_cluster_parameter_group.c.name}"}), {"db_cluster_parameter_group_name": ["aws_rds_cluster_parameter_group.c"]})
	count(rule.deny) == 0 with input as fx.model([g, c2])
}

test_sqlserver_needs_force_ssl if {
	db := fx.resource("aws_db_instance.ss", {"engine": "sqlserver-se"})
	count(rule.deny) == 1 with input as fx.model([db])
}

test_group_outside_config_is_unverifiable if {
	db := fx.resource("aws_db_instance.crm", object.union(_bound, {"parameter_group_name": "shared-pg"}))
	some f in rule.deny with input as fx.model([db])
	f.unverifiable == true
	contains(f.message, "not in this configuration")
}

test_unknown_parameters_are_unverifiable if {
	g := fx.with_unknown(_pg("${var.params}"), ["parameter"])
	some f in rule.deny with input as fx.model([g, _db(_bound)])
	f.unverifiable == true
}

test_oracle_and_unknown_engine_are_unverifiable if {
	some f in rule.deny with input as fx.model([fx.resource("aws_db_instance.o", {"engine": "oracle-ee"})])
	f.unverifiable == true
	db := fx.with_unknown(fx.resource("aws_db_instance.v", {"engine": "${var.engine}"}), ["engine"])
	some f2 in rule.deny with input as fx.model([db])
	f2.unverifiable == true
}

test_engineless_replica_and_restore_skipped if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_db_instance.r", {"replicate_source_db": "crm"}), fx.resource("aws_db_instance.s", {"snapshot_identifier": "snap"})])
}

test_replica_checked_with_source_engine if {
	src := fx.resource("aws_db_instance.crm", {"engine": "mysql", "parameter_group_name": "crm-my"})
	g := fx.resource("aws_db_parameter_group.my", {"name": "crm-my", "parameter": [{"name": "require_secure_transport", "value": "1"}]})
	rep := fx.with_refs(fx.resource("aws_db_instance.replica", {"replicate_source_db": "${aws_db_instance.crm.arn}"}), {"replicate_source_db": ["aws_db_instance.crm"]})
	fs := rule.deny with input as fx.model([src, g, rep])
	{f.resource | some f in fs} == {"aws_db_instance.replica"}
	some f in fs
	contains(f.message, "engine mysql")
}

test_proxy_requires_tls if {
	some f in rule.deny with input as fx.model([fx.resource("aws_db_proxy.p", {"engine_family": "POSTGRESQL"})])
	contains(f.message, "`require_tls` absent")
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_db_proxy.p", {"require_tls": true})])
	pu := fx.with_unknown(fx.resource("aws_db_proxy.p", {"require_tls": "${var.tls}"}), ["require_tls"])
	some f2 in rule.deny with input as fx.model([pu])
	f2.unverifiable == true
}
