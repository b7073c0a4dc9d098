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

test_public_whole_internet_and_its_halves if {
	every c in ["0.0.0.0/0", "::/0", "0.0.0.0/1", "128.0.0.0/1", "8.0.0.0/7", "2000::/3", "1.2.3.4/abc"] {
		net.public(c)
	}
}

test_public_excludes_private_reserved_small_and_expressions if {
	every c in ["10.0.0.0/8", "172.16.0.0/12", "192.168.1.0/24", "100.64.0.0/10", "fc00::/7", "fe80::/10", "203.0.113.7/32", "198.51.100.0/24", "8.8.8.0/24", "8.8.8.8", "2a05:d018::/48", "${var.cidr}"] {
		not net.public(c)
	}
	not net.public(null)
}

test_public_size_is_configurable if {
	net.public("8.8.8.0/24") with data.config.public_cidr_prefix as {"ipv4": 25, "ipv6": 24}
	not net.public("8.8.0.0/16") with data.config.public_cidr_prefix as {"ipv4": 16, "ipv6": 24}
	net.public("2a05:d018::/48") with data.config.public_cidr_prefix as {"ipv4": 24, "ipv6": 56}
}
