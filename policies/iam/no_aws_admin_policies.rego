# METADATA
# title: No AWS-managed administrator policies attached to workload identities
# description: >-
#   AdministratorAccess, IAMFullAccess, PowerUserAccess and AWSCloudShellFullAccess break least
#   privilege. None of them may be attached through aws_iam_role_policy_attachment,
#   aws_iam_user_policy_attachment, aws_iam_group_policy_attachment or aws_iam_policy_attachment
#   (policy_arn), aws_iam_role.managed_policy_arns or
#   aws_iam_role_policy_attachments_exclusive.policy_arns, whether as a literal ARN (any
#   partition) or through a data.aws_iam_policy looked up by that name or ARN. References to
#   customer-managed aws_iam_policy resources pass; other expressions are unverifiable. A
#   documented break-glass role needs a waiver.
# scope: package
# custom:
#   id: CRM-IAM-004
#   severity: high
#   family: IAM
#   controls:
#     aws-fsbp: [IAM.27]
#     cis-aws-3.0: ["1.16", "1.22"]
#     iso27001-2022: [A.8.2]
#     gdpr: [Art. 25]
#   remediation: >-
#     CDKTF: remove the IamRolePolicyAttachment (or `managedPolicyArns` entry) for
#     `arn:aws:iam::aws:policy/AdministratorAccess` and friends; attach a customer-managed
#     IamPolicy scoped to the workload instead.
#     Terraform: delete the `aws_iam_*_policy_attachment` whose `policy_arn` is an AWS-managed
#     administrator policy and attach a least-privilege `aws_iam_policy`.
package crm.rules.iam.no_aws_admin_policies

import data.crm.lib.tf

_admin_names := {"AdministratorAccess", "IAMFullAccess", "PowerUserAccess", "AWSCloudShellFullAccess"}

_single := ["aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_policy_attachment"]

_lists := {"aws_iam_role": "managed_policy_arns", "aws_iam_role_policy_attachments_exclusive": "policy_arns"}

# Attached ARNs: {resource, attr, value}.
# Lists, not a set: a set would hash every attachment (and its resource) on insert.
_attached := array.concat(
	[{"resource": r, "attr": "policy_arn", "value": r.values.policy_arn} |
		some type in _single
		some r in tf.resources(type)
		is_string(r.values.policy_arn)
	],
	[{"resource": r, "attr": attr, "value": v} |
		some type, attr in _lists
		some r in tf.resources(type)
		some v in _as_list(object.get(r.values, attr, []))
	],
)

_as_list(v) := v if is_array(v)

_as_list(v) := [v] if is_string(v)

_as_list(v) := [] if {
	not is_array(v)
	not is_string(v)
}

_admin_arn(v) if {
	regex.match(`^arn:aws[a-z-]*:iam::aws:policy/[A-Za-z]+$`, v)
	split(v, "/")[1] in _admin_names
}

_expression(v) if contains(v, "${")

# Referenced targets of this value: the addresses named inside the expression.
_targets(a) := [t |
	some t in tf.refs(a.resource, a.attr)
	r := input.resources[t]
	contains(a.value, concat("", [r.type, ".", r.name, "."]))
]

# The value references something whose identity is known: a customer-managed policy, or a
# data.aws_iam_policy looked up by a literal name or ARN.
_resolved(a) if {
	some t in _targets(a)
	input.resources[t].type == "aws_iam_policy"
}

_resolved(a) if {
	some t in _targets(a)
	ds := input.resources[t]
	ds.type == "data.aws_iam_policy"
	some attr in ["name", "arn"]
	is_string(ds.values[attr])
	not contains(ds.values[attr], "${")
}

_admin_data(a) := ds if {
	some t in _targets(a)
	ds := input.resources[t]
	ds.type == "data.aws_iam_policy"
	_admin_lookup(ds)
}

_admin_lookup(ds) if ds.values.name in _admin_names

_admin_lookup(ds) if _admin_arn(ds.values.arn)

deny contains tf.finding(a.resource, msg) if {
	some a in _attached
	not _expression(a.value)
	_admin_arn(a.value)
	msg := concat("", [
		"`", a.resource.address, "` attaches the AWS-managed administrator policy `", a.value, "` (`", a.attr,
		"`); attach a least-privilege customer-managed policy instead",
	])
}

deny contains tf.finding(a.resource, msg) if {
	some a in _attached
	ds := _admin_data(a)
	msg := concat("", [
		"`", a.resource.address, "` attaches `", ds.address, "`, the AWS-managed administrator policy ", json.marshal(object.get(ds.values, "name", object.get(ds.values, "arn", null))),
		" (`", a.attr, "`); attach a least-privilege customer-managed policy instead",
	])
}

deny contains {"resource": a.resource.address, "message": msg, "unverifiable": true} if {
	some a in _attached
	_expression(a.value)
	not _resolved(a)
	msg := concat("", [
		"`", a.resource.address, "` sets `", a.attr, "` to ", json.marshal(a.value),
		", known only after apply; it cannot be proven that no AWS-managed administrator policy is attached",
	])
}
