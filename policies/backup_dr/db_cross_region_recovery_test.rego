package crm.rules.backup_dr.db_cross_region_recovery_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.db_cross_region_recovery as rule

_dr(r) := fx.merged(r, {"region": "eu-central-1", "provider": "aws.dr"})

_in(r, region) := fx.merged(r, {"region": region})

_db := fx.resource("aws_db_instance.crm", {"engine": "postgres"})

_backup_replication(values) := _dr(fx.with_refs(
	fx.resource("aws_db_instance_automated_backups_replication.crm", object.union({"source_db_instance_arn": "${aws_db_instance.crm.arn}"}, values)),
	{"source_db_instance_arn": ["aws_db_instance.crm"]},
))

test_backup_replication_to_dr_passes if {
	count(rule.deny) == 0 with input as fx.model([_db, _backup_replication({"retention_period": 7})])
}

test_no_path_fails if {
	some f in rule.deny with input as fx.model([_db])
	f.resource == "aws_db_instance.crm"
	contains(f.message, "paths found: none")
	contains(f.message, "DR region eu-central-1")
}

test_short_replicated_retention_does_not_count if {
	some f in rule.deny with input as fx.model([_db, _backup_replication({"retention_period": 3})])
	contains(f.message, "paths found: none")
}

test_unknown_replicated_retention_counts if {
	count(rule.deny) == 0 with input as fx.model([_db, _backup_replication({"retention_period": "${var.days}"})])
}

test_same_region_replica_fails if {
	r := fx.with_refs(fx.resource("aws_db_instance.read", {"replicate_source_db": "${aws_db_instance.crm.identifier}"}), {"replicate_source_db": ["aws_db_instance.crm"]})
	some f in rule.deny with input as fx.model([_db, r])
	f.resource == "aws_db_instance.crm"
	contains(f.message, "read replica `aws_db_instance.read` in eu-west-1")
}

test_cross_region_replica_passes if {
	r := _dr(fx.with_refs(fx.resource("aws_db_instance.crm_dr", {"replicate_source_db": "${aws_db_instance.crm.arn}"}), {"replicate_source_db": ["aws_db_instance.crm"]}))
	count(rule.deny) == 0 with input as fx.model([_db, r])
}

test_replica_outside_allowed_regions_fails if {
	r := _in(fx.with_refs(fx.resource("aws_db_instance.crm_us", {"replicate_source_db": "${aws_db_instance.crm.arn}"}), {"replicate_source_db": ["aws_db_instance.crm"]}), "us-east-1")
	some f in rule.deny with input as fx.model([_db, r]) with data.config.dr_region as "us-east-1"
	contains(f.message, "in us-east-1")
}

test_dr_region_from_provider_alias if {
	r := _in(fx.with_refs(fx.resource("aws_db_instance.crm_dr", {"replicate_source_db": "${aws_db_instance.crm.arn}"}), {"replicate_source_db": ["aws_db_instance.crm"]}), "eu-north-1")
	providers := {"aws.dr": {"key": "aws.dr", "name": "aws", "alias": "dr", "region": "eu-north-1", "region_unknown": false, "values": {}}}
	count(rule.deny) == 0 with input as fx.model_with([_db, r], {"providers": providers}) with data.config.dr_region as null
}

test_without_dr_region_any_other_region_counts if {
	r := _in(fx.with_refs(fx.resource("aws_db_instance.crm_dr", {"replicate_source_db": "${aws_db_instance.crm.arn}"}), {"replicate_source_db": ["aws_db_instance.crm"]}), "eu-north-1")
	count(rule.deny) == 0 with input as fx.model([_db, r]) with data.config.dr_region as null
}

test_unknown_replica_region_unverifiable if {
	r := fx.merged(fx.with_refs(fx.resource("aws_db_instance.crm_dr", {"replicate_source_db": "${aws_db_instance.crm.arn}"}), {"replicate_source_db": ["aws_db_instance.crm"]}), {"region": null})
	some f in rule.deny with input as fx.model([_db, r])
	f.unverifiable == true
}

test_dr_region_databases_exempt if {
	count(rule.deny) == 0 with input as fx.model([_dr(fx.resource("aws_db_instance.standby", {}))])
}

