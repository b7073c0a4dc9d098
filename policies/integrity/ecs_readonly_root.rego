# METADATA
# title: Containers use a read-only root filesystem
# description: >-
#   Defence in depth against web-shell persistence: writable paths belong on volumes or tmpfs.
#   Every container of an aws_ecs_task_definition (`container_definitions` JSON) must set
#   `readonlyRootFilesystem: true` (absent means false). A value or a `container_definitions`
#   document known only after apply is unverifiable.
# scope: package
# custom:
#   id: CRM-INT-007
#   severity: medium
#   family: INT
#   controls:
#     aws-fsbp: [ECS.5]
#     iso27001-2022: ["A.8.9?"]
#   remediation: >-
#     CDKTF: add `readonlyRootFilesystem: true` to each container definition passed to
#     EcsTaskDefinition and mount writable paths as volumes. Terraform: `"readonlyRootFilesystem":
#     true` in every entry of `container_definitions`.
package crm.rules.integrity.ecs_readonly_root

import data.crm.lib.containers
import data.crm.lib.tf

deny contains tf.finding(td, msg) if {
	some td in containers.task_definitions
	some c in containers.containers(td)
	v := object.get(c, "readonlyRootFilesystem", null)
	v != true
	not containers.expr(v)
	msg := concat("", [
		"`", td.address, "` runs container `", containers.name(c), "` with a writable root filesystem (`readonlyRootFilesystem`: ",
		tf.show(v), "); set it to true and mount writable paths as volumes",
	])
}

deny contains {"resource": td.address, "message": msg, "unverifiable": true} if {
	some td in containers.task_definitions
	some c in containers.containers(td)
	containers.expr(object.get(c, "readonlyRootFilesystem", null))
	msg := concat("", [
		"`", td.address, "` sets `readonlyRootFilesystem` of container `", containers.name(c), "` from an expression known only after apply, ",
		"so it cannot be proven that the root filesystem is read-only",
	])
}

deny contains {"resource": td.address, "message": msg, "unverifiable": true} if {
	some td in containers.task_definitions
	containers.unparsed(td)
	msg := concat("", [
		"`", td.address, "` builds `container_definitions` from an expression known only after apply, ",
		"so it cannot be proven that containers have read-only root filesystems",
	])
}
