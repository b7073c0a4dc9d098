# METADATA
# title: Deletion protection on stateful and edge resources
# description: >-
#   Guards against an accidental or malicious `destroy` of the CRM database and front door.
#   aws_db_instance and aws_rds_cluster need `deletion_protection = true` and must not set
#   `skip_final_snapshot = true`; aws_lb / aws_alb need `enable_deletion_protection = true`;
#   aws_dynamodb_table needs `deletion_protection_enabled = true`. All default to false; a value
#   known only after apply is reported as unverifiable.
# scope: package
# custom:
#   id: CRM-BDR-003
#   severity: medium
#   family: BDR
#   controls:
#     aws-fsbp: [RDS.8, RDS.7, ELB.6, DynamoDB.6]
#     iso27001-2022: ["A.8.13?"]
#   remediation: >-
#     CDKTF: `deletionProtection: true` and `skipFinalSnapshot: false` (with
#     `finalSnapshotIdentifier`) on DbInstance / RdsCluster, `enableDeletionProtection: true` on Lb,
#     `deletionProtectionEnabled: true` on DynamodbTable. Terraform: `deletion_protection = true`,
#     `skip_final_snapshot = false`, `enable_deletion_protection = true`,
#     `deletion_protection_enabled = true`.
package crm.rules.backup_dr.deletion_protection

import data.crm.lib.tf

_flags := [
	["aws_db_instance", "deletion_protection"],
	["aws_rds_cluster", "deletion_protection"],
	["aws_lb", "enable_deletion_protection"],
	["aws_alb", "enable_deletion_protection"],
	["aws_dynamodb_table", "deletion_protection_enabled"],
]

deny contains tf.finding(r, msg) if {
	some [type, attr] in _flags
	some r in tf.resources(type)
	not tf.unknown(r, attr)
	tf.value(r, attr, false) != true
	msg := concat("", [
		"`", r.address, "` can be destroyed without a guard (", tf.shown(r, attr), "); set `", attr, "` to true",
	])
}

deny contains tf.unverifiable(r, attr, "the resource is protected against deletion") if {
	some [type, attr] in _flags
	some r in tf.resources(type)
	tf.unknown(r, attr)
}

deny contains tf.finding(r, msg) if {
	some type in ["aws_db_instance", "aws_rds_cluster"]
	some r in tf.resources(type)
	r.values.skip_final_snapshot == true
	msg := concat("", [
		"`", r.address, "` has `skip_final_snapshot = true`, so a destroy deletes the data without a last snapshot; ",
		"set it to false and give `final_snapshot_identifier` a name",
	])
}

deny contains tf.unverifiable(r, "skip_final_snapshot", "a final snapshot is taken on destroy") if {
	some type in ["aws_db_instance", "aws_rds_cluster"]
	some r in tf.resources(type)
	tf.unknown(r, "skip_final_snapshot")
}
