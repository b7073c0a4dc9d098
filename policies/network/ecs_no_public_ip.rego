# METADATA
# title: ECS services do not auto-assign public IPs
# description: >-
#   Fargate tasks with public IPs are directly reachable from the internet as soon as a security
#   group is loosened. Every aws_ecs_service must keep `network_configuration.assign_public_ip`
#   false (the default when absent). A value known only after apply is unverifiable.
# scope: package
# custom:
#   id: CRM-NET-011
#   severity: high
#   family: NET
#   controls:
#     aws-fsbp: [ECS.2]
#     iso27001-2022: ["A.8.20?"]
#   remediation: >-
#     CDKTF: on EcsService set `networkConfiguration: { assignPublicIp: false, subnets: [private
#     subnets], securityGroups: [...] }` and reach the internet through NAT or VPC endpoints.
#     Terraform: `network_configuration { assign_public_ip = false }`.
package crm.rules.network.ecs_no_public_ip

import data.crm.lib.tf

deny contains tf.finding(svc, msg) if {
	some svc in tf.resources("aws_ecs_service")
	some nc in tf.blocks(object.get(svc.values, "network_configuration", []))
	nc.assign_public_ip == true
	msg := concat("", ["`", svc.address, "` has `network_configuration.assign_public_ip = true`; set it to false and run the tasks in private subnets"])
}

deny contains {"resource": svc.address, "message": msg, "unverifiable": true} if {
	some svc in tf.resources("aws_ecs_service")
	tf.unknown(svc, "network_configuration.assign_public_ip")
	msg := concat("", [
		"`", svc.address, "` sets `network_configuration.assign_public_ip` from an expression known only after apply,",
		" so it cannot be proven that its tasks get no public IP",
	])
}
