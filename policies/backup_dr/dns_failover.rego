# METADATA
# title: DNS fails over to the DR region on health-check failure
# description: >-
#   A DR stack without traffic steering is not a recovery plan (drill precondition "DNS failover").
#   Every internet-facing load balancer (aws_lb / aws_alb with `internal` not true) outside the DR
#   region must be the alias target (`alias.name`) of an aws_route53_record with
#   `failover_routing_policy.type = "PRIMARY"` whose `health_check_id` references an
#   aws_route53_health_check of type HTTPS, HTTPS_STR_MATCH, CALCULATED or CLOUDWATCH_METRIC; and a
#   record with the same `name` and `type` and `failover_routing_policy.type = "SECONDARY"` must
#   alias a load balancer in the DR region (config `dr_region`, else the provider alias `dr`). A
#   SECONDARY whose alias target is outside the configuration is unverifiable. Global Accelerator or
#   Route 53 ARC routing controls are a documented waiver.
# scope: package
# custom:
#   id: CRM-BDR-015
#   severity: medium
#   family: BDR
#   controls:
#     iso27001-2022: ["A.5.30?", "A.8.14?"]
#   remediation: >-
#     CDKTF: a Route53HealthCheck `{ type: "HTTPS", fqdn, resourcePath: "/health", failureThreshold: 3,
#     requestInterval: 10 }` and two Route53Record with the same name/type: `{ setIdentifier: "primary",
#     failoverRoutingPolicy: { type: "PRIMARY" }, healthCheckId: hc.id, alias: { name: lb.dnsName, zoneId:
#     lb.zoneId, evaluateTargetHealth: true } }` and the SECONDARY aliasing the DR load balancer.
#     Terraform: `aws_route53_record` pairs with `failover_routing_policy { type = "PRIMARY" }` /
#     `"SECONDARY"`, `set_identifier`, `health_check_id` and `alias { name = aws_lb.<dr>.dns_name }`.
package crm.rules.backup_dr.dns_failover

import data.crm.lib.dr
import data.crm.lib.tf

_lb_types := {"aws_lb", "aws_alb"}

_public_lbs contains lb if {
	some type in _lb_types
	some lb in tf.resources(type)
	object.get(lb.values, "internal", false) != true
	not dr.in_dr(lb)
}

_role(rec) := upper(object.get(p, "type", "")) if {
	some p in tf.blocks(object.get(rec.values, "failover_routing_policy", []))
}

_key(rec) := json.marshal([object.get(rec.values, "name", null), object.get(rec.values, "type", null)])

_records := tf.resources("aws_route53_record")

_secondaries := {k: [r | some r in _records; _role(r) == "SECONDARY"; _key(r) == k] |
	some r0 in _records
	_role(r0) == "SECONDARY"
	k := _key(r0)
}

_primaries(lb) := [input.resources[a] |
	some a in tf.bound(lb.address, "aws_route53_record", "alias.name")
	_role(input.resources[a]) == "PRIMARY"
]

_alias_targets(rec) := {a | some a in tf.refs(rec, "alias.name"); input.resources[a].type in _lb_types}

_healthy_types := {"HTTPS", "HTTPS_STR_MATCH", "CALCULATED", "CLOUDWATCH_METRIC"}

_health_checked(rec) if {
	some h in tf.refs(rec, "health_check_id")
	input.resources[h].type == "aws_route53_health_check"
	upper(object.get(input.resources[h].values, "type", "")) in _healthy_types
}

_dr_secondary(rec) if {
	some s in object.get(_secondaries, _key(rec), [])
	some a in _alias_targets(s)
	dr.in_dr(input.resources[a])
}

_unknown_secondary(rec) if {
	some s in object.get(_secondaries, _key(rec), [])
	count(_alias_targets(s)) == 0
}

deny contains tf.finding(lb, msg) if {
	some lb in _public_lbs
	count(_primaries(lb)) == 0
	msg := concat("", [
		"`", lb.address, "` serves the CRM but no aws_route53_record with `failover_routing_policy.type = \"PRIMARY\"` aliases it ",
		"(`alias.name`); add a health-checked PRIMARY record and a SECONDARY record for the DR-region load balancer in ", dr.region_text,
	])
}

deny contains tf.finding(rec, msg) if {
	some lb in _public_lbs
	some rec in _primaries(lb)
	not _health_checked(rec)
	msg := concat("", [
		"`", rec.address, "` is the PRIMARY failover record of `", lb.address, "` without an HTTPS health check (",
		tf.shown(rec, "health_check_id"), "); set `health_check_id` to an aws_route53_health_check of type HTTPS",
	])
}

deny contains tf.finding(rec, msg) if {
	some lb in _public_lbs
	some rec in _primaries(lb)
	not _dr_secondary(rec)
	not _unknown_secondary(rec)
	msg := concat("", [
		"`", rec.address, "` (PRIMARY for `", lb.address, "`) has no SECONDARY record with the same `name` and `type` aliasing ",
		"a load balancer in DR region ", dr.region_text, "; add one with `failover_routing_policy { type = \"SECONDARY\" }`",
	])
}

deny contains {"resource": rec.address, "message": msg, "unverifiable": true} if {
	some lb in _public_lbs
	some rec in _primaries(lb)
	not _dr_secondary(rec)
	_unknown_secondary(rec)
	msg := concat("", [
		"`", rec.address, "` has a SECONDARY failover record whose alias target is outside this configuration, ",
		"so it cannot be proven that traffic fails over to DR region ", dr.region_text,
	])
}
