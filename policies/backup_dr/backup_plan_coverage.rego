# METADATA
# title: An AWS Backup plan covers every CRM data store
# description: >-
#   Independent, policy-driven backups beyond service-native snapshots. Every CRM data store of a
#   type AWS Backup protects (aws_db_instance and aws_rds_cluster except replicas, aws_s3_bucket,
#   aws_dynamodb_table, aws_efs_file_system, aws_ebs_volume, DocumentDB, Neptune and FSx) must be
#   selected by an aws_backup_selection (its ARN referenced from `resources`, a `selection_tag` or
#   `condition.string_equals` matching one of its effective tags including provider default_tags,
#   or `resources = ["*"]` without conditions, and not listed in `not_resources`) whose `plan_id`
#   is an aws_backup_plan with at least one scheduled rule (`schedule` or continuous backup).
#   Resources in the DR region are the recovery copies and are exempt, and so are stores explicitly
#   classified `internal` or `public` (effective `DataClassification` tag: no customer data, e.g.
#   access-log buckets; CRM-CMP-003 keeps that tag honest). When a tag selection or the
#   store's tags, or a selection's `resources` (a variable, remote state), are known only after
#   apply, the finding is unverifiable.
# scope: package
# custom:
#   id: CRM-BDR-005
#   severity: high
#   family: BDR
#   controls:
#     aws-fsbp: ["RDS.26?", EC2.28, EFS.2, DynamoDB.4]
#     iso27001-2022: [A.8.13]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: create a BackupPlan with a scheduled rule and a BackupSelection with `planId: plan.id`
#     and either `resources: [store.arn]` or `selectionTag: [{ type: "STRINGEQUALS", key:
#     "DataClassification", value: "confidential" }]`. Terraform: `resource "aws_backup_selection"
#     { plan_id = aws_backup_plan.<name>.id, resources = [aws_db_instance.<name>.arn] }`.
package crm.rules.backup_dr.backup_plan_coverage

import data.crm.lib.dr
import data.crm.lib.tags
import data.crm.lib.tf

_types := [
	"aws_db_instance", "aws_rds_cluster", "aws_s3_bucket", "aws_dynamodb_table", "aws_efs_file_system",
	"aws_ebs_volume", "aws_docdb_cluster", "aws_neptune_cluster", "aws_fsx_windows_file_system",
	"aws_fsx_lustre_file_system", "aws_fsx_ontap_file_system", "aws_fsx_openzfs_file_system",
]

_replica(r) if r.values.replicate_source_db

_replica(r) if r.values.replication_source_identifier

# Each store no scheduled plan covers, with its selections, computed once (wasm does not memoize
# function calls).
_uncovered := [[r, sels] |
	some type in _types
	some r in tf.resources(type)
	not _replica(r)
	not dr.in_dr(r)
	not lower(tags.tag_or(r, "DataClassification", "")) in _open_classes
	sels := dr.selections(r)
	not _covered(sels)
]

# A rule, not a literal in the body above: a set literal there is built again for every store.
_open_classes := {"public", "internal"}

_covered(sels) if {
	some p in dr.plans(sels)
	dr.scheduled(input.resources[p])
}

_unknown(_) if count(dr.unknown_selections) > 0

_unknown(r) if tags.tags_unknown(r)

_state(sels) := "selected only by plans without a scheduled rule" if count(sels) > 0

_state(sels) := "selected by no aws_backup_selection" if count(sels) == 0

deny contains tf.finding(r, msg) if {
	some [r, sels] in _uncovered
	not _unknown(r)
	msg := concat("", [
		"`", r.address, "` is a CRM data store ", _state(sels), "; add an aws_backup_selection with `plan_id` = a scheduled ",
		"aws_backup_plan and `resources` = its ARN (or a `selection_tag` matching one of its tags)",
	])
}

deny contains {"resource": r.address, "message": msg, "unverifiable": true} if {
	some [r, sels] in _uncovered
	_unknown(r)
	msg := concat("", [
		"`", r.address, "` is not selected by ARN, and its tags or some aws_backup_selection's tags or `resources` are known only ",
		"after apply, so it cannot be proven that an AWS Backup plan covers it",
	])
}
