# METADATA
# title: Lambda functions that touch CRM data run inside the VPC
# description: >-
#   Keeps data-plane calls on private paths and under security-group control. Every
#   aws_lambda_function must have a `vpc_config` with non-empty `subnet_ids` and
#   `security_group_ids` (references to subnets and groups resolve; lists known only after apply are
#   unverifiable). Edge-only functions that never touch CRM data need a waiver.
# scope: package
# custom:
#   id: CRM-NET-017
#   severity: medium
#   family: NET
#   controls:
#     aws-fsbp: [Lambda.3]
#     iso27001-2022: [A.8.20, A.8.22]
#   remediation: >-
#     CDKTF: on LambdaFunction set `vpcConfig: { subnetIds: privateSubnets.map((s) => s.id),
#     securityGroupIds: [fnSg.id] }`. Terraform: `vpc_config { subnet_ids = [aws_subnet.app_a.id, ...],
#     security_group_ids = [aws_security_group.fn.id] }`.
package crm.rules.network.lambda_in_vpc

import data.crm.lib.net
import data.crm.lib.tf

_attrs := ["subnet_ids", "security_group_ids"]

_configs(fn) := tf.blocks(object.get(fn.values, "vpc_config", []))

_opaque(fn, attr) if {
	some c in _configs(fn)
	net.expr(c[attr])
	count(tf.refs(fn, concat(".", ["vpc_config", attr]))) == 0
}

_set(fn, attr) if {
	some c in _configs(fn)
	count([x | some x in net.list(object.get(c, attr, [])); x != ""]) > 0
	not _opaque(fn, attr)
}

deny contains tf.finding(fn, msg) if {
	some fn in tf.resources("aws_lambda_function")
	some attr in _attrs
	not _set(fn, attr)
	not _opaque(fn, attr)
	msg := concat("", [
		"`", fn.address, "` has no `vpc_config.", attr, "` (", tf.show(object.get(fn.values, "vpc_config", null)),
		"); run it in the VPC's private subnets with a dedicated security group",
	])
}

deny contains {"resource": fn.address, "message": msg, "unverifiable": true} if {
	some fn in tf.resources("aws_lambda_function")
	some attr in _attrs
	_opaque(fn, attr)
	msg := concat("", [
		"`", fn.address, "` takes `vpc_config.", attr, "` from an expression known only after apply that names no",
		" resource in this configuration, so it cannot be proven that the function runs inside the VPC",
	])
}
