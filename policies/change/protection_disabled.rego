# METADATA
# title: A plan does not turn off deletion protection
# description: >-
#   Deletion protection is what stops an accidental `destroy` (or a replace in a later plan) from
#   taking the CRM data with it. Fires on an in-place update that turns a protection off:
#   `deletion_protection` true → false (aws_db_instance, aws_rds_cluster, aws_rds_global_cluster,
#   aws_docdb_cluster, aws_neptune_cluster), `deletion_protection_enabled` (aws_dynamodb_table),
#   `enable_deletion_protection` (aws_lb), `skip_final_snapshot` false → true (databases and
#   clusters), `force_destroy` false → true (aws_s3_bucket, aws_backup_vault: deletes the objects or
#   recovery points with the container). An attribute absent counts as its provider default. Evaluated on plans and on `--compare-to` input.
# scope: package
# custom:
#   id: CRM-CHG-002
#   severity: high
#   family: CHG
#   controls:
#     iso27001-2022: [A.8.32, "A.8.13?"]
#   remediation: >-
#     CDKTF: keep `deletionProtection: true` (DbInstance, RdsCluster), `deletionProtectionEnabled`
#     (DynamodbTable), `enableDeletionProtection` (Lb), `skipFinalSnapshot: false`, `forceDestroy:
#     false`. Terraform: keep `deletion_protection = true` (DynamoDB: `deletion_protection_enabled`, load balancers:
#     `enable_deletion_protection`), `skip_final_snapshot = false` and `force_destroy = false` on CRM
#     data stores. Turn a protection off only in the reviewed change that removes the resource,
#     with a waiver.
package crm.rules.change.protection_disabled

import data.crm.lib.changes

# type → attribute → [the value that means "protected", the provider default when absent].
_protections := {
	"aws_db_instance": {"deletion_protection": [true, false], "skip_final_snapshot": [false, false]},
	"aws_rds_cluster": {"deletion_protection": [true, false], "skip_final_snapshot": [false, false]},
	"aws_rds_global_cluster": {"deletion_protection": [true, false]},
	"aws_docdb_cluster": {"deletion_protection": [true, false], "skip_final_snapshot": [false, false]},
	"aws_neptune_cluster": {"deletion_protection": [true, false], "skip_final_snapshot": [false, false]},
	"aws_dynamodb_table": {"deletion_protection_enabled": [true, false]},
	"aws_lb": {"enable_deletion_protection": [true, false]},
	"aws_s3_bucket": {"force_destroy": [false, false]},
	"aws_backup_vault": {"force_destroy": [false, false]},
}

deny contains {"resource": c.address, "message": msg} if {
	some type, attrs in _protections
	some c in changes.of_type(type)
	changes.updates(c)
	some attr, [protected, default_value] in attrs
	changes.before(c, attr, default_value) == protected
	after := changes.after(c, attr, default_value)
	after != protected
	msg := concat("", [
		"`", c.address, "` is planned to change `", attr, "` from ", json.marshal(protected), " to ",
		json.marshal(after), ", removing its protection against deletion; keep `", attr, " = ", json.marshal(protected), "`",
	])
}
