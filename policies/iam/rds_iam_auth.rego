# METADATA
# title: RDS uses IAM database authentication
# description: >-
#   Short-lived IAM tokens instead of shared database passwords for application and operator
#   access. aws_db_instance with engine mysql, postgres or mariadb and aws_rds_cluster with engine
#   aurora-mysql, aurora-postgresql, aurora, mysql or postgres (a cluster without `engine` is
#   `aurora`, the RDS default, read the same way by every rule) must set
#   iam_database_authentication_enabled = true (default false). Other engines (Oracle, SQL Server,
#   Db2) do not support it and are not applicable. A read replica is checked with the engine of
#   its source instance (by reference); other instances without an engine (restores) are not
#   applicable. A flag or engine known only after apply is unverifiable.
# scope: package
# custom:
#   id: CRM-IAM-014
#   severity: medium
#   family: IAM
#   controls:
#     aws-fsbp: [RDS.10, RDS.12]
#     iso27001-2022: ["A.8.5?"]
#   remediation: >-
#     CDKTF: set `iamDatabaseAuthenticationEnabled: true` on DbInstance / RdsCluster and grant
#     `rds-db:connect` to the application role.
#     Terraform: `iam_database_authentication_enabled = true` on `aws_db_instance` / `aws_rds_cluster`.
package crm.rules.iam.rds_iam_auth

import data.crm.lib.rds
import data.crm.lib.tf

_engines := {
	"aws_db_instance": {"mysql", "postgres", "mariadb"},
	"aws_rds_cluster": {"aurora", "aurora-mysql", "aurora-postgresql", "mysql", "postgres"},
}

_dbs[db.address] := db if {
	some type, engines in _engines
	some db in tf.resources(type)
	rds.engine(db) in engines
}

_dbs[db.address] := db if {
	some type, _ in _engines
	some db in tf.resources(type)
	tf.unknown(db, "engine")
}

deny contains tf.finding(db, msg) if {
	some db in _dbs
	not tf.unknown(db, "iam_database_authentication_enabled")
	tf.value(db, "iam_database_authentication_enabled", false) != true
	msg := concat("", [
		"`", db.address, "` has ", tf.shown(db, "iam_database_authentication_enabled"),
		"; set it to true so applications and operators connect with short-lived IAM tokens",
	])
}

deny contains tf.unverifiable(db, "iam_database_authentication_enabled", "IAM database authentication is on") if {
	some db in _dbs
	tf.unknown(db, "iam_database_authentication_enabled")
}
