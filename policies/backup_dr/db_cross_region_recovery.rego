# METADATA
# title: Each production database has a cross-region recovery path
# description: >-
#   Region loss or regional ransomware must be survivable: the static counterpart of the drill's
#   rule U1 ("nothing outside the lost region holds the data"). Every primary aws_db_instance
#   (not a read replica) and aws_rds_cluster (not a replica) outside the DR region needs at least one
#   path into the DR region (config `dr_region`, else the region of the provider alias `dr`):
#   (a) an aws_db_instance_automated_backups_replication whose `source_db_instance_arn` references
#   it, living in the DR region, keeping at least `min_backup_retention_days`; (b) an
#   aws_db_instance in the DR region whose `replicate_source_db` references it; (c) for Aurora, an
#   aws_rds_global_cluster (through the cluster's `global_cluster_identifier` or the global
#   cluster's `source_db_cluster_identifier`) with a member cluster in the DR region, or a cluster
#   in the DR region whose `replication_source_identifier` references it; (d) an AWS Backup
#   selection covering it whose plan has a `copy_action` to a vault in the DR region. In-region
#   snapshots and PITR do not count. A path whose region is outside `allowed_regions` does not
#   count either (CRM-CMP-002 reports it). A path whose region cannot be proven is unverifiable.
# scope: package
# custom:
#   id: CRM-BDR-004
#   severity: high
#   family: BDR
#   controls:
#     iso27001-2022: ["A.8.14?", "A.5.30?"]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: in the DR-region provider scope add a DbInstanceAutomatedBackupsReplication with
#     `sourceDbInstanceArn: db.arn`, `kmsKeyId: drKey.arn`, `retentionPeriod: 7` (or a cross-region
#     DbInstance with `replicateSourceDb: db.arn`, or an Aurora RdsGlobalCluster secondary, or a
#     BackupPlan copyAction to a DR vault). Terraform: `resource
#     "aws_db_instance_automated_backups_replication" { provider = aws.dr, source_db_instance_arn =
#     aws_db_instance.<name>.arn, kms_key_id = aws_kms_key.<dr>.arn }`.
package crm.rules.backup_dr.db_cross_region_recovery

import data.crm.lib.dr
import data.crm.lib.tf

_primaries[db.address] := db if {
	some db in tf.resources("aws_db_instance")
	not db.values.replicate_source_db
	not dr.in_dr(db)
}

_primaries[c.address] := c if {
	some c in tf.resources("aws_rds_cluster")
	not c.values.replication_source_identifier
	not dr.in_dr(c)
}

_min_days := data.config.min_backup_retention_days

# Each path: {what, region} with region null when it cannot be proven.
_paths(db) := ((_backup_replications(db) | _replicas(db)) | _global_members(db)) | _backup_copies(db)

_backup_replications(db) := {{"what": concat("", ["aws_db_instance_automated_backups_replication `", a, "`"]), "region": input.resources[a].region} |
	some a in tf.bound(db.address, "aws_db_instance_automated_backups_replication", "source_db_instance_arn")
	_retention_ok(input.resources[a])
}

_retention_ok(rep) if not "retention_period" in object.keys(rep.values)

_retention_ok(rep) if {
	is_number(rep.values.retention_period)
	rep.values.retention_period >= _min_days
}

_retention_ok(rep) if dr.expr(rep.values.retention_period)

_replicas(db) := {{"what": concat("", ["read replica `", a, "`"]), "region": input.resources[a].region} |
	some a in tf.bound(db.address, "aws_db_instance", "replicate_source_db")
} | {{"what": concat("", ["replica cluster `", a, "`"]), "region": input.resources[a].region} |
	some a in tf.bound(db.address, "aws_rds_cluster", "replication_source_identifier")
}

_globals(c) := {g | some g in tf.refs(c, "global_cluster_identifier"); input.resources[g].type == "aws_rds_global_cluster"} | {g |
	some g in tf.bound(c.address, "aws_rds_global_cluster", "source_db_cluster_identifier")
}

_global_members(c) := {{"what": concat("", ["global cluster member `", m, "`"]), "region": input.resources[m].region} |
	c.type == "aws_rds_cluster"
	some g in _globals(c)
	some m in tf.bound(g, "aws_rds_cluster", "global_cluster_identifier")
	m != c.address
}

_backup_copies(db) := {{"what": concat("", ["AWS Backup copy in `", p, "`"]), "region": region} |
	some p in dr.plans(dr.selections(db))
	some ca in dr.copy_actions(input.resources[p])
	some region in _copy_regions(ca)
}

_copy_regions(ca) := ca.dest.regions | {null | ca.dest.unknown}

# Each primary with its recovery paths, computed once (wasm memoizes no function call).
_checked := [[db, _paths(db)] | some db in _primaries]

_recoverable(db, paths) if {
	some path in paths
	dr.target_ok(path.region, db.region)
	path.region in dr.allowed
}

_unknown_path(paths) if {
	some path in paths
	path.region == null
}

_describe(paths) := "none" if count(paths) == 0

_describe(paths) := concat("; ", sort([concat("", [p.what, " in ", _region_text(p.region)]) | some p in paths])) if count(paths) > 0

_region_text(r) := r if is_string(r)

_region_text(null) := "an unprovable region"

deny contains tf.finding(db, msg) if {
	some [db, paths] in _checked
	not _recoverable(db, paths)
	not _unknown_path(paths)
	msg := concat("", [
		"`", db.address, "` in ", _region_text(db.region), " has no recovery path in DR region ", dr.region_text,
		" inside allowed_regions (paths found: ", _describe(paths), "); add an aws_db_instance_automated_backups_replication ",
		"with `source_db_instance_arn` = its ARN in the DR region, a cross-region read replica, an Aurora global secondary, ",
		"or an AWS Backup copy_action to a DR vault",
	])
}

deny contains {"resource": db.address, "message": msg, "unverifiable": true} if {
	some [db, paths] in _checked
	not _recoverable(db, paths)
	_unknown_path(paths)
	msg := concat("", [
		"`", db.address, "` has recovery paths whose region cannot be proven before apply (", _describe(paths),
		"), so it cannot be proven that a copy exists in DR region ", dr.region_text,
	])
}
