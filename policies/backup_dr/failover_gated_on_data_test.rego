package crm.rules.backup_dr.failover_gated_on_data_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.failover_gated_on_data as rule

_dr(r) := fx.merged(r, {"region": "eu-central-1", "provider": "aws.dr"})

_lb := fx.resource("aws_lb.web", {})

_dr_lb := _dr(fx.resource("aws_lb.web_dr", {}))

_replica := _dr(fx.resource("aws_db_instance.replica", {"replicate_source_db": "${aws_db_instance.crm.arn}"}))

_hc(name, type) := fx.resource(concat(".", ["aws_route53_health_check", name]), {"type": type})

_record(name, role, target, extra, refs) := fx.with_refs(
	fx.resource(concat(".", ["aws_route53_record", name]), object.union(
		{"name": "crm.example.com", "type": "A", "set_identifier": name, "failover_routing_policy": {"type": role}, "alias": {"name": concat("", ["${", target, ".dns_name}"]), "zone_id": "Z", "evaluate_target_health": true}},
		extra,
	)),
	object.union({"alias.name": [target]}, refs),
)

_with_hc(hc) := {"health_check_id": concat("", ["${", hc, ".id}"])}

_primary := _record("primary", "PRIMARY", "aws_lb.web", _with_hc("aws_route53_health_check.web"), {"health_check_id": ["aws_route53_health_check.web"]})

_secondary := _record("secondary", "SECONDARY", "aws_lb.web_dr", {}, {})

_gated_secondary := _record("secondary", "SECONDARY", "aws_lb.web_dr", _with_hc("aws_route53_health_check.writable"), {"health_check_id": ["aws_route53_health_check.writable"]})

_base := [_lb, _dr_lb, _replica, _hc("web", "HTTPS")]

test_automatic_failover_to_a_replica_site_fails if {
	some f in rule.deny with input as fx.model(array.concat(_base, [_primary, _secondary]))
	f.resource == "aws_route53_record.secondary"
	contains(f.message, "writes to a read-only replica")
	contains(f.message, "`health_check_id` absent")
}

test_evaluate_target_health_alone_is_automatic if {
	p := _record("primary", "PRIMARY", "aws_lb.web", {}, {})
	count(rule.deny) == 1 with input as fx.model([_lb, _dr_lb, _replica, p, _secondary])
}

test_cloudwatch_metric_gate_passes if {
	count(rule.deny) == 0 with input as fx.model(array.concat(_base, [_hc("writable", "CLOUDWATCH_METRIC"), _primary, _gated_secondary]))
}

test_https_check_on_secondary_is_no_gate if {
	count(rule.deny) == 1 with input as fx.model(array.concat(_base, [_hc("writable", "HTTPS"), _primary, _gated_secondary]))
}

test_routing_control_on_primary_passes if {
	p := _record("primary", "PRIMARY", "aws_lb.web", _with_hc("aws_route53_health_check.arc"), {"health_check_id": ["aws_route53_health_check.arc"]})
	count(rule.deny) == 0 with input as fx.model([_lb, _dr_lb, _replica, _hc("arc", "RECOVERY_CONTROL"), p, _secondary])
}

test_manual_failover_passes if {
	p := _record("primary", "PRIMARY", "aws_lb.web", {"alias": {"name": "${aws_lb.web.dns_name}", "zone_id": "Z", "evaluate_target_health": false}}, {})
	count(rule.deny) == 0 with input as fx.model([_lb, _dr_lb, _replica, p, _secondary])
}

test_writable_dr_database_passes if {
	writable := _dr(fx.resource("aws_db_instance.dr", {"engine": "postgres"}))
	count(rule.deny) == 0 with input as fx.model([_lb, _dr_lb, writable, _hc("web", "HTTPS"), _primary, _secondary])
}

test_replica_cluster_counts if {
	cluster := _dr(fx.resource("aws_rds_cluster.replica", {"replication_source_identifier": "arn:aws:rds:eu-west-1:111122223333:cluster:crm"}))
	count(rule.deny) == 1 with input as fx.model([_lb, _dr_lb, cluster, _hc("web", "HTTPS"), _primary, _secondary])
}

test_other_record_names_are_not_paired if {
	s := _record("secondary", "SECONDARY", "aws_lb.web_dr", {"name": "api.example.com"}, {})
	count(rule.deny) == 0 with input as fx.model(array.concat(_base, [_primary, s]))
}

test_health_check_outside_the_configuration_is_unverifiable if {
	s := _record("secondary", "SECONDARY", "aws_lb.web_dr", {"health_check_id": "hc-0123456789"}, {})
	some f in rule.deny with input as fx.model(array.concat(_base, [_primary, s]))
	f.unverifiable == true
	contains(f.message, "outside this configuration")
}
