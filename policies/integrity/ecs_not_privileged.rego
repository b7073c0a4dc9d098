# METADATA
# title: Containers do not run privileged
# description: >-
#   A privileged container can escape to the host and to neighbouring tasks. No container of an
#   aws_ecs_task_definition (`container_definitions` JSON) may set `privileged: true`, nor add a
#   privileged-equivalent Linux capability in `linuxParameters.capabilities.add` (ALL, SYS_ADMIN,
#   SYS_MODULE, SYS_PTRACE, SYS_RAWIO, DAC_READ_SEARCH, BPF; with or without the CAP_ prefix). A
#   value or a `container_definitions` document known only after apply is unverifiable.
# scope: package
# custom:
#   id: CRM-INT-006
#   severity: high
#   family: INT
#   controls:
#     aws-fsbp: [ECS.4]
#     iso27001-2022: ["A.8.9?", "A.8.2?"]
#   remediation: >-
#     CDKTF: remove `privileged: true` from the container definition passed to EcsTaskDefinition
#     and do not add ALL / SYS_ADMIN (or similar) under `linuxParameters.capabilities.add`.
#     Terraform: no `"privileged": true` and no such capability in `container_definitions`.
package crm.rules.integrity.ecs_not_privileged

import data.crm.lib.containers
import data.crm.lib.tf

# [task definition, its containers (null when they cannot be parsed)], parsed once per task
# definition (wasm memoizes rules, never function calls).
_parsed := [[td, _containers(td)] | some td in containers.task_definitions]

_containers(td) := cs if {
	cs := containers.containers(td)
} else := null

deny contains tf.finding(td, msg) if {
	some [td, cs] in _parsed
	some c in cs
	c.privileged == true
	msg := concat("", [
		"`", td.address, "` runs container `", containers.name(c), "` with `privileged: true` in `container_definitions`; remove it",
	])
}

# Capabilities that give a container host-level control (escape, kernel modules, other processes).
_escalating_caps := {"ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE", "SYS_RAWIO", "DAC_READ_SEARCH", "BPF"}

_added_caps(c) := [cap |
	some cap in object.get(c, ["linuxParameters", "capabilities", "add"], [])
	is_string(cap)
]

_escalating(c) := sort([cap |
	some cap in _added_caps(c)
	trim_prefix(upper(cap), "CAP_") in _escalating_caps
])

deny contains tf.finding(td, msg) if {
	some [td, cs] in _parsed
	some c in cs
	count(_escalating(c)) > 0
	msg := concat("", [
		"`", td.address, "` adds Linux capabilities ", json.marshal(_escalating(c)), " to container `", containers.name(c),
		"` in `linuxParameters.capabilities.add`, which is as good as privileged; drop them",
	])
}

deny contains {"resource": td.address, "message": msg, "unverifiable": true} if {
	some [td, cs] in _parsed
	some c in cs
	some cap in _added_caps(c)
	containers.expr(cap)
	msg := concat("", [
		"`", td.address, "` adds a Linux capability to container `", containers.name(c), "` from an expression known only after apply, ",
		"so it cannot be proven that the container is unprivileged",
	])
}

deny contains {"resource": td.address, "message": msg, "unverifiable": true} if {
	some [td, cs] in _parsed
	some c in cs
	containers.expr(object.get(c, "privileged", null))
	msg := concat("", [
		"`", td.address, "` sets `privileged` of container `", containers.name(c), "` from an expression known only after apply, ",
		"so it cannot be proven that the container is unprivileged",
	])
}

deny contains {"resource": td.address, "message": msg, "unverifiable": true} if {
	some [td, null] in _parsed
	msg := concat("", [
		"`", td.address, "` builds `container_definitions` from an expression known only after apply, ",
		"so it cannot be proven that no container runs privileged",
	])
}
