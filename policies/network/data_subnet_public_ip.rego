# METADATA
# title: Data-tier subnets do not auto-assign public IPs
# description: >-
#   A public address on a data-tier network interface is one route-table change away from exposure.
#   Subnets of the data tier (hosting DB / cache subnet groups, EFS mount targets, Lambda functions
#   or ECS services, or tagged Tier = data | app | private) must keep `map_public_ip_on_launch` and
#   `assign_ipv6_address_on_creation` false (the default when absent). A value known only after
#   apply is unverifiable.
# scope: package
# custom:
#   id: CRM-NET-007
#   severity: high
#   family: NET
#   controls:
#     aws-fsbp: [EC2.15]
#     iso27001-2022: [A.8.20, A.8.22]
#   remediation: >-
#     CDKTF: on the data/app Subnet set `mapPublicIpOnLaunch: false` and
#     `assignIpv6AddressOnCreation: false` (or leave them unset). Terraform:
#     `map_public_ip_on_launch = false`, `assign_ipv6_address_on_creation = false`.
package crm.rules.network.data_subnet_public_ip

import data.crm.lib.net
import data.crm.lib.tf

_attrs := ["map_public_ip_on_launch", "assign_ipv6_address_on_creation"]

_data_subnets[s.address] := s if {
	some s in tf.resources("aws_subnet")
	net.data_tier_subnet(s)
}

deny contains tf.finding(s, msg) if {
	some s in _data_subnets
	some attr in _attrs
	s.values[attr] == true
	msg := concat("", ["`", s.address, "` is a data-tier subnet with `", attr, " = true`; set it to false so its interfaces get no public address"])
}

deny contains tf.unverifiable(s, attr, "the data-tier subnet assigns no public addresses") if {
	some s in _data_subnets
	some attr in _attrs
	tf.unknown(s, attr)
}
