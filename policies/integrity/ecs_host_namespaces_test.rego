package crm.rules.integrity.ecs_host_namespaces_test

import data.crm.lib.fixtures as fx
import data.crm.rules.integrity.ecs_host_namespaces as rule

_td(values, containers) := fx.resource("aws_ecs_task_definition.api", object.union({"family": "api", "container_definitions": json.marshal(containers)}, values))

test_awsvpc_passes if {
	count(rule.deny) == 0 with input as fx.model([_td({"network_mode": "awsvpc"}, [{"name": "api"}])])
}

test_host_pid_fails if {
	some f in rule.deny with input as fx.model([_td({"pid_mode": "host"}, [{"name": "api"}])])
	contains(f.message, "`pid_mode = \"host\"`")
}

test_host_ipc_fails if {
	count(rule.deny) == 1 with input as fx.model([_td({"ipc_mode": "host"}, [{"name": "api"}])])
}

test_host_network_root_fails if {
	fs := rule.deny with input as fx.model([_td({"network_mode": "host"}, [{"name": "a"}, {"name": "b", "user": "0:0"}, {"name": "c", "user": "root"}])])
	count(fs) == 3
}

test_host_network_non_root_passes if {
	count(rule.deny) == 0 with input as fx.model([_td({"network_mode": "host"}, [{"name": "a", "user": "1000:1000"}])])
}

test_unknown_mode_unverifiable if {
	td := fx.with_unknown(_td({"network_mode": "${var.mode}"}, [{"name": "a"}]), ["network_mode"])
	some f in rule.deny with input as fx.model([td])
	f.unverifiable == true
}

test_host_network_unknown_user_unverifiable if {
	some f in rule.deny with input as fx.model([_td({"network_mode": "host"}, [{"name": "a", "user": "${var.user}"}])])
	f.unverifiable == true
}

test_host_network_unparsed_unverifiable if {
	td := fx.resource("aws_ecs_task_definition.api", {"network_mode": "host", "container_definitions": "${var.defs}"})
	some f in rule.deny with input as fx.model([td])
	f.unverifiable == true
}
