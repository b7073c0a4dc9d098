package crm.rules.integrity.ecs_readonly_root_test

import data.crm.lib.fixtures as fx
import data.crm.rules.integrity.ecs_readonly_root as rule

_td(containers) := fx.resource("aws_ecs_task_definition.api", {"family": "api", "container_definitions": json.marshal(containers)})

test_read_only_passes if {
	count(rule.deny) == 0 with input as fx.model([_td([{"name": "api", "readonlyRootFilesystem": true}])])
}

test_absent_fails if {
	some f in rule.deny with input as fx.model([_td([{"name": "api"}])])
	f.resource == "aws_ecs_task_definition.api"
	contains(f.message, "(`readonlyRootFilesystem`: null)")
}

test_false_fails_per_container if {
	fs := rule.deny with input as fx.model([_td([{"name": "api", "readonlyRootFilesystem": false}, {"name": "envoy"}, {"name": "ok", "readonlyRootFilesystem": true}])])
	count(fs) == 2
}

test_unknown_unverifiable if {
	some f in rule.deny with input as fx.model([_td([{"name": "api", "readonlyRootFilesystem": "${var.ro}"}])])
	f.unverifiable == true
}

test_expression_definitions_unverifiable if {
	td := fx.resource("aws_ecs_task_definition.api", {"container_definitions": "${var.defs}"})
	some f in rule.deny with input as fx.model([td])
	f.unverifiable == true
}
