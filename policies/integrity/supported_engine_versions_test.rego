package crm.rules.integrity.supported_engine_versions_test

import data.crm.lib.fixtures as fx
import data.crm.rules.integrity.supported_engine_versions as rule

test_old_postgres_and_mysql_fail if {
	pg := fx.resource("aws_db_instance.crm", {"engine": "postgres", "engine_version": "13.15"})
	some f in rule.deny with input as fx.model([pg])
	contains(f.message, "runs postgres `engine_version = \"13.15\"`, below the oldest supported version 14 (RDS for PostgreSQL 13")
	my := fx.resource("aws_db_instance.my", {"engine": "mysql", "engine_version": "8.0.39"})
	count(rule.deny) == 1 with input as fx.model([my])
	aurora := fx.resource("aws_rds_cluster.a", {"engine": "aurora-mysql", "engine_version": "5.7.mysql_aurora.2.11.2"})
	count(rule.deny) == 1 with input as fx.model([aurora])
}

test_old_redis_fails_and_engine_defaults_to_redis if {
	c := fx.resource("aws_elasticache_replication_group.s", {"engine_version": "5.0.6"})
	count(rule.deny) == 1 with input as fx.model([c])
	s := fx.resource("aws_elasticache_serverless_cache.s", {"engine": "redis", "major_engine_version": "7"})
	count(rule.deny) == 0 with input as fx.model([s])
}

test_supported_unset_and_unlisted_pass if {
	rs := [
		fx.resource("aws_db_instance.crm", {"engine": "postgres", "engine_version": "16.4"}),
		fx.resource("aws_db_instance.major", {"engine": "postgres", "engine_version": "14"}),
		fx.resource("aws_db_instance.new", {"engine": "mysql", "engine_version": "8.4.3"}),
		fx.resource("aws_db_instance.later", {"engine": "mysql", "engine_version": "9.1"}),
		fx.resource("aws_db_instance.default", {"engine": "postgres"}),
		fx.resource("aws_db_instance.ora", {"engine": "oracle-ee", "engine_version": "19"}),
		fx.resource("aws_elasticache_replication_group.s", {"engine": "redis", "engine_version": "7.1"}),
	]
	count(rule.deny) == 0 with input as fx.model(rs)
}

test_unknown_version_unverifiable if {
	db := fx.with_unknown(fx.resource("aws_db_instance.crm", {"engine": "postgres", "engine_version": "${var.v}"}), ["engine_version"])
	some f in rule.deny with input as fx.model([db])
	f.unverifiable == true
}
