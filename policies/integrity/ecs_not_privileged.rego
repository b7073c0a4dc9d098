# METADATA
# title: Containers do not run privileged
# description: >-
#   A privileged container can escape to the host and to neighbouring tasks. No container of an
#   aws_ecs_task_definition (`container_definitions` JSON) may set `privileged: true`. A value or a
#   `container_definitions` document known only after apply is unverifiable.
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
#     (grant individual Linux capabilities only if unavoidable). Terraform: no `"privileged": true`
#     in `container_definitions`.
package crm.rules.integrity.ecs_not_privileged

import data.crm.lib.containers
import data.crm.lib.tf

deny contains tf.finding(td, msg) if {
	some td in containers.task_definitions
	some c in containers.containers(td)
	c.privileged == true
	msg := concat("", [
		"`", td.address, "` runs container `", containers.name(c), "` with `privileged: true` in `container_definitions`; remove it",
	])
}

deny contains {"resource": td.address, "message": msg, "unverifiable": true} if {
	some td in containers.task_definitions
	some c in containers.containers(td)
	containers.expr(object.get(c, "privileged", null))
	msg := concat("", [
		"`", td.address, "` sets `privileged` of container `", containers.name(c), "` from an expression known only after apply, ",
		"so it cannot be proven that the container is unprivileged",
	])
}

deny contains {"resource": td.address, "message": msg, "unverifiable": true} if {
	some td in containers.task_definitions
	containers.unparsed(td)
	msg := concat("", [
		"`", td.address, "` builds `container_definitions` from an expression known only after apply, ",
		"so it cannot be proven that no container runs privileged",
	])
}
