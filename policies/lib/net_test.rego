package crm.lib.net_test

import data.crm.lib.fixtures as fx
import data.crm.lib.net

test_list_of_non_list_is_empty if {
	net.list(null) == []
	net.list(7) == []
	net.list("a") == ["a"]
}

test_numeric_protocol_and_self_source if {
	sg := fx.resource("aws_security_group.s", {"ingress": [{"protocol": 6, "from_port": 22, "to_port": 22, "self": true}]})
	some e in net.rules with input as fx.model([sg])
	e.protocol == "6"
	e.sg_source == true
	net.covers(e, 22)
}

test_absent_protocol_is_null if {
	r := fx.resource("aws_security_group_rule.r", {"type": "ingress"})
	some e in net.rules with input as fx.model([r])
	e.protocol == null
	not net.covers(e, 22)
}
