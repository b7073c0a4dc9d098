package crm.rules.backup_dr.dr_enablers_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.dr_enablers as rule

_dr(r) := fx.merged(r, {"region": "eu-central-1", "provider": "aws.dr"})

test_secret_with_dr_replica_passes if {
	s := fx.resource("aws_secretsmanager_secret.db", {"name": "crm-db", "replica": [{"region": "eu-central-1"}]})
	count(rule.deny) == 0 with input as fx.model([s])
}

test_secret_without_replica_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_secretsmanager_secret.db", {"name": "crm-db"})])
	f.resource == "aws_secretsmanager_secret.db"
	contains(f.message, "no replica in DR region eu-central-1 (`replica.region`: [])")
}

test_secret_replica_elsewhere_fails if {
	s := fx.resource("aws_secretsmanager_secret.db", {"replica": {"region": "eu-north-1"}})
	count(rule.deny) == 1 with input as fx.model([s])
}

test_dr_native_secret_with_same_name_passes if {
	s := fx.resource("aws_secretsmanager_secret.db", {"name": "crm-db"})
	d := _dr(fx.resource("aws_secretsmanager_secret.db_dr", {"name": "crm-db"}))
	count(rule.deny) == 0 with input as fx.model([s, d])
}

test_secret_unknown_replica_region_unverifiable if {
	s := fx.resource("aws_secretsmanager_secret.db", {"replica": [{"region": "${var.dr}"}]})
	some f in rule.deny with input as fx.model([s])
	f.unverifiable == true
}

test_key_with_dr_replica_passes if {
	k := fx.resource("aws_kms_key.data", {"multi_region": true})
	r := _dr(fx.with_refs(fx.resource("aws_kms_replica_key.data", {"primary_key_arn": "${aws_kms_key.data.arn}"}), {"primary_key_arn": ["aws_kms_key.data"]}))
	count(rule.deny) == 0 with input as fx.model([k, r])
}

test_key_without_dr_counterpart_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_kms_key.data", {})])
	f.resource == "aws_kms_key.data"
	contains(f.message, "no aws_kms_replica_key in DR region eu-central-1")
}

test_dr_native_key_satisfies_keys if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_kms_key.data", {}), _dr(fx.resource("aws_kms_key.dr", {}))])
}

_repo := fx.resource("aws_ecr_repository.api", {"name": "crm-api"})

_ecr(region) := fx.resource("aws_ecr_replication_configuration.r", {"replication_configuration": {"rule": [{"destination": [{"region": region, "registry_id": "123456789012"}]}]}})

test_replicated_repository_passes if {
	count(rule.deny) == 0 with input as fx.model([_repo, _ecr("eu-central-1")])
}

test_unreplicated_repository_fails if {
	some f in rule.deny with input as fx.model([_repo, _ecr("eu-north-1")])
	f.resource == "aws_ecr_repository.api"
}

test_unknown_ecr_destination_unverifiable if {
	some f in rule.deny with input as fx.model([_repo, _ecr("${var.dr}")])
	f.unverifiable == true
}

test_dr_region_resources_exempt if {
	rs := [_dr(fx.resource("aws_secretsmanager_secret.s", {})), _dr(fx.resource("aws_ecr_repository.r", {})), _dr(fx.resource("aws_kms_key.k", {}))]
	count(rule.deny) == 0 with input as fx.model(rs)
}
