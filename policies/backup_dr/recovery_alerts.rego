# METADATA
# title: Failed backups, failed copies, replica lag and failed replication raise alerts
# description: >-
#   The RPO figures of the DR drill assume every copy path works; a silent failure turns them into
#   fiction. (1) When an aws_backup_plan is scheduled, failed backup jobs must be notified: an
#   aws_backup_vault_notifications with BACKUP_JOB_COMPLETED (carries the FAILED state) or
#   BACKUP_JOB_FAILED, and COPY_JOB_FAILED when a plan copies to another vault; or an
#   aws_cloudwatch_event_rule with a target whose pattern has source `aws.backup` and detail-type
#   "Backup Job State Change" (and "Copy Job State Change"). (2) Every database read replica
#   (aws_db_instance with `replicate_source_db`) needs an aws_cloudwatch_metric_alarm on AWS/RDS
#   `ReplicaLag` with `DBInstanceIdentifier` naming it and an `alarm_actions` target. (3) Every
#   aws_s3_bucket_replication_configuration needs replication metrics on each Enabled rule
#   (`destination.metrics.status = "Enabled"`, which emits the failure metric) and an
#   aws_cloudwatch_metric_alarm on AWS/S3 `OperationsFailedReplication` whose `SourceBucket` names
#   the source bucket, with an `alarm_actions` target.
# scope: package
# custom:
#   id: CRM-BDR-019
#   severity: medium
#   family: BDR
#   controls:
#     iso27001-2022: [A.8.13, A.8.16, A.5.30]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: a CloudwatchEventRule `{ source: ["aws.backup"], "detail-type": ["Backup Job State
#     Change", "Copy Job State Change"], detail: { state: ["FAILED", "ABORTED"] } }` with a
#     CloudwatchEventTarget to the alert topic (or a BackupVaultNotifications); a CloudwatchMetricAlarm
#     on `AWS/RDS` `ReplicaLag` per replica and on `AWS/S3` `OperationsFailedReplication` per replicated
#     bucket (with `metrics: { status: "Enabled" }` in the replication rule's destination).
#     Terraform: the same with aws_cloudwatch_event_rule/_target, aws_backup_vault_notifications,
#     aws_cloudwatch_metric_alarm.
package crm.rules.backup_dr.recovery_alerts

import data.crm.lib.dr
import data.crm.lib.jsondoc
import data.crm.lib.tf

# --- (1) backup and copy jobs ------------------------------------------------------------------

_copies(p) if {
	some r in tf.blocks(object.get(p.values, "rule", []))
	count(tf.blocks(object.get(r, "copy_action", []))) > 0
}

_vault_events := {e |
	some n in tf.resources("aws_backup_vault_notifications")
	some e in object.get(n.values, "backup_vault_events", [])
}

_event_types := {t |
	some r in tf.resources("aws_cloudwatch_event_rule")
	count(tf.referrers(r.address, "aws_cloudwatch_event_target")) > 0
	jsondoc.valid(object.get(r.values, "event_pattern", ""))
	pattern := jsondoc.unmarshal(r.values.event_pattern)
	is_object(pattern)
	"aws.backup" in object.get(pattern, "source", [])
	some t in object.get(pattern, "detail-type", [])
}

_backup_alerted if "BACKUP_JOB_COMPLETED" in _vault_events

_backup_alerted if "BACKUP_JOB_FAILED" in _vault_events

_backup_alerted if "Backup Job State Change" in _event_types

_copy_alerted if "COPY_JOB_FAILED" in _vault_events

_copy_alerted if "Copy Job State Change" in _event_types

_missing(p) := array.concat(
	[x | not _backup_alerted; x := "failed backup jobs"],
	[x | _copies(p); not _copy_alerted; x := "failed copy jobs"],
)

deny contains tf.finding(p, msg) if {
	some p in tf.resources("aws_backup_plan")
	dr.scheduled(p)
	count(_missing(p)) > 0
	msg := concat("", [
		"`", p.address, "` runs backups but nothing alerts on ", concat(" or ", _missing(p)), "; add an EventBridge rule on",
		" aws.backup job state changes (or aws_backup_vault_notifications) with a target",
	])
}

# --- (2) replica lag ---------------------------------------------------------------------------

_alarms(namespace, metric) := [a |
	some a in tf.resources("aws_cloudwatch_metric_alarm")
	a.values.namespace == namespace
	a.values.metric_name == metric
	count(object.get(a.values, "alarm_actions", [])) > 0
]

_names_resource(a, dim, r, _) if r.address in tf.refs(a, concat(".", ["dimensions", dim]))

_names_resource(a, dim, r, attr) if {
	v := object.get(object.get(a.values, "dimensions", {}), dim, null)
	is_string(v)
	v == object.get(r.values, attr, "")
}

deny contains tf.finding(db, msg) if {
	some db in tf.resources("aws_db_instance")
	object.get(db.values, "replicate_source_db", "") != ""
	count([a | some a in _alarms("AWS/RDS", "ReplicaLag"); _names_resource(a, "DBInstanceIdentifier", db, "identifier")]) == 0
	msg := concat("", [
		"`", db.address, "` is a read replica without a ReplicaLag alarm (AWS/RDS, DBInstanceIdentifier = it, with alarm_actions);",
		" add one so a lagging DR copy is noticed",
	])
}

# --- (3) S3 replication failures ---------------------------------------------------------------

_source(c) := input.resources[a] if {
	some a in tf.refs(c, "bucket")
	input.resources[a].type == "aws_s3_bucket"
}

_no_metrics(c) := [object.get(r, "id", "?") |
	some r in tf.blocks(object.get(c.values, "rule", []))
	object.get(r, "status", "") == "Enabled"
	some d in tf.blocks(object.get(r, "destination", []))
	object.get(object.union_n(array.concat([{}], tf.blocks(object.get(d, "metrics", [])))), "status", "") != "Enabled"
]

deny contains tf.finding(c, msg) if {
	some c in tf.resources("aws_s3_bucket_replication_configuration")
	count(_no_metrics(c)) > 0
	msg := concat("", [
		"`", c.address, "` replicates without replication metrics on rule(s) ", json.marshal(sort(_no_metrics(c))),
		", so failed replication is never reported; set `destination.metrics.status = \"Enabled\"`",
	])
}

deny contains tf.finding(c, msg) if {
	some c in tf.resources("aws_s3_bucket_replication_configuration")
	b := _source(c)
	count([a | some a in _alarms("AWS/S3", "OperationsFailedReplication"); _names_resource(a, "SourceBucket", b, "bucket")]) == 0
	msg := concat("", [
		"`", c.address, "` has no OperationsFailedReplication alarm (AWS/S3, SourceBucket = `", b.address, "`, with alarm_actions);",
		" add one so failed replication to the DR bucket is noticed",
	])
}
