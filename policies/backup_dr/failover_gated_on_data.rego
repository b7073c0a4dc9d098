# METADATA
# title: Automatic DNS failover waits until the DR database can take writes
# description: >-
#   A health-checked failover moves users as soon as the primary looks unhealthy (a region loss,
#   or a 30-second blip), but a DR site whose database is a read-only replica cannot take writes
#   until someone promotes it. For each aws_route53_record with `failover_routing_policy.type =
#   "SECONDARY"` that aliases a load balancer in a region holding a read replica (aws_db_instance
#   with `replicate_source_db`, aws_rds_cluster with `replication_source_identifier`), the failover
#   must be gated on data recovery when its PRIMARY fails over automatically (`health_check_id`
#   or `alias.evaluate_target_health`): the SECONDARY needs a `health_check_id` of type
#   CLOUDWATCH_METRIC (an alarm that clears when the DR database is writable) or RECOVERY_CONTROL
#   (an ARC routing control), or the PRIMARY's health check is a RECOVERY_CONTROL. A health check
#   outside the configuration is unverifiable.
# scope: package
# custom:
#   id: CRM-BDR-018
#   severity: high
#   family: BDR
#   controls:
#     iso27001-2022: ["A.5.30?", "A.8.14?"]
#   remediation: >-
#     CDKTF: a CloudwatchMetricAlarm in the DR region on the replica's ReplicaLag (it has data only
#     while the instance is a replica), a Route53HealthCheck `{ type: "CLOUDWATCH_METRIC",
#     cloudwatchAlarmName, cloudwatchAlarmRegion, insufficientDataHealthStatus: "Healthy" }` and
#     `healthCheckId` on the SECONDARY record; or an ARC routing control (health check type
#     RECOVERY_CONTROL). Terraform: the same with aws_cloudwatch_metric_alarm and
#     aws_route53_health_check, `health_check_id` on the SECONDARY aws_route53_record.
package crm.rules.backup_dr.failover_gated_on_data

import data.crm.lib.tf

_lb_types := {"aws_lb", "aws_alb"}

_role(rec) := upper(object.get(p, "type", "")) if {
	some p in tf.blocks(object.get(rec.values, "failover_routing_policy", []))
}

_key(rec) := json.marshal([object.get(rec.values, "name", null), object.get(rec.values, "type", null)])

_records := tf.resources("aws_route53_record")

_replica_regions contains db.region if {
	some db in tf.resources("aws_db_instance")
	object.get(db.values, "replicate_source_db", null) != null
}

_replica_regions contains c.region if {
	some c in tf.resources("aws_rds_cluster")
	object.get(c.values, "replication_source_identifier", null) != null
}

# Regions whose load balancer a SECONDARY aliases.
_target_regions(rec) := {input.resources[a].region |
	some a in tf.refs(rec, "alias.name")
	input.resources[a].type in _lb_types
}

_automatic(rec) if count(tf.refs(rec, "health_check_id")) > 0

_automatic(rec) if {
	some al in tf.blocks(object.get(rec.values, "alias", []))
	object.get(al, "evaluate_target_health", false) == true
}

_check_types(rec) := {upper(object.get(input.resources[h].values, "type", "")) |
	some h in tf.refs(rec, "health_check_id")
	input.resources[h].type == "aws_route53_health_check"
}

_gate_types := {"CLOUDWATCH_METRIC", "RECOVERY_CONTROL"}

_gated(secondary, _) if {
	some t in _check_types(secondary)
	t in _gate_types
}

_gated(_, primary) if "RECOVERY_CONTROL" in _check_types(primary)

# A health_check_id that names no health check of the configuration.
_unknown(secondary) if {
	object.get(secondary.values, "health_check_id", null) != null
	count(_check_types(secondary)) == 0
}

_pairs contains [s, p] if {
	some s in _records
	_role(s) == "SECONDARY"
	some p in _records
	_role(p) == "PRIMARY"
	_key(p) == _key(s)
}

_ungated contains [s, p, region] if {
	some [s, p] in _pairs
	_automatic(p)
	some region in _target_regions(s)
	region in _replica_regions
	not _gated(s, p)
}

deny contains tf.finding(s, msg) if {
	some [s, p, region] in _ungated
	not _unknown(s)
	msg := concat("", [
		"`", p.address, "` fails over automatically to `", s.address, "`, whose site in ", region,
		" writes to a read-only replica: users reach a site that cannot take writes until the replica is promoted; ",
		"gate the SECONDARY on data recovery with a `health_check_id` of type CLOUDWATCH_METRIC (an alarm that clears once ",
		"the DR database is writable) or RECOVERY_CONTROL (", tf.shown(s, "health_check_id"), ")",
	])
}

deny contains {"resource": s.address, "message": msg, "unverifiable": true} if {
	some [s, p, region] in _ungated
	_unknown(s)
	msg := concat("", [
		"`", s.address, "` (SECONDARY of `", p.address, "`, site in ", region, " with a read replica) names a health check ",
		"outside this configuration, so it cannot be proven that failover waits for the DR database to be writable",
	])
}
