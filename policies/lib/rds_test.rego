package crm.lib.rds_test

import data.crm.lib.fixtures as fx
import data.crm.lib.rds

test_engine_as_written_aurora_default_or_from_replica_source if {
	src := fx.resource("aws_db_instance.primary", {"engine": "postgres"})
	replica := fx.with_refs(fx.resource("aws_db_instance.replica", {"replicate_source_db": "${aws_db_instance.primary.identifier}"}), {"replicate_source_db": ["aws_db_instance.primary"]})
	rds.engine(src) == "postgres" with input as fx.model([src, replica])
	rds.engine(replica) == "postgres" with input as fx.model([src, replica])
	cluster := fx.resource("aws_rds_cluster.c", {})
	rds.engine(cluster) == "aurora" with input as fx.model([cluster])
	restored := fx.resource("aws_db_instance.restored", {"snapshot_identifier": "crm-final"})
	not rds.engine(restored) with input as fx.model([restored])
}

test_families if {
	rds.family("aurora-postgresql") == "postgres"
	rds.family("aurora") == "mysql"
	rds.family("sqlserver-se") == "sqlserver"
	rds.family("oracle-ee") == "oracle"
	rds.family("neptune") == "neptune"
}
