package crm.rules.integrity.ecs_not_privileged_test

import data.crm.lib.fixtures as fx
import data.crm.rules.integrity.ecs_not_privileged as rule

_td(containers) := fx.resource("aws_ecs_task_definition.api", {"family": "api", "container_definitions": json.marshal(containers)})

test_unprivileged_passes if {
	count(rule.deny) == 0 with input as fx.model([_td([{"name": "api", "image": "${aws_ecr_repository.api.repository_url}:1", "privileged": false}, {"name": "sidecar"}])])
}

test_privileged_fails if {
	some f in rule.deny with input as fx.model([_td([{"name": "api", "privileged": true}])])
	f.resource == "aws_ecs_task_definition.api"
	contains(f.message, "container `api` with `privileged: true`")
}

test_unknown_privileged_unverifiable if {
	some f in rule.deny with input as fx.model([_td([{"name": "api", "privileged": "${var.privileged}"}])])
	f.unverifiable == true
}

test_expression_definitions_unverifiable if {
	td := fx.resource("aws_ecs_task_definition.api", {"container_definitions": "${jsonencode(local.containers)}"})
	some f in rule.deny with input as fx.model([td])
	f.unverifiable == true
}

test_non_array_definitions_unverifiable if {
	td := fx.resource("aws_ecs_task_definition.api", {"container_definitions": "{\"name\": \"api\"}"})
	count(rule.deny) == 1 with input as fx.model([td])
}

test_tokens_with_quotes_are_masked_and_checked if {
	defs := `[{"name":"api","privileged":true,"secrets":[{"name":"S","valueFrom":"${replace(aws_secretsmanager_secret.s.arn, ":eu-west-1:", ":eu-central-1:")}"}]}]`
	td := fx.resource("aws_ecs_task_definition.api", {"container_definitions": defs})
	some f in rule.deny with input as fx.model([td])
	not f.unverifiable
	contains(f.message, "`privileged: true`")
}

test_masked_token_value_stays_unknown if {
	defs := `[{"name":"api","privileged":"${lookup(var.m, "p")}"}]`
	td := fx.resource("aws_ecs_task_definition.api", {"container_definitions": defs})
	some f in rule.deny with input as fx.model([td])
	f.unverifiable == true
	contains(f.message, "sets `privileged` of container `api`")
}

test_unclosed_token_unverifiable if {
	td := fx.resource("aws_ecs_task_definition.api", {"container_definitions": `[{"name":"api","image":"${f("x"]`})
	some f in rule.deny with input as fx.model([td])
	f.unverifiable == true
	td2 := fx.resource("aws_ecs_task_definition.api", {"container_definitions": `[{"name":"api","image":"${f("x"}]`})
	some f2 in rule.deny with input as fx.model([td2])
	f2.unverifiable == true
}

test_escalating_capabilities_fail if {
	caps := {"linuxParameters": {"capabilities": {"add": ["NET_BIND_SERVICE", "CAP_SYS_ADMIN", "all"]}}}
	some f in rule.deny with input as fx.model([_td([object.union({"name": "api"}, caps)])])
	contains(f.message, "adds Linux capabilities [\"CAP_SYS_ADMIN\",\"all\"] to container `api`")
}

test_harmless_capability_passes if {
	caps := {"linuxParameters": {"capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]}}}
	count(rule.deny) == 0 with input as fx.model([_td([object.union({"name": "api"}, caps)])])
}

test_capability_from_expression_unverifiable if {
	td := fx.resource("aws_ecs_task_definition.api", {"container_definitions": "[{\"name\":\"api\",\"linuxParameters\":{\"capabilities\":{\"add\":[\"${var.cap}\"]}}}]"})
	some f in rule.deny with input as fx.model([td])
	f.unverifiable == true
	contains(f.message, "adds a Linux capability")
}
