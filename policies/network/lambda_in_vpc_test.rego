package crm.rules.network.lambda_in_vpc_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.lambda_in_vpc as rule

_fn(values) := fx.resource("aws_lambda_function.f", values)

test_vpc_function_passes if {
	fn := fx.with_refs(_fn({"vpc_config": [{"subnet_ids": ["${aws_subnet.a.id}"], "security_group_ids": ["${aws_security_group.f.id}"]}]}), {"vpc_config.subnet_ids": ["aws_subnet.a"], "vpc_config.security_group_ids": ["aws_security_group.f"]})
	count(rule.deny) == 0 with input as fx.model([fn])
}

test_literal_ids_pass if {
	count(rule.deny) == 0 with input as fx.model([_fn({"vpc_config": {"subnet_ids": ["subnet-1"], "security_group_ids": ["sg-1"]}})])
}

test_no_vpc_config_fails if {
	fs := rule.deny with input as fx.model([_fn({})])
	count(fs) == 2
	some f in fs
	f.message == "`aws_lambda_function.f` has no `vpc_config.subnet_ids` (null); run it in the VPC's private subnets with a dedicated security group"
}

test_empty_lists_fail if {
	some f in rule.deny with input as fx.model([_fn({"vpc_config": [{"subnet_ids": [], "security_group_ids": ["sg-1"]}]})])
	contains(f.message, "`vpc_config.subnet_ids`")
}

test_list_expression_with_refs_passes if {
	fn := fx.with_refs(_fn({"vpc_config": {"subnet_ids": "${aws_subnet.a[*].id}", "security_group_ids": ["sg-1"]}}), {"vpc_config.subnet_ids": ["aws_subnet.a"]})
	count(rule.deny) == 0 with input as fx.model([fn])
}

test_variable_list_unverifiable if {
	fn := _fn({"vpc_config": {"subnet_ids": "${var.subnets}", "security_group_ids": ["sg-1"]}})
	some f in rule.deny with input as fx.model([fn])
	f.unverifiable == true
}
