# METADATA
# title: A plan does not remove DR replicas, replication or backup copies
# description: >-
#   The cross-region copies are the CRM's region-loss recovery: removing one silently voids the DR
#   drill's RPO figures. Fires on the deletion of a database read replica (aws_db_instance with
#   `replicate_source_db`), of an aws_s3_bucket_replication_configuration, of an
#   aws_dynamodb_table_replica; on an update that removes or disables S3 replication rules (by `id`),
#   removes DynamoDB global-table `replica` regions, or removes a backup plan rule's `copy_action`
#   destinations (by `rule_name`). A replacement of a replication configuration re-creates it and is
#   not reported. Evaluated on plans and on `--compare-to` input.
# scope: package
# custom:
#   id: CRM-CHG-004
#   severity: high
#   family: CHG
#   controls:
#     iso27001-2022: [A.8.14, A.5.30, A.8.32]
#   remediation: >-
#     CDKTF and Terraform alike: keep the DR replica, the bucket replication rules, the DynamoDB replicas and the backup copy
#     actions to the DR region; move them in a reviewed change that creates the new copy first, with
#     a waiver for the removal.
package crm.rules.change.dr_protection_removed

import data.crm.lib.changes

_removed_only(c) if {
	changes.destroys(c)
	not changes.replaces(c)
}

deny contains {"resource": c.address, "message": msg} if {
	some c in changes.of_type("aws_db_instance")
	changes.destroys(c)
	changes.before(c, "replicate_source_db", "") != ""
	msg := concat("", [
		"`", c.address, "` (a read replica of ", json.marshal(changes.before(c, "replicate_source_db", "")), ") is planned to be ",
		changes.verb(c), "; the database loses that replica (cross-region DR copy) until a new one has caught up",
	])
}

_whole := {
	"aws_s3_bucket_replication_configuration": "the bucket's replication to its DR copy stops",
	"aws_dynamodb_table_replica": "the table loses that region's replica",
}

deny contains {"resource": c.address, "message": msg} if {
	some type, what in _whole
	some c in changes.of_type(type)
	_removed_only(c)
	msg := concat("", ["`", c.address, "` is planned to be destroyed: ", what])
}

_enabled_rules(values) := {r.id |
	some r in object.get(values, "rule", [])
	object.get(r, "status", "") == "Enabled"
}

deny contains {"resource": c.address, "message": msg} if {
	some c in changes.of_type("aws_s3_bucket_replication_configuration")
	changes.updates(c)
	lost := _enabled_rules(c.before) - _enabled_rules(c.after)
	count(lost) > 0
	msg := concat("", [
		"`", c.address, "` is planned to remove or disable replication rule(s) ", json.marshal(sort(lost)),
		"; objects written afterwards are no longer copied to the DR bucket",
	])
}

_replica_regions(values) := {r.region_name | some r in object.get(values, "replica", [])}

deny contains {"resource": c.address, "message": msg} if {
	some c in changes.of_type("aws_dynamodb_table")
	changes.updates(c)
	lost := _replica_regions(c.before) - _replica_regions(c.after)
	count(lost) > 0
	msg := concat("", ["`", c.address, "` is planned to remove its replica(s) in ", json.marshal(sort(lost))])
}

_copies(values) := {[r.rule_name, d] |
	some r in object.get(values, "rule", [])
	some a in object.get(r, "copy_action", [])
	d := a.destination_vault_arn
}

deny contains {"resource": c.address, "message": msg} if {
	some c in changes.of_type("aws_backup_plan")
	changes.updates(c)
	some [rule_name, vault] in (_copies(c.before) - _copies(c.after))
	msg := concat("", [
		"`", c.address, "` is planned to remove the copy action of rule `", rule_name, "` to ", json.marshal(vault),
		"; new recovery points are no longer copied to the DR vault",
	])
}
