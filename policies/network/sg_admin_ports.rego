# METADATA
# title: No security group admits the internet to admin ports
# description: >-
#   SSH and RDP open to the internet are the top brute-force and exploit path into hosts that
#   process customer PII. No ingress rule (inline `ingress` block on aws_security_group /
#   aws_default_security_group, aws_security_group_rule, or aws_vpc_security_group_ingress_rule) may
#   admit 0.0.0.0/0 or ::/0 to a port in `admin_ports` (default 22, 3389); protocol "-1" covers every
#   port. A CIDR or port known only after apply cannot be proven safe and is reported as unverifiable.
# scope: package
# custom:
#   id: CRM-NET-001
#   severity: critical
#   family: NET
#   controls:
#     aws-fsbp: [EC2.53, EC2.54]
#     cis-aws-3.0: ["5.2", "5.3"]
#     iso27001-2022: [A.8.20, A.8.22]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: remove the internet source from the SecurityGroup `ingress` entry,
#     SecurityGroupRule or VpcSecurityGroupIngressRule for port 22/3389; reach hosts through SSM
#     Session Manager (or a VPN CIDR). Terraform: no `cidr_blocks = ["0.0.0.0/0"]` /
#     `ipv6_cidr_blocks = ["::/0"]` / `cidr_ipv4 = "0.0.0.0/0"` on a rule whose `from_port`..`to_port`
#     covers 22 or 3389, and no `protocol = "-1"` rule from the internet.
package crm.rules.network.sg_admin_ports

import data.crm.lib.net

# Ingress rules with a CIDR source: every check below reports internet or unknown CIDRs, both
# among e.cidrs. A list, not a set (a set hashes every entry); equal entries give equal findings.
_ingress := [e |
	some e in net.rules
	e.direction == "ingress"
	count(e.cidrs) > 0
]

deny contains {"resource": e.resource, "message": msg} if {
	some e in _ingress
	count(net.internet_cidrs(e)) > 0
	ports := net.covered(e, data.config.admin_ports)
	count(ports) > 0
	msg := concat("", [
		net.describe(e), " admitting ", concat(", ", net.internet_cidrs(e)), " on ", net.ports_text(e),
		", which exposes admin port(s) ", json.marshal(ports), " to the internet; remove the internet source",
		" and use SSM Session Manager or a VPN CIDR instead",
	])
}

deny contains {"resource": e.resource, "message": msg, "unverifiable": true} if {
	some e in _ingress
	count(net.internet_cidrs(e)) > 0
	count(net.covered(e, data.config.admin_ports)) == 0
	e.ports_unknown
	msg := concat("", [
		net.describe(e), " admitting ", concat(", ", net.internet_cidrs(e)), " on ", net.ports_text(e),
		" whose ports are known only after apply, so it cannot be proven that admin ports ",
		json.marshal(data.config.admin_ports), " stay closed to the internet; use literal ports",
	])
}

deny contains {"resource": e.resource, "message": msg, "unverifiable": true} if {
	some e in _ingress
	count(net.internet_cidrs(e)) == 0
	count(net.unknown_cidrs(e)) > 0
	_may_cover_admin(e)
	msg := concat("", [
		net.describe(e), " on ", net.ports_text(e), " with source CIDR(s) ", json.marshal(net.unknown_cidrs(e)),
		" known only after apply, so it cannot be proven that admin ports ", json.marshal(data.config.admin_ports),
		" are closed to the internet; use literal CIDRs or security-group sources",
	])
}

_may_cover_admin(e) if count(net.covered(e, data.config.admin_ports)) > 0

_may_cover_admin(e) if e.ports_unknown
