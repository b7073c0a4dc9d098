# METADATA
# title: RDS engine helpers
# description: >-
#   One reading of a database's engine for every rule (CRM-ENC-006, CRM-LOG-012, CRM-IAM-014, ...):
#   the `engine` as written; a read replica without its own engine takes its source instance's
#   (replicate_source_db by reference); a cluster that sets none is `aurora`, the engine RDS and
#   older AWS providers default to (the pinned schema requires `engine` on aws_rds_cluster, but a
#   configuration without it is read consistently by every rule). aws_db_instance has no default:
#   without an engine or a traceable source (a snapshot restore) the engine is undefined.
# scope: package
package crm.lib.rds

import data.crm.lib.tf

# METADATA
# title: Engine of a database
# description: The engine string; `aurora` for a cluster without one; the source instance's for a read replica; undefined when none is known.
engine(db) := db.values.engine if is_string(db.values.engine)

engine(db) := "aurora" if {
	db.type == "aws_rds_cluster"
	not "engine" in object.keys(db.values)
}

engine(db) := src if {
	db.type == "aws_db_instance"
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
