# METADATA
# title: Runtimes and platforms are supported versions
# description: >-
#   Deprecated runtimes stop receiving security fixes. An aws_lambda_function's `runtime` must not
#   be in `deprecated_lambda_runtimes` (maintained from AWS's runtime-deprecation table), and an
#   aws_ecs_service on Fargate (`launch_type = "FARGATE"` or a FARGATE / FARGATE_SPOT capacity
#   provider) must leave `platform_version` unset, `LATEST`, or one of `fargate_platform_versions`
#   (Security Hub ECS.10's latest versions). Values known only after apply are unverifiable.
#   Database and cache engine versions are CRM-INT-012's.
# scope: package
# custom:
#   id: CRM-INT-009
#   severity: medium
#   family: INT
#   controls:
#     aws-fsbp: [Lambda.2, ECS.10]
#     iso27001-2022: ["A.8.8?"]
#   remediation: >-
#     CDKTF: set LambdaFunction `runtime` to a supported identifier (e.g. "nodejs22.x",
#     "python3.13") and remove `platformVersion` from EcsService (or set "LATEST"). Terraform:
#     `runtime = "nodejs22.x"`, `platform_version = "LATEST"` (or unset).
package crm.rules.integrity.supported_runtimes

import data.crm.lib.dr
import data.crm.lib.tf

_deprecated := {r | some r in data.config.deprecated_lambda_runtimes}

_platforms := {v | some v in data.config.fargate_platform_versions} | {"LATEST"}

deny contains tf.finding(fn, msg) if {
	some fn in tf.resources("aws_lambda_function")
	fn.values.runtime in _deprecated
	msg := concat("", [
		"`", fn.address, "` uses the deprecated runtime (", tf.shown(fn, "runtime"), "); move it to a supported runtime version",
	])
}

deny contains tf.unverifiable(fn, "runtime", "the function runs on a supported runtime") if {
	some fn in tf.resources("aws_lambda_function")
	tf.unknown(fn, "runtime")
}

_fargate(svc) if svc.values.launch_type == "FARGATE"

_fargate(svc) if {
	some s in tf.blocks(object.get(svc.values, "capacity_provider_strategy", []))
	s.capacity_provider in {"FARGATE", "FARGATE_SPOT"}
}

deny contains tf.finding(svc, msg) if {
	some svc in tf.resources("aws_ecs_service")
	_fargate(svc)
	v := svc.values.platform_version
	not dr.expr(v)
	not v in _platforms
	msg := concat("", [
		"`", svc.address, "` pins an old Fargate platform (", tf.shown(svc, "platform_version"),
		"); set `platform_version = \"LATEST\"` or remove it",
	])
}

deny contains tf.unverifiable(svc, "platform_version", "the service runs on the latest Fargate platform") if {
	some svc in tf.resources("aws_ecs_service")
	_fargate(svc)
	tf.unknown(svc, "platform_version")
}
