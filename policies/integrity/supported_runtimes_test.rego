package crm.rules.integrity.supported_runtimes_test

import data.crm.lib.fixtures as fx
import data.crm.rules.integrity.supported_runtimes as rule

test_current_runtime_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_lambda_function.f", {"runtime": "nodejs22.x"})])
}

test_deprecated_runtime_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_lambda_function.f", {"runtime": "python3.8"})])
	f.resource == "aws_lambda_function.f"
	contains(f.message, "`runtime = \"python3.8\"`")
}

test_container_image_function_without_runtime_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_lambda_function.f", {"package_type": "Image"})])
}

test_unknown_runtime_unverifiable if {
	fn := fx.with_unknown(fx.resource("aws_lambda_function.f", {"runtime": "${var.runtime}"}), ["runtime"])
	some f in rule.deny with input as fx.model([fn])
	f.unverifiable == true
}

test_fargate_latest_and_unset_pass if {
	a := fx.resource("aws_ecs_service.a", {"launch_type": "FARGATE", "platform_version": "LATEST"})
	b := fx.resource("aws_ecs_service.b", {"launch_type": "FARGATE"})
	c := fx.resource("aws_ecs_service.c", {"launch_type": "FARGATE", "platform_version": "1.4.0"})
	count(rule.deny) == 0 with input as fx.model([a, b, c])
}

test_old_fargate_platform_fails if {
	svc := fx.resource("aws_ecs_service.api", {"capacity_provider_strategy": [{"capacity_provider": "FARGATE_SPOT", "weight": 1}], "platform_version": "1.3.0"})
	some f in rule.deny with input as fx.model([svc])
	contains(f.message, "`platform_version = \"1.3.0\"`")
}

test_ec2_launch_type_ignored if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_ecs_service.api", {"launch_type": "EC2", "platform_version": "1.3.0"})])
}

test_unknown_platform_unverifiable if {
	svc := fx.with_unknown(fx.resource("aws_ecs_service.api", {"launch_type": "FARGATE", "platform_version": "${var.pv}"}), ["platform_version"])
	some f in rule.deny with input as fx.model([svc])
	f.unverifiable == true
}
