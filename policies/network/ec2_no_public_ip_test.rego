package crm.rules.network.ec2_no_public_ip_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.ec2_no_public_ip as rule

_subnet(values) := fx.resource("aws_subnet.app", values)

_instance(values) := fx.with_refs(fx.resource("aws_instance.app", object.union({"subnet_id": "${aws_subnet.app.id}"}, values)), {"subnet_id": ["aws_subnet.app"]})

test_private_instance_passes if {
	count(rule.deny) == 0 with input as fx.model([_subnet({}), _instance({"associate_public_ip_address": false})])
}

test_absent_flag_private_subnet_passes if {
	count(rule.deny) == 0 with input as fx.model([_subnet({"map_public_ip_on_launch": false}), _instance({})])
}

test_public_flag_fails if {
	some f in rule.deny with input as fx.model([_subnet({}), _instance({"associate_public_ip_address": true})])
	f.resource == "aws_instance.app"
	contains(f.message, "`associate_public_ip_address = true`")
}

test_absent_flag_public_subnet_fails if {
	some f in rule.deny with input as fx.model([_subnet({"map_public_ip_on_launch": true}), _instance({"associate_public_ip_address": null})])
	contains(f.message, "`map_public_ip_on_launch = true`")
}

test_explicit_false_overrides_public_subnet if {
	count(rule.deny) == 0 with input as fx.model([_subnet({"map_public_ip_on_launch": true}), _instance({"associate_public_ip_address": false})])
}

test_no_subnet_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_instance.app", {"ami": "ami-1"})])
	contains(f.message, "default VPC")
}

test_unknown_subnet_flag_unverifiable if {
	s := fx.with_unknown(_subnet({"map_public_ip_on_launch": "${var.p}"}), ["map_public_ip_on_launch"])
	some f in rule.deny with input as fx.model([s, _instance({})])
	f.unverifiable == true
}

test_foreign_subnet_unverifiable if {
	i := fx.with_unknown(fx.resource("aws_instance.app", {"subnet_id": "${var.subnet}"}), ["subnet_id"])
	some f in rule.deny with input as fx.model([i])
	f.unverifiable == true
	contains(f.message, "outside this configuration")
}

test_unknown_flag_unverifiable if {
	i := fx.with_unknown(_instance({"associate_public_ip_address": "${var.p}"}), ["associate_public_ip_address"])
	some f in rule.deny with input as fx.model([_subnet({}), i])
	f.unverifiable == true
}

test_launch_configuration_fails if {
	lc := fx.resource("aws_launch_configuration.lc", {"associate_public_ip_address": true})
	count(rule.deny) == 1 with input as fx.model([lc])
}

test_launch_template_string_true_fails if {
	lt := fx.resource("aws_launch_template.lt", {"network_interfaces": [{"associate_public_ip_address": "true"}]})
	some f in rule.deny with input as fx.model([lt])
	f.resource == "aws_launch_template.lt"
}

test_launch_template_false_passes if {
	lt := fx.resource("aws_launch_template.lt", {"network_interfaces": {"associate_public_ip_address": "false"}})
	count(rule.deny) == 0 with input as fx.model([lt])
}

test_launch_template_unknown_unverifiable if {
	lt := fx.with_unknown(fx.resource("aws_launch_template.lt", {"network_interfaces": [{"associate_public_ip_address": "${var.p}"}]}), ["network_interfaces.associate_public_ip_address"])
	some f in rule.deny with input as fx.model([lt])
	f.unverifiable == true
}

test_eip_on_instance_fails if {
	eip := fx.with_refs(fx.resource("aws_eip.ip", {"instance": "${aws_instance.app.id}"}), {"instance": ["aws_instance.app"]})
	some f in rule.deny with input as fx.model([_subnet({}), _instance({"associate_public_ip_address": false}), eip])
	f.resource == "aws_eip.ip"
}

test_eip_association_literal_fails if {
	a := fx.resource("aws_eip_association.a", {"instance_id": "i-0123", "allocation_id": "eipalloc-1"})
	count(rule.deny) == 1 with input as fx.model([a])
}

test_nat_eip_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_eip.nat", {"domain": "vpc"})])
}