_cluster := fx.with_refs(fx.resource("aws_rds_cluster.crm", {"engine": "aurora-postgresql", "global_cluster_identifier": "${aws_rds_global_cluster.g.id}"}), {"global_cluster_identifier": ["aws_rds_global_cluster.g"]})

_global := fx.resource("aws_rds_global_cluster.g", {"global_cluster_identifier": "crm"})

test_aurora_global_secondary_passes if {
	sec := _dr(fx.with_refs(fx.resource("aws_rds_cluster.sec", {"global_cluster_identifier": "${aws_rds_global_cluster.g.id}"}), {"global_cluster_identifier": ["aws_rds_global_cluster.g"]}))
	count(rule.deny) == 0 with input as fx.model([_cluster, _global, sec])
}

test_aurora_global_without_secondary_fails if {
	some f in rule.deny with input as fx.model([_cluster, _global])
	f.resource == "aws_rds_cluster.crm"
}

test_aurora_global_by_source_cluster_passes if {
	c := fx.resource("aws_rds_cluster.crm", {"engine": "aurora-postgresql"})
	g := fx.with_refs(fx.resource("aws_rds_global_cluster.g", {"source_db_cluster_identifier": "${aws_rds_cluster.crm.arn}"}), {"source_db_cluster_identifier": ["aws_rds_cluster.crm"]})
	sec := _dr(fx.with_refs(fx.resource("aws_rds_cluster.sec", {"global_cluster_identifier": "${aws_rds_global_cluster.g.id}"}), {"global_cluster_identifier": ["aws_rds_global_cluster.g"]}))
	count(rule.deny) == 0 with input as fx.model([c, g, sec])
}

test_aurora_cross_region_replica_cluster_passes if {
	c := fx.resource("aws_rds_cluster.crm", {"engine": "aurora-postgresql"})
	rep := _dr(fx.with_refs(fx.resource("aws_rds_cluster.rep", {"replication_source_identifier": "${aws_rds_cluster.crm.arn}"}), {"replication_source_identifier": ["aws_rds_cluster.crm"]}))
	count(rule.deny) == 0 with input as fx.model([c, rep])
}

_plan(dest) := fx.with_refs(
	fx.resource("aws_backup_plan.p", {"rule": [{"rule_name": "daily", "schedule": "cron(0 3 * * ? *)", "target_vault_name": "crm", "copy_action": [{"destination_vault_arn": dest}]}]}),
	{"rule.copy_action.destination_vault_arn": ["aws_backup_vault.dr"]},
)

_selection := fx.with_refs(
	fx.resource("aws_backup_selection.s", {"plan_id": "${aws_backup_plan.p.id}", "resources": ["${aws_db_instance.crm.arn}"]}),
	{"plan_id": ["aws_backup_plan.p"], "resources": ["aws_db_instance.crm"]},
)

test_backup_copy_to_dr_vault_passes if {
	vault := _dr(fx.resource("aws_backup_vault.dr", {}))
	count(rule.deny) == 0 with input as fx.model([_db, _plan("${aws_backup_vault.dr.arn}"), _selection, vault])
}

test_backup_copy_literal_arn_passes if {
	count(rule.deny) == 0 with input as fx.model([_db, _plan("arn:aws:backup:eu-central-1:123456789012:backup-vault:crm-dr"), _selection])
}

test_backup_copy_same_region_fails if {
	some f in rule.deny with input as fx.model([_db, _plan("arn:aws:backup:eu-west-1:123456789012:backup-vault:crm"), _selection])
	contains(f.message, "AWS Backup copy in `aws_backup_plan.p` in eu-west-1")
}

test_backup_copy_unresolvable_unverifiable if {
	p := fx.resource("aws_backup_plan.p", {"rule": [{"rule_name": "daily", "schedule": "cron(0 3 * * ? *)", "copy_action": [{"destination_vault_arn": "${var.vault}"}]}]})
	some f in rule.deny with input as fx.model([_db, p, _selection])
	f.unverifiable == true
}

test_default_replicated_retention_counts if {
	count(rule.deny) == 0 with input as fx.model([_db, _backup_replication({})])
}
