package crm.rules.backup_dr.recovery_alerts_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.recovery_alerts as rule

_plan(copy) := fx.resource("aws_backup_plan.p", {"rule": [object.union({"rule_name": "daily", "schedule": "cron(0 3 * * ? *)"}, copy)]})

_with_copy := _plan({"copy_action": [{"destination_vault_arn": "arn:dr"}]})

_event_rule(types) := [
	fx.resource("aws_cloudwatch_event_rule.backup", {"event_pattern": json.marshal({"source": ["aws.backup"], "detail-type": types})}),
	fx.with_refs(fx.resource("aws_cloudwatch_event_target.backup", {"rule": "${aws_cloudwatch_event_rule.backup.name}", "arn": "arn:topic"}), {"rule": ["aws_cloudwatch_event_rule.backup"]}),
]

test_backups_without_alerts_fail if {
	some f in rule.deny with input as fx.model([_with_copy])
	contains(f.message, "nothing alerts on failed backup jobs or failed copy jobs")
	some g in rule.deny with input as fx.model(array.concat([_with_copy], _event_rule(["Backup Job State Change"])))
	contains(g.message, "nothing alerts on failed copy jobs")
}

test_event_rule_or_vault_notifications_pass if {
	count(rule.deny) == 0 with input as fx.model(array.concat([_with_copy], _event_rule(["Backup Job State Change", "Copy Job State Change"])))
	n := fx.resource("aws_backup_vault_notifications.v", {"backup_vault_events": ["BACKUP_JOB_FAILED", "COPY_JOB_FAILED"]})
	count(rule.deny) == 0 with input as fx.model([_with_copy, n])
	m := fx.resource("aws_backup_vault_notifications.v", {"backup_vault_events": ["BACKUP_JOB_COMPLETED"]})
	count(rule.deny) == 0 with input as fx.model([_plan({}), m])
}

test_event_rule_without_target_or_pattern_does_not_count if {
	untargeted := fx.resource("aws_cloudwatch_event_rule.backup", {"event_pattern": json.marshal({"source": ["aws.backup"], "detail-type": ["Backup Job State Change"]})})
	count(rule.deny) == 1 with input as fx.model([_plan({}), untargeted])
	unparsed := fx.resource("aws_cloudwatch_event_rule.backup", {"event_pattern": "${var.pattern}"})
	count(rule.deny) == 1 with input as fx.model([_plan({}), unparsed])
}

_replica := fx.resource("aws_db_instance.dr", {"identifier": "crm-dr", "replicate_source_db": "arn:aws:rds:eu-west-1:111122223333:db:crm"})

_alarm(name, namespace, metric, dims, refs) := fx.with_refs(
	fx.resource(concat(".", ["aws_cloudwatch_metric_alarm", name]), {"namespace": namespace, "metric_name": metric, "dimensions": dims, "alarm_actions": ["arn:topic"]}),
	refs,
)

test_replica_without_lag_alarm_fails if {
	some f in rule.deny with input as fx.model([_replica])
	contains(f.message, "without a ReplicaLag alarm")
	other := _alarm("lag", "AWS/RDS", "ReplicaLag", {"DBInstanceIdentifier": "someone-else"}, {})
	count(rule.deny) == 1 with input as fx.model([_replica, other])
}

test_replica_lag_alarm_by_reference_or_literal_passes if {
	by_ref := _alarm("lag", "AWS/RDS", "ReplicaLag", {"DBInstanceIdentifier": "${aws_db_instance.dr.identifier}"}, {"dimensions.DBInstanceIdentifier": ["aws_db_instance.dr"]})
	count(rule.deny) == 0 with input as fx.model([_replica, by_ref])
	literal := _alarm("lag", "AWS/RDS", "ReplicaLag", {"DBInstanceIdentifier": "crm-dr"}, {})
	count(rule.deny) == 0 with input as fx.model([_replica, literal])
}

_bucket := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files"})

_replication(metrics) := fx.with_refs(
	fx.resource("aws_s3_bucket_replication_configuration.files", {"bucket": "${aws_s3_bucket.files.id}", "rule": [{"id": "to-dr", "status": "Enabled", "destination": [object.union({"bucket": "arn:dr"}, metrics)]}]}),
	{"bucket": ["aws_s3_bucket.files"]},
)

test_replication_without_metrics_or_alarm_fails if {
	fs := rule.deny with input as fx.model([_bucket, _replication({})])
	count(fs) == 2
	some f in fs
	contains(f.message, "without replication metrics on rule(s) [\"to-dr\"]")
}

test_replication_with_metrics_and_alarm_passes if {
	alarm := _alarm("repl", "AWS/S3", "OperationsFailedReplication", {"SourceBucket": "crm-files"}, {})
	count(rule.deny) == 0 with input as fx.model([_bucket, _replication({"metrics": [{"status": "Enabled"}]}), alarm])
}
