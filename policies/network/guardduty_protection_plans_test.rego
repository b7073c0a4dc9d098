package crm.rules.network.guardduty_protection_plans_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.guardduty_protection_plans as rule

_detector(values) := fx.resource("aws_guardduty_detector.gd", values)

_feature(name, status, extra) := fx.with_refs(
	fx.resource(concat(".", ["aws_guardduty_detector_feature", lower(name)]), object.union({"name": name, "status": status, "detector_id": "${aws_guardduty_detector.gd.id}"}, extra)),
	{"detector_id": ["aws_guardduty_detector.gd"]},
)

_bucket := fx.resource("aws_s3_bucket.b", {})

_db := fx.resource("aws_db_instance.db", {})

_svc := fx.resource("aws_ecs_service.s", {})

_fn := fx.resource("aws_lambda_function.f", {})

_runtime(configs) := _feature("RUNTIME_MONITORING", "ENABLED", {"additional_configuration": configs})

test_all_plans_enabled_pass if {
	m := fx.model([
		_detector({}), _bucket, _db, _svc, _fn,
		_feature("S3_DATA_EVENTS", "ENABLED", {}), _feature("RDS_LOGIN_EVENTS", "ENABLED", {}),
		_feature("LAMBDA_NETWORK_LOGS", "ENABLED", {}),
		_runtime([{"name": "ECS_FARGATE_AGENT_MANAGEMENT", "status": "ENABLED"}]),
	])
	count(rule.deny) == 0 with input as m
}

test_only_applicable_plans_required if {
	count(rule.deny) == 0 with input as fx.model([_detector({}), _bucket, _feature("S3_DATA_EVENTS", "ENABLED", {})])
}

test_missing_rds_plan_fails if {
	some f in rule.deny with input as fx.model([_detector({}), _db])
	f.resource == "aws_guardduty_detector.gd"
	contains(f.message, "`RDS_LOGIN_EVENTS`")
}

test_disabled_plan_fails if {
	count(rule.deny) == 1 with input as fx.model([_detector({}), _bucket, _feature("S3_DATA_EVENTS", "DISABLED", {})])
}

test_legacy_datasources_s3_passes if {
	d := _detector({"datasources": {"s3_logs": {"enable": true}}})
	count(rule.deny) == 0 with input as fx.model([d, _bucket])
}

test_runtime_without_agent_fails if {
	some f in rule.deny with input as fx.model([_detector({}), _svc, _runtime([])])
	f.resource == "aws_guardduty_detector_feature.runtime_monitoring"
	contains(f.message, "ECS_FARGATE_AGENT_MANAGEMENT")
}

test_disabled_detector_ignored if {
	count(rule.deny) == 0 with input as fx.model([_detector({"enable": false}), _db])
}

test_unknown_status_unverifiable if {
	f0 := fx.with_unknown(_feature("RDS_LOGIN_EVENTS", "${var.s}", {}), ["status"])
	fs := rule.deny with input as fx.model([_detector({}), _db, f0])
	count(fs) == 1
	some f in fs
	f.unverifiable == true
}

test_runtime_agents_follow_compute if {
	m := fx.model([
		_detector({}), fx.resource("aws_instance.i", {}), fx.resource("aws_eks_cluster.k", {}),
		_runtime([{"name": "EC2_AGENT_MANAGEMENT", "status": "ENABLED"}]),
	])
	fs := rule.deny with input as m
	count(fs) == 1
	some f in fs
	contains(f.message, "EKS_ADDON_MANAGEMENT")
}
