package crm.rules.logging.vpc_flow_logs_test

import data.crm.lib.fixtures as fx
import data.crm.rules.logging.vpc_flow_logs as rule

_vpc := fx.resource("aws_vpc.main", {"cidr_block": "10.0.0.0/16"})

_flow(values) := fx.with_refs(fx.resource("aws_flow_log.main", object.union({"vpc_id": "${aws_vpc.main.id}"}, values)), {"vpc_id": ["aws_vpc.main"]})

test_all_traffic_passes if {
	count(rule.deny) == 0 with input as fx.model([_vpc, _flow({"traffic_type": "ALL"})])
}

test_reject_minimum_passes if {
	count(rule.deny) == 0 with input as fx.model([_vpc, _flow({"traffic_type": "REJECT"})])
}

test_missing_flow_log_fails if {
	some f in rule.deny with input as fx.model([_vpc])
	f.resource == "aws_vpc.main"
	contains(f.message, "no aws_flow_log")
}

test_default_vpc_needs_flow_log if {
	count(rule.deny) == 1 with input as fx.model([fx.resource("aws_default_vpc.d", {})])
}

test_accept_only_fails if {
	some f in rule.deny with input as fx.model([_vpc, _flow({"traffic_type": "ACCEPT"})])
	contains(f.message, "record only `traffic_type` [\"ACCEPT\"]")
}

test_subnet_flow_log_does_not_count if {
	fl := fx.with_refs(fx.resource("aws_flow_log.subnet", {"subnet_id": "${aws_subnet.a.id}", "traffic_type": "ALL"}), {"subnet_id": ["aws_subnet.a"]})
	count(rule.deny) == 1 with input as fx.model([_vpc, fx.resource("aws_subnet.a", {}), fl])
}

test_unknown_traffic_type_unverifiable if {
	fl := fx.with_unknown(_flow({"traffic_type": "${var.t}"}), ["traffic_type"])
	some f in rule.deny with input as fx.model([_vpc, fl])
	f.unverifiable == true
}
