# METADATA
# title: RDS engine helpers
# description: >-
#   One reading of a database's engine for every rule (CRM-ENC-006, CRM-LOG-012, CRM-IAM-014, ...):
#   the `engine` as written; a read replica without its own engine takes its source instance's
#   (replicate_source_db by reference). There is no "aurora" default: the pinned provider schema
#   makes `engine` required on aws_rds_cluster, and aws_db_instance has no default engine.
# scope: package
package crm.lib.rds

import data.crm.lib.tf

# METADATA
# title: Engine of a database
# description: The engine string, the source instance's for a read replica; undefined when neither is known.
engine(db) := db.values.engine if is_string(db.values.engine)

engine(db) := src if {
	not db.values.engine
	some a in tf.refs(db, "replicate_source_db")
	input.resources[a].type == "aws_db_instance"
	src := input.resources[a].values.engine
	is_string(src)
}

# METADATA
# title: Engine family
# description: 'postgres (postgres, aurora-postgresql), mysql (mysql, mariadb, aurora-mysql, aurora), sqlserver, oracle, db2; else the engine itself.'
family(e) := "postgres" if e in {"postgres", "aurora-postgresql"}

family(e) := "mysql" if e in {"mysql", "mariadb", "aurora-mysql", "aurora"}

family(e) := f if {
	some f in ["sqlserver", "oracle", "db2"]
	startswith(e, concat("", [f, "-"]))
}

family(e) := e if {
	not e in {"postgres", "aurora-postgresql", "mysql", "mariadb", "aurora-mysql", "aurora"}
	not _prefixed(e)
}

_prefixed(e) if {
	some f in ["sqlserver", "oracle", "db2"]
	startswith(e, concat("", [f, "-"]))
}
