# METADATA
# title: Stateful CRM resources are not destroyed or replaced by a plan
# description: >-
#   A replace destroys the existing object: a database, cluster, bucket, table, file system, backup
#   vault or secret planned for `delete` or replace (`["delete","create"]` / `["create","delete"]`)
#   loses the customer data in it (a new, empty one takes its place). Fires on the change itself,
#   naming the attributes that force a replacement (plan `replace_paths`) with their values before
#   and after. Read replicas are CRM-CHG-004's (DR protection); KMS keys are CRM-CHG-005's; caches
#   (sessions are rebuilt by signing in again) are not data stores here.
#   Evaluated on plans, and on CDKTF/HCL input compared with a previous input (`--compare-to`);
#   otherwise the report states that the CHG family was not evaluated. A deliberate replacement is
#   approved with a waiver (reason, owner, expiry) for this plan.
# scope: package
# custom:
#   id: CRM-CHG-001
#   severity: critical
#   enforcement: hard-mandatory
#   waivable: true
#   family: CHG
#   controls:
#     iso27001-2022: [A.8.32, A.8.13]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF and Terraform alike: do not change the attributes that force a replacement of a data store (engine,
#     identifier, storage encryption, KMS key, bucket name, table keys, ...): restore from a
#     snapshot into a new resource and migrate instead, or use an in-place upgrade path (e.g.
#     `engine_version` with `allow_major_version_upgrade`). Remove a data store only after its data
#     is exported and the deletion is approved: record a waiver with reason, owner and expiry.
package crm.rules.change.data_store_destroyed

import data.crm.lib.changes

_stateful := {
	"aws_db_instance", "aws_rds_cluster", "aws_rds_global_cluster", "aws_docdb_cluster", "aws_neptune_cluster",
	"aws_dynamodb_table", "aws_s3_bucket", "aws_efs_file_system", "aws_fsx_lustre_file_system",
	"aws_fsx_ontap_file_system", "aws_fsx_openzfs_file_system", "aws_fsx_windows_file_system",
	"aws_ebs_volume", "aws_backup_vault", "aws_secretsmanager_secret",
}

# A read replica holds a copy, not the data of record: its removal is a DR change (CRM-CHG-004).
_replica(c) if changes.before(c, "replicate_source_db", "") != ""

deny contains {"resource": c.address, "message": msg} if {
	some type in _stateful
	some c in changes.of_type(type)
	changes.destroys(c)
	not _replica(c)
	msg := concat("", [
		"`", c.address, "` is planned to be ", changes.verb(c), " (actions ", json.marshal(c.actions),
		"): the existing ", type, " and the data in it are lost", changes.forcing(c),
		"; keep the forcing attributes unchanged, or approve the data loss with a waiver",
	])
}
