package crm.rules.backup_dr.dns_failover_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.dns_failover as rule

_lb := fx.resource("aws_lb.web", {"load_balancer_type": "application"})

_dr_lb := fx.merged(fx.resource("aws_lb.web_dr", {"load_balancer_type": "application"}), {"region": "eu-central-1", "provider": "aws.dr"})

_hc(type) := fx.resource("aws_route53_health_check.web", {"type": type, "fqdn": "crm.example.com"})

_record(name, role, target, extra, refs) := fx.with_refs(
	fx.resource(concat(".", ["aws_route53_record", name]), object.union(
		{"name": "crm.example.com", "type": "A", "set_identifier": name, "failover_routing_policy": {"type": role}, "alias": {"name": concat("", ["${", target, ".dns_name}"]), "zone_id": "Z", "evaluate_target_health": true}},
		extra,
	)),
	object.union({"alias.name": [target]}, refs),
)

_primary := _record("primary", "PRIMARY", "aws_lb.web", {"health_check_id": "${aws_route53_health_check.web.id}"}, {"health_check_id": ["aws_route53_health_check.web"]})

_secondary := _record("secondary", "SECONDARY", "aws_lb.web_dr", {}, {})

test_failover_pair_passes if {
	count(rule.deny) == 0 with input as fx.model([_lb, _dr_lb, _hc("HTTPS"), _primary, _secondary])
}

test_no_failover_record_fails if {
	some f in rule.deny with input as fx.model([_lb])
	f.resource == "aws_lb.web"
	contains(f.message, "no aws_route53_record")
}

test_internal_and_dr_lbs_exempt if {
	internal := fx.resource("aws_lb.int", {"internal": true})
	count(rule.deny) == 0 with input as fx.model([internal, _dr_lb])
}

test_primary_without_health_check_fails if {
	p := _record("primary", "PRIMARY", "aws_lb.web", {}, {})
	some f in rule.deny with input as fx.model([_lb, _dr_lb, p, _secondary])
	f.resource == "aws_route53_record.primary"
	contains(f.message, "`health_check_id` absent")
}

test_tcp_health_check_fails if {
	count(rule.deny) == 1 with input as fx.model([_lb, _dr_lb, _hc("TCP"), _primary, _secondary])
}

test_missing_secondary_fails if {
	some f in rule.deny with input as fx.model([_lb, _hc("HTTPS"), _primary])
	contains(f.message, "no SECONDARY record")
}

test_secondary_in_primary_region_fails if {
	other := fx.resource("aws_lb.web2", {})
	s := _record("secondary", "SECONDARY", "aws_lb.web2", {}, {})
	count(rule.deny) == 2 with input as fx.model([_lb, other, _hc("HTTPS"), _primary, s])
}

test_secondary_with_other_name_fails if {
	s := _record("secondary", "SECONDARY", "aws_lb.web_dr", {"name": "api.example.com"}, {})
	some f in rule.deny with input as fx.model([_lb, _dr_lb, _hc("HTTPS"), _primary, s])
	contains(f.message, "no SECONDARY record")
}

test_external_secondary_target_unverifiable if {
	s := fx.resource("aws_route53_record.secondary", {"name": "crm.example.com", "type": "A", "failover_routing_policy": [{"type": "SECONDARY"}], "alias": {"name": "dr-lb.eu-central-1.elb.amazonaws.com"}})
	some f in rule.deny with input as fx.model([_lb, _hc("HTTPS"), _primary, s])
	f.unverifiable == true
}
