# METADATA
# title: EC2 instances and launch templates carry no public IPs
# description: >-
#   Application servers process PII and must sit behind the load balancer. An aws_instance must not
#   set `associate_public_ip_address = true`; when the attribute is absent the subnet decides, so an
#   instance in a subnet with `map_public_ip_on_launch = true` (or with no `subnet_id`, i.e. in the
#   default VPC, whose subnets assign public IPs) fails. Launch templates
#   (`network_interfaces[].associate_public_ip_address`, a string in the schema) and launch
#   configurations must not assign public IPs, and no Elastic IP (aws_eip `instance`,
#   aws_eip_association `instance_id`) may target an instance. Bastions need a waiver. Values
#   known only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-NET-010
#   severity: high
#   family: NET
#   controls:
#     aws-fsbp: [EC2.9, EC2.25, AutoScaling.5]
#     iso27001-2022: [A.8.20, A.8.22]
#   remediation: >-
#     CDKTF: set `associatePublicIpAddress: false` on Instance, LaunchTemplate `networkInterfaces`
#     and LaunchConfiguration, place instances in private subnets (`subnetId`), and drop Eip /
#     EipAssociation on instances (publish through the ALB). Terraform:
#     `associate_public_ip_address = false`, `subnet_id = aws_subnet.app.id`, no `aws_eip.instance` /
#     `aws_eip_association.instance_id`.
package crm.rules.network.ec2_no_public_ip

import data.crm.lib.tf

_true(v) if v == true

_true(v) if v == "true"

deny contains tf.finding(i, msg) if {
	some type in ["aws_instance", "aws_launch_configuration"]
	some i in tf.resources(type)
	_true(i.values.associate_public_ip_address)
	msg := concat("", ["`", i.address, "` has ", tf.shown(i, "associate_public_ip_address"), "; set it to false and reach the host through the load balancer or SSM"])
}

deny contains tf.unverifiable(i, "associate_public_ip_address", "the instance gets no public IP") if {
	some type in ["aws_instance", "aws_launch_configuration"]
	some i in tf.resources(type)
	tf.unknown(i, "associate_public_ip_address")
}

# Attribute absent: the subnet decides.
_defers_to_subnet(i) if not "associate_public_ip_address" in object.keys(i.values)

_defers_to_subnet(i) if i.values.associate_public_ip_address == null

_subnets(i) := [s | some a in tf.refs(i, "subnet_id"); s := input.resources[a]; s.type == "aws_subnet"]

deny contains tf.finding(i, msg) if {
	some i in tf.resources("aws_instance")
	_defers_to_subnet(i)
	some s in _subnets(i)
	s.values.map_public_ip_on_launch == true
	msg := concat("", [
		"`", i.address, "` leaves `associate_public_ip_address` unset in subnet `", s.address,
		"`, which has `map_public_ip_on_launch = true`; set `associate_public_ip_address = false` or use a private subnet",
	])
}

deny contains {"resource": i.address, "message": msg, "unverifiable": true} if {
	some i in tf.resources("aws_instance")
	_defers_to_subnet(i)
	some s in _subnets(i)
	tf.unknown(s, "map_public_ip_on_launch")
	msg := concat("", [
		"`", i.address, "` leaves `associate_public_ip_address` unset and subnet `", s.address,
		"` sets `map_public_ip_on_launch` from an expression known only after apply, so it cannot be proven that the instance gets no public IP",
	])
}

deny contains tf.finding(i, msg) if {
	some i in tf.resources("aws_instance")
	_defers_to_subnet(i)
	not i.values.subnet_id
	not i.values.network_interface
	msg := concat("", [
		"`", i.address, "` has no `subnet_id`, so it launches into the default VPC, whose subnets assign public IPs;",
		" place it in a private subnet with `associate_public_ip_address = false`",
	])
}

deny contains {"resource": i.address, "message": msg, "unverifiable": true} if {
	some i in tf.resources("aws_instance")
	_defers_to_subnet(i)
	tf.unknown(i, "subnet_id")
	count(_subnets(i)) == 0
	msg := concat("", [
		"`", i.address, "` leaves `associate_public_ip_address` unset and takes `subnet_id` from ", tf.show(i.values.subnet_id),
		", a subnet outside this configuration, so it cannot be proven that the instance gets no public IP",
	])
}

deny contains tf.finding(lt, msg) if {
	some lt in tf.resources("aws_launch_template")
	some ni in tf.blocks(object.get(lt.values, "network_interfaces", []))
	_true(ni.associate_public_ip_address)
	msg := concat("", ["`", lt.address, "` has a `network_interfaces` block with `associate_public_ip_address = ", tf.show(ni.associate_public_ip_address), "`; set it to \"false\""])
}

deny contains {"resource": lt.address, "message": msg, "unverifiable": true} if {
	some lt in tf.resources("aws_launch_template")
	tf.unknown(lt, "network_interfaces.associate_public_ip_address")
	msg := concat("", [
		"`", lt.address, "` sets `network_interfaces.associate_public_ip_address` from an expression known only after apply,",
		" so it cannot be proven that launched instances get no public IP",
	])
}

_instance_target(eip, attr) if {
	some a in tf.refs(eip, attr)
	input.resources[a].type == "aws_instance"
}

_instance_target(eip, attr) if startswith(eip.values[attr], "i-")

deny contains tf.finding(eip, msg) if {
	some pair in [["aws_eip", "instance"], ["aws_eip_association", "instance_id"]]
	some eip in tf.resources(pair[0])
	_instance_target(eip, pair[1])
	msg := concat("", ["`", eip.address, "` attaches a public Elastic IP to an instance (", tf.shown(eip, pair[1]), "); remove it and publish the service through the load balancer"])
}
