# METADATA
# title: RDS master credentials are managed by RDS in Secrets Manager, not set in configuration
# description: >-
#   A password argument lands in plan and state in clear text. Every aws_db_instance (read
#   replicas are not applicable) and aws_rds_cluster (replica and secondary global clusters are
#   not applicable) must set manage_master_user_password = true and no password / master_password
#   argument, whether literal (also a plaintext secret in source) or a reference such as
#   random_password (a value known only after apply still means "set"). Write-only password_wo /
#   master_password_wo (Terraform 1.11+, never stored) is reported as unverifiable: rotation stays
#   manual, so it needs a waiver. The write-only argument names follow the provider v6 schema.
# scope: package
# custom:
#   id: CRM-IAM-015
#   severity: high
#   family: IAM
#   controls:
#     iso27001-2022: ["A.5.17?"]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: on DbInstance / RdsCluster remove `password` / `masterPassword` and set
#     `manageMasterUserPassword: true` (with `masterUserSecretKmsKeyId: key.arn`).
#     Terraform: delete `password` / `master_password` and set `manage_master_user_password = true`,
#     `master_user_secret_kms_key_id = aws_kms_key.<name>.arn`.
package crm.rules.iam.rds_managed_password

import data.crm.lib.tf

_kinds := {
	"aws_db_instance": {"password": "password", "write_only": "password_wo"},
	"aws_rds_cluster": {"password": "master_password", "write_only": "master_password_wo"},
}

_secondary(db) if db.values.replicate_source_db

_secondary(db) if db.values.replication_source_identifier

_secondary(db) if {
	db.type == "aws_rds_cluster"
	db.values.global_cluster_identifier
	not db.values.master_username
}

# A list, not a set: a set would hash every [resource, kind] pair on insert.
_dbs := [[db, k] |
	some type, k in _kinds
	some db in tf.resources(type)
	not _secondary(db)
]

_set(db, attr) if db.values[attr] != null

_set(db, attr) if tf.unknown(db, attr)

_literal(db, attr) if {
	is_string(db.values[attr])
	not tf.unknown(db, attr)
}

_origin(db, attr) := " (a plaintext secret in the source)" if _literal(db, attr)

_origin(db, attr) := " (from an expression, still stored in plan and state)" if not _literal(db, attr)

deny contains tf.finding(db, msg) if {
	some [db, k] in _dbs
	_set(db, k.password)
	msg := concat("", [
		"`", db.address, "` sets `", k.password, "`", _origin(db, k.password),
		"; remove it and set `manage_master_user_password = true` so RDS keeps the credential in Secrets Manager",
	])
}

deny contains {"resource": db.address, "message": msg, "unverifiable": true} if {
	some [db, k] in _dbs
	_set(db, k.write_only)
	msg := concat("", [
		"`", db.address, "` sets the write-only `", k.write_only, "`: never stored, but not rotated by RDS",
		"; prefer `manage_master_user_password = true` or record a waiver",
	])
}

deny contains tf.finding(db, msg) if {
	some [db, k] in _dbs
	not _set(db, k.password)
	not _set(db, k.write_only)
	not tf.unknown(db, "manage_master_user_password")
	tf.value(db, "manage_master_user_password", false) != true
	msg := concat("", [
		"`", db.address, "` has ", tf.shown(db, "manage_master_user_password"),
		"; set it to true so RDS generates, stores and rotates the master credential in Secrets Manager",
	])
}

deny contains tf.unverifiable(db, "manage_master_user_password", "RDS manages the master credential") if {
	some [db, k] in _dbs
	not _set(db, k.password)
	tf.unknown(db, "manage_master_user_password")
}
