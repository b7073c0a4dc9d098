# METADATA
# title: Every VPC has flow logs
# description: >-
#   Flow logs are the network forensics record of the segmented tiers and an input to GuardDuty.
#   Every aws_vpc / aws_default_vpc needs an aws_flow_log bound to it through `vpc_id` with
#   `traffic_type` ALL (REJECT is the CIS minimum and is accepted; ACCEPT alone is not). Subnet- or
#   ENI-level flow logs do not satisfy the VPC requirement. A traffic type known only after apply is
#   unverifiable.
# scope: package
# custom:
#   id: CRM-LOG-009
#   severity: medium
#   family: LOG
#   controls:
#     aws-fsbp: [EC2.6]
#     cis-aws-3.0: ["3.7"]
#     iso27001-2022: [A.8.15, A.8.16, A.8.20]
#     gdpr: [Art. 30]
#   remediation: >-
#     CDKTF: `new FlowLog(this, "flow-log", { vpcId: vpc.id, trafficType: "ALL", logDestinationType:
#     "cloud-watch-logs", logDestination: logGroup.arn, iamRoleArn: role.arn })`. Terraform: `resource
#     "aws_flow_log" { vpc_id = aws_vpc.main.id, traffic_type = "ALL", log_destination = ... }`.
package crm.rules.logging.vpc_flow_logs

import data.crm.lib.tf

# Keyed by address: a set of whole resources would hash every value of every VPC.
_vpcs[vpc.address] := vpc if {
	some type in ["aws_vpc", "aws_default_vpc"]
	some vpc in tf.resources(type)
}

_flow_logs(vpc) := [input.resources[a] | some a in tf.bound(vpc.address, "aws_flow_log", "vpc_id")]

_sufficient(fl) if fl.values.traffic_type in {"ALL", "REJECT"}

_unknown(fl) if tf.unknown(fl, "traffic_type")

deny contains tf.finding(vpc, msg) if {
	some vpc in _vpcs
	count(_flow_logs(vpc)) == 0
	msg := concat("", ["`", vpc.address, "` has no aws_flow_log bound by `vpc_id`; add one with `traffic_type = \"ALL\"`"])
}

deny contains tf.finding(vpc, msg) if {
	some vpc in _vpcs
	logs := _flow_logs(vpc)
	count(logs) > 0
	not _any_sufficient(logs)
	not _any_unknown(logs)
	msg := concat("", [
		"`", vpc.address, "` has flow logs ", json.marshal([fl.address | some fl in logs]), " that record only `traffic_type` ",
		json.marshal({object.get(fl.values, "traffic_type", null) | some fl in logs}), "; set `traffic_type = \"ALL\"`",
	])
}

deny contains {"resource": vpc.address, "message": msg, "unverifiable": true} if {
	some vpc in _vpcs
	logs := _flow_logs(vpc)
	not _any_sufficient(logs)
	_any_unknown(logs)
	msg := concat("", ["`", vpc.address, "` has flow logs whose `traffic_type` is known only after apply, so it cannot be proven that rejected and accepted traffic is recorded"])
}

_any_sufficient(logs) if {
	some fl in logs
	_sufficient(fl)
}

_any_unknown(logs) if {
	some fl in logs
	_unknown(fl)
}
