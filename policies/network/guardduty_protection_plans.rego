# METADATA
# title: GuardDuty protection plans cover S3, RDS and runtime
# description: >-
#   Extends detection to data access on the PII stores and to container and host runtime. For every
#   enabled aws_guardduty_detector, the aws_guardduty_detector_feature resources bound to it
#   (`detector_id`) must have `status = "ENABLED"` for each plan that applies to the stack:
#   S3_DATA_EVENTS (S3 buckets; the deprecated `datasources.s3_logs.enable = true` is accepted),
#   RDS_LOGIN_EVENTS (RDS/Aurora), RUNTIME_MONITORING (ECS services, EC2 instances or EKS clusters,
#   with the ECS_FARGATE_AGENT_MANAGEMENT / EC2_AGENT_MANAGEMENT / EKS_ADDON_MANAGEMENT
#   `additional_configuration` enabled for the compute in use) and LAMBDA_NETWORK_LOGS (Lambda
#   functions). A status known only after apply is unverifiable.
# scope: package
# custom:
#   id: CRM-NET-016
#   severity: medium
#   family: NET
#   controls:
#     aws-fsbp: [GuardDuty.10, GuardDuty.9, GuardDuty.11, GuardDuty.12, GuardDuty.13, GuardDuty.6]
#     iso27001-2022: ["A.8.16?"]
#   remediation: >-
#     CDKTF: for each GuarddutyDetector add GuarddutyDetectorFeature constructs (`detectorId:
#     detector.id`, `name: "S3_DATA_EVENTS" | "RDS_LOGIN_EVENTS" | "RUNTIME_MONITORING" |
#     "LAMBDA_NETWORK_LOGS"`, `status: "ENABLED"`, and for runtime `additionalConfiguration: [{ name:
#     "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" }]`). Terraform: `aws_guardduty_detector_feature`
#     with `detector_id`, `name`, `status = "ENABLED"` and `additional_configuration` blocks.
package crm.rules.network.guardduty_protection_plans

import data.crm.lib.tf

_present(types) if {
	some t in types
	count(object.get(input.by_type, t, [])) > 0
}

_plans contains "S3_DATA_EVENTS" if _present(["aws_s3_bucket"])

_plans contains "RDS_LOGIN_EVENTS" if _present(["aws_db_instance", "aws_rds_cluster"])

_plans contains "RUNTIME_MONITORING" if _present(["aws_ecs_service", "aws_instance", "aws_eks_cluster"])

_plans contains "LAMBDA_NETWORK_LOGS" if _present(["aws_lambda_function"])

_agents contains "ECS_FARGATE_AGENT_MANAGEMENT" if _present(["aws_ecs_service"])

_agents contains "EC2_AGENT_MANAGEMENT" if _present(["aws_instance"])

_agents contains "EKS_ADDON_MANAGEMENT" if _present(["aws_eks_cluster"])

_detectors contains d if {
	some d in tf.resources("aws_guardduty_detector")
	not d.values.enable == false
}

_features(d) := [input.resources[a] | some a in tf.bound(d.address, "aws_guardduty_detector_feature", "detector_id")]

_enabled_plans(d) := {f.values.name | some f in _features(d); f.values.status == "ENABLED"} | _legacy(d)

_legacy(d) := {"S3_DATA_EVENTS" |
	some ds in tf.blocks(object.get(d.values, "datasources", []))
	some s3 in tf.blocks(object.get(ds, "s3_logs", []))
	s3.enable == true
}

_unknown_plans(d) := {f.values.name | some f in _features(d); tf.unknown(f, "status")}

deny contains tf.finding(d, msg) if {
	some d in _detectors
	some plan in _plans
	not plan in _enabled_plans(d)
	not plan in _unknown_plans(d)
	msg := concat("", [
		"`", d.address, "` has no aws_guardduty_detector_feature `", plan, "` with `status = \"ENABLED\"`;",
		" add one so GuardDuty covers the ", lower(plan), " protection plan for this stack's resources",
	])
}

deny contains {"resource": f.address, "message": msg, "unverifiable": true} if {
	some d in _detectors
	some f in _features(d)
	f.values.name in _plans
	tf.unknown(f, "status")
	msg := concat("", ["`", f.address, "` sets `status` of ", f.values.name, " from an expression known only after apply, so it cannot be proven that the plan is enabled"])
}

_enabled_agents(f) := {c.name | some c in tf.blocks(object.get(f.values, "additional_configuration", [])); c.status == "ENABLED"}

deny contains tf.finding(f, msg) if {
	some d in _detectors
	some f in _features(d)
	f.values.name == "RUNTIME_MONITORING"
	f.values.status == "ENABLED"
	some agent in _agents
	not agent in _enabled_agents(f)
	msg := concat("", [
		"`", f.address, "` enables RUNTIME_MONITORING without `additional_configuration` ", agent,
		" = ENABLED, so GuardDuty does not deploy its agent to this stack's compute; add it",
	])
}
