package crm.rules.network.data_subnet_public_ip_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.data_subnet_public_ip as rule

_group := fx.with_refs(fx.resource("aws_db_subnet_group.data", {"subnet_ids": ["${aws_subnet.data.id}"]}), {"subnet_ids": ["aws_subnet.data"]})

_subnet(values) := fx.resource("aws_subnet.data", values)

test_private_data_subnet_passes if {
	count(rule.deny) == 0 with input as fx.model([_subnet({"map_public_ip_on_launch": false}), _group])
}

test_absent_flags_pass if {
	count(rule.deny) == 0 with input as fx.model([_subnet({}), _group])
}

test_public_ip_on_data_subnet_fails if {
	some f in rule.deny with input as fx.model([_subnet({"map_public_ip_on_launch": true}), _group])
	f.resource == "aws_subnet.data"
	contains(f.message, "`map_public_ip_on_launch = true`")
}

test_ipv6_on_tagged_subnet_fails if {
	s := _subnet({"assign_ipv6_address_on_creation": true, "tags": {"Tier": "Data"}})
	count(rule.deny) == 1 with input as fx.model([s])
}

test_public_subnet_ignored if {
	count(rule.deny) == 0 with input as fx.model([_subnet({"map_public_ip_on_launch": true, "tags": {"Tier": "public"}})])
}

test_lambda_subnet_is_data_tier if {
	fn := fx.with_refs(fx.resource("aws_lambda_function.f", {}), {"vpc_config.subnet_ids": ["aws_subnet.data"]})
	count(rule.deny) == 1 with input as fx.model([_subnet({"map_public_ip_on_launch": true}), fn])
}

test_unknown_flag_unverifiable if {
	s := fx.with_unknown(_subnet({"map_public_ip_on_launch": "${var.public}"}), ["map_public_ip_on_launch"])
	some f in rule.deny with input as fx.model([s, _group])
	f.unverifiable == true
}
