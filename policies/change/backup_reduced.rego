# METADATA
# title: A plan does not shorten or switch off backups and point-in-time recovery
# description: >-
#   Shorter retention silently drops restore points the RPO and GDPR accountability rely on. Fires
#   on an in-place update that lowers `backup_retention_period` (aws_db_instance, aws_rds_cluster;
#   0 disables automated backups), turns `point_in_time_recovery.enabled` off (aws_dynamodb_table),
#   suspends S3 versioning (aws_s3_bucket_versioning), or lowers a backup plan rule's
#   `lifecycle.delete_after` (aws_backup_plan, matched by `rule_name`); and on the deletion of an
#   aws_backup_plan, aws_backup_selection or aws_s3_bucket_versioning. Evaluated on plans and on
#   `--compare-to` input.
# scope: package
# custom:
#   id: CRM-CHG-003
#   severity: high
#   family: CHG
#   controls:
#     iso27001-2022: [A.8.13, A.8.32]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: keep `backupRetentionPeriod`, `pointInTimeRecovery`, the S3BucketVersioningA and the
#     BackupPlan `lifecycle.deleteAfter`. Terraform: keep `backup_retention_period`, DynamoDB PITR, bucket versioning and backup-plan retention at
#     least at their current values; shorten them only in a reviewed change with a waiver (and check
#     CRM-BDR-002/-007 and the drill's RPO figures).
package crm.rules.change.backup_reduced

import data.crm.lib.changes

_retention_types := {"aws_db_instance", "aws_rds_cluster"}

deny contains {"resource": c.address, "message": msg} if {
	some type in _retention_types
	some c in changes.of_type(type)
	changes.updates(c)
	before := changes.before(c, "backup_retention_period", 0)
	after := changes.after(c, "backup_retention_period", 0)
	is_number(before)
	is_number(after)
	after < before
	msg := concat("", [
		"`", c.address, "` is planned to lower `backup_retention_period` from ", json.marshal(before), " to ",
		json.marshal(after), " days", _disabled(after), "; keep the retention",
	])
}

_disabled(0) := " (automated backups off)"

_disabled(n) := "" if n != 0

_pitr(values) if {
	some b in object.get(values, "point_in_time_recovery", [])
	b.enabled == true
}

deny contains {"resource": c.address, "message": msg} if {
	some c in changes.of_type("aws_dynamodb_table")
	changes.updates(c)
	_pitr(c.before)
	not _pitr(c.after)
	msg := concat("", ["`", c.address, "` is planned to turn off point-in-time recovery; keep `point_in_time_recovery { enabled = true }`"])
}

_versioning(values) := object.get(values, ["versioning_configuration", 0, "status"], "")

deny contains {"resource": c.address, "message": msg} if {
	some c in changes.of_type("aws_s3_bucket_versioning")
	changes.updates(c)
	_versioning(c.before) == "Enabled"
	_versioning(c.after) != "Enabled"
	msg := concat("", [
		"`", c.address, "` is planned to change bucket versioning from Enabled to ", json.marshal(_versioning(c.after)),
		"; overwritten and deleted objects would no longer be recoverable",
	])
}

_delete_after(values) := {r.rule_name: d |
	some r in object.get(values, "rule", [])
	some l in object.get(r, "lifecycle", [])
	d := l.delete_after
	is_number(d)
}

deny contains {"resource": c.address, "message": msg} if {
	some c in changes.of_type("aws_backup_plan")
	changes.updates(c)
	some name, before in _delete_after(c.before)
	after := _delete_after(c.after)[name]
	after < before
	msg := concat("", [
		"`", c.address, "` is planned to shorten rule `", name, "` retention (`lifecycle.delete_after`) from ",
		json.marshal(before), " to ", json.marshal(after), " days; keep the retention",
	])
}

_removable := {
	"aws_backup_plan": "the backup plan",
	"aws_backup_selection": "the backup selection (the resources it covers are no longer backed up)",
	"aws_s3_bucket_versioning": "the bucket versioning configuration",
}

deny contains {"resource": c.address, "message": msg} if {
	some type, what in _removable
	some c in changes.of_type(type)
	changes.destroys(c)
	not changes.replaces(c)
	msg := concat("", ["`", c.address, "` is planned to be destroyed: ", what, " goes away; keep it"])
}
