# METADATA
# title: Tasks do not share host namespaces or run as root on host networking
# description: >-
#   Host PID, IPC or network sharing breaks the isolation between CRM services. An
#   aws_ecs_task_definition must not set `pid_mode = "host"` or `ipc_mode = "host"`, and with
#   `network_mode = "host"` every container (`container_definitions` JSON) must run as a non-root
#   `user` (absent, `root`, `0` or `0:<gid>` is root). Fargate uses `awsvpc`. Values known only
#   after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-INT-008
#   severity: medium
#   family: INT
#   controls:
#     aws-fsbp: [ECS.1, ECS.3]
#     iso27001-2022: ["A.8.9?"]
#   remediation: >-
#     CDKTF: on EcsTaskDefinition use `networkMode: "awsvpc"` and leave `pidMode` / `ipcMode` unset
#     (or "task"); with host networking give every container `user: "1000:1000"`. Terraform:
#     `network_mode = "awsvpc"`, no `pid_mode = "host"` / `ipc_mode = "host"`, `"user": "1000"` in
#     `container_definitions`.
package crm.rules.integrity.ecs_host_namespaces

import data.crm.lib.containers
import data.crm.lib.tf

deny contains tf.finding(td, msg) if {
	some td in containers.task_definitions
	some attr in ["pid_mode", "ipc_mode"]
	td.values[attr] == "host"
	msg := concat("", ["`", td.address, "` shares the host's namespace (`", attr, " = \"host\"`); use \"task\" or leave it unset"])
}

_root(c) if not "user" in object.keys(c)

_root(c) if {
	u := c.user
	is_string(u)
	not containers.expr(u)
	some root in ["root", "0"]
	split(u, ":")[0] == root
}

deny contains tf.finding(td, msg) if {
	some td in containers.task_definitions
	td.values.network_mode == "host"
	some c in containers.containers(td)
	_root(c)
	msg := concat("", [
		"`", td.address, "` uses `network_mode = \"host\"` and container `", containers.name(c), "` runs as root (`user`: ",
		tf.show(object.get(c, "user", null)), "); use `network_mode = \"awsvpc\"` or set a non-root `user`",
	])
}

deny contains tf.unverifiable(td, attr, "the task does not share host namespaces") if {
	some td in containers.task_definitions
	some attr in ["pid_mode", "ipc_mode", "network_mode"]
	tf.unknown(td, attr)
}

deny contains {"resource": td.address, "message": msg, "unverifiable": true} if {
	some td in containers.task_definitions
	td.values.network_mode == "host"
	_user_unknown(td)
	msg := concat("", [
		"`", td.address, "` uses host networking with container users or definitions known only after apply, ",
		"so it cannot be proven that no container runs as root",
	])
}

_user_unknown(td) if containers.unparsed(td)

_user_unknown(td) if {
	some c in containers.containers(td)
	containers.expr(object.get(c, "user", null))
}
