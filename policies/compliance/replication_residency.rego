# METADATA
# title: Replication and copy destinations stay inside the residency list
# description: >-
#   DR copies are the usual way PII leaves a jurisdiction unnoticed (drill rule U2). Every place
#   data is copied to must be in `allowed_regions`: the DR region itself (config `dr_region`, else
#   the provider alias `dr`); S3 replication destinations (`destination.bucket` resolved to its
#   bucket's effective region); AWS Backup `copy_action.destination_vault_arn` (vault reference or
#   literal ARN); the effective region of aws_db_instance_automated_backups_replication, read
#   replicas (`replicate_source_db`), Aurora global-cluster members and replica clusters,
#   aws_kms_replica_key, aws_dynamodb_table_replica, ElastiCache global-datastore members,
#   aws_db_snapshot_copy (and its `destination_region`) and aws_ebs_snapshot_copy;
#   `aws_secretsmanager_secret.replica.region`, `aws_dynamodb_table.replica.region_name` and
#   `aws_ecr_replication_configuration` destination regions. A destination whose region cannot be
#   proven (a literal S3 ARN, a reference outside the configuration, a region from a variable) is
#   unverifiable: residency must be provable.
# scope: package
# custom:
#   id: CRM-CMP-002
#   severity: critical
#   family: CMP
#   controls:
#     iso27001-2022: ["A.5.14?", "A.5.34?"]
#     gdpr: ["Art. 44?"]
#   remediation: >-
#     CDKTF: point replication, backup copies and replicas at resources created with a provider whose
#     `region` is in the residency list (or get the list changed after a transfer assessment).
#     Terraform: `destination { bucket = aws_s3_bucket.<eu replica>.arn }`, `destination_vault_arn`
#     of a vault in an allowed region, `replica { region = "eu-central-1" }`, `provider = aws.dr` with
#     an allowed DR region.
package crm.rules.compliance.replication_residency

import data.crm.lib.dr
import data.crm.lib.regions
import data.crm.lib.tf

_allowed_text := tf.show(sort(dr.allowed))

# Copies: {resource, what, region} with region null when it cannot be proven.
_copies contains {"resource": x.resource, "what": concat("", ["S3 replication rule ", x.rule, " of `", b.address, "`"]), "region": region} if {
	some b in tf.resources("aws_s3_bucket")
	some x in dr.replications(b)
	not x.status in {"Disabled"}
	some region in _regions(x.dest)
}

_copies contains {"resource": p.address, "what": concat("", ["backup rule `", ca.rule, "` copy_action"]), "region": region} if {
	some p in tf.resources("aws_backup_plan")
	some ca in dr.copy_actions(p)
	some region in _regions(ca.dest)
}

_regions(dest) := dest.regions | {null | dest.unknown}

_own_region := [
	["aws_db_instance_automated_backups_replication", "automated backup replication", null],
	["aws_db_instance", "read replica", "replicate_source_db"],
	["aws_rds_cluster", "global cluster member", "global_cluster_identifier"],
	["aws_rds_cluster", "replica cluster", "replication_source_identifier"],
	["aws_kms_replica_key", "replica key", null],
	["aws_dynamodb_table_replica", "table replica", null],
	["aws_elasticache_replication_group", "global datastore member", "global_replication_group_id"],
	["aws_db_snapshot_copy", "snapshot copy", null],
	["aws_ebs_snapshot_copy", "snapshot copy", null],
]

_copies contains {"resource": r.address, "what": what, "region": r.region} if {
	some [type, what, attr] in _own_region
	some r in tf.resources(type)
	_marks_copy(r, attr)
}

_marks_copy(_, null)

_marks_copy(r, attr) if r.values[attr]

_attr_regions := [
	["aws_secretsmanager_secret", "replica", "region", "secret replica"],
	["aws_dynamodb_table", "replica", "region_name", "table replica"],
]

_copies contains {"resource": r.address, "what": concat("", [what, " (`", block, ".", attr, "`)"]), "region": _literal_region(v)} if {
	some [type, block, attr, what] in _attr_regions
	some r in tf.resources(type)
	some item in tf.blocks(object.get(r.values, block, []))
	v := object.get(item, attr, null)
}

_copies contains {"resource": r.address, "what": "snapshot copy (`destination_region`)", "region": _literal_region(r.values.destination_region)} if {
	some r in tf.resources("aws_db_snapshot_copy")
	"destination_region" in object.keys(r.values)
}

_copies contains {"resource": c.address, "what": "ECR replication destination (`rule.destination.region`)", "region": _literal_region(object.get(d, "region", null))} if {
	some c in tf.resources("aws_ecr_replication_configuration")
	some rc in tf.blocks(object.get(c.values, "replication_configuration", []))
	some rule in tf.blocks(object.get(rc, "rule", []))
	some d in tf.blocks(object.get(rule, "destination", []))
}

_literal_region(v) := v if {
	is_string(v)
	not dr.expr(v)
}

_literal_region(v) := null if not _is_literal(v)

_is_literal(v) if {
	is_string(v)
	not dr.expr(v)
}

deny contains {"resource": c.resource, "message": msg} if {
	some c in _copies
	is_string(c.region)
	not c.region in dr.allowed
	msg := concat("", [
		"`", c.resource, "` copies data (", c.what, ") to region ", c.region, ", which is not in allowed_regions ", _allowed_text,
		"; keep every copy inside the residency list",
	])
}

deny contains {"resource": c.resource, "message": msg, "unverifiable": true} if {
	some c in _copies
	c.region == null
	msg := concat("", [
		"`", c.resource, "` copies data (", c.what, ") to a region that cannot be proven from the configuration, ",
		"so it cannot be proven that the copy stays in allowed_regions; use a destination defined in this configuration",
	])
}

_dr_anchor := "provider.aws.dr" if input.providers["aws.dr"]

_dr_anchor := regions.account_anchor if not input.providers["aws.dr"]

deny contains {"resource": _dr_anchor, "message": msg} if {
	is_string(dr.region)
	not dr.region in dr.allowed
	msg := concat("", [
		"the DR region ", dr.region, " (config `dr_region`, else the provider alias `dr`) is not in allowed_regions ", _allowed_text,
		"; choose a DR region inside the residency list",
	])
}
