# METADATA
# title: "Workload logs are shipped: RDS log exports and ECS log configuration"
# description: >-
#   Database audit/error logs and container logs are needed to reconstruct who touched customer
#   data. PostgreSQL instances and clusters must export the postgresql (and, for instances, upgrade)
#   logs to CloudWatch; MySQL/MariaDB must export audit, error, general and slowquery; every ECS
#   container definition must set a logConfiguration with a log driver other than "none". The
#   engine is read as in CRM-ENC-006 / CRM-IAM-014 (lib.rds: a read replica takes its source's
#   engine, Multi-AZ DB clusters count by family). An engine or export list known only after apply
#   is unverifiable.
# scope: package
# custom:
#   id: CRM-LOG-012
#   severity: medium
#   family: LOG
#   controls:
#     aws-fsbp: [RDS.9, RDS.34, RDS.36, RDS.37, ECS.9]
#     iso27001-2022: [A.8.15]
#     gdpr: [Art. 32]
#   remediation: >-
#     CDKTF: on DbInstance set `enabledCloudwatchLogsExports: ["postgresql", "upgrade"]` (MySQL:
#     audit, error, general, slowquery); on RdsCluster `["postgresql"]`; give each ECS container a
#     `logConfiguration: { logDriver: "awslogs", options: {...} }`. Terraform:
#     `enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]` and `logConfiguration` in
#     `container_definitions`.
package crm.rules.logging.workload_log_exports

import data.crm.lib.jsondoc
import data.crm.lib.rds
import data.crm.lib.tf

# Log types by engine family: PostgreSQL instances also export upgrade logs; clusters (Aurora and
# Multi-AZ DB clusters) export postgresql only.
_required(type, engine) := {"postgresql", "upgrade"} if {
	type == "aws_db_instance"
	rds.family(engine) == "postgres"
}

_required(type, engine) := {"postgresql"} if {
	type == "aws_rds_cluster"
	rds.family(engine) == "postgres"
}

_required(_, engine) := {"audit", "error", "general", "slowquery"} if rds.family(engine) == "mysql"

_databases := array.concat(tf.resources("aws_db_instance"), tf.resources("aws_rds_cluster"))

deny contains tf.finding(r, msg) if {
	some r in _databases
	not tf.unknown(r, "enabled_cloudwatch_logs_exports")
	need := _required(r.type, rds.engine(r))
	have := {x | some x in tf.value(r, "enabled_cloudwatch_logs_exports", [])}
	missing := need - have
	count(missing) > 0
	msg := concat("", [
		"`", r.address, "` (engine ", rds.engine(r), ") does not export ", concat(", ", sort(missing)),
		" logs (", tf.shown(r, "enabled_cloudwatch_logs_exports"), "); add them to `enabled_cloudwatch_logs_exports`",
	])
}

deny contains tf.unverifiable(r, "enabled_cloudwatch_logs_exports", "database logs are exported") if {
	some r in _databases
	tf.unknown(r, "enabled_cloudwatch_logs_exports")
}

deny contains tf.unverifiable(r, "engine", "the engine's required logs are exported") if {
	some r in _databases
	tf.unknown(r, "engine")
}

# No `engine`: a snapshot restore or a replica of a database outside this configuration.
deny contains {"resource": r.address, "message": msg, "unverifiable": true} if {
	some r in tf.resources("aws_db_instance")
	not "engine" in object.keys(r.values)
	not rds.engine(r)
	msg := concat("", [
		"`", r.address, "` sets no `engine` (it comes from ", tf.shown(r, "snapshot_identifier"), " / ", tf.shown(r, "replicate_source_db"),
		"), so it cannot be proven that the engine's required logs are exported",
	])
}

# [task definition, [parsed container_definitions]], or [task definition, []] when the text is
# absent or not valid JSON: each text parsed (a lookup hashing the whole text) once, for the
# container findings and the unverifiable one.
_definitions := [[td, _parsed(td)] | some td in tf.resources("aws_ecs_task_definition")]

_parsed(td) := [d] if {
	d := jsondoc.parse(object.get(td.values, "container_definitions", null))
} else := []

# Each container definition with its task definition, for both findings below.
_containers := [[td, c] |
	some [td, [d]] in _definitions
	some c in d
]

deny contains tf.finding(td, msg) if {
	some [td, c] in _containers
	c.logConfiguration.logDriver == "none"
	msg := concat("", ["`", td.address, "` container `", object.get(c, "name", "?"), "` has `logConfiguration.logDriver = \"none\"`, which discards its logs; use awslogs (or firelens) to an encrypted log group"])
}

deny contains tf.finding(td, msg) if {
	some [td, c] in _containers
	not c.logConfiguration.logDriver
	msg := concat("", ["`", td.address, "` container `", object.get(c, "name", "?"), "` has no `logConfiguration.logDriver`; ship its logs (e.g. awslogs to an encrypted log group)"])
}

deny contains tf.unverifiable(td, "container_definitions", "every container ships its logs") if {
	some [td, []] in _definitions
}
