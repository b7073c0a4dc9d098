package crm.rules.network.ecs_no_public_ip_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.ecs_no_public_ip as rule

_svc(nc) := fx.resource("aws_ecs_service.app", {"network_configuration": nc})

test_private_service_passes if {
	count(rule.deny) == 0 with input as fx.model([_svc([{"assign_public_ip": false, "subnets": ["subnet-1"]}])])
}

test_absent_flag_passes if {
	count(rule.deny) == 0 with input as fx.model([_svc({"subnets": ["subnet-1"]}), fx.resource("aws_ecs_service.ec2", {})])
}

test_public_ip_fails if {
	some f in rule.deny with input as fx.model([_svc({"assign_public_ip": true})])
	f.resource == "aws_ecs_service.app"
	contains(f.message, "assign_public_ip = true")
}

test_unknown_flag_unverifiable if {
	s := fx.with_unknown(_svc({"assign_public_ip": "${var.p}"}), ["network_configuration.assign_public_ip"])
	some f in rule.deny with input as fx.model([s])
	f.unverifiable == true
}
