# METADATA
# title: No policy allows Action "*" on Resource "*"
# description: >-
#   Full administrator rights in a workload role defeat every other control. No identity policy
#   (aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy, aws_iam_role
#   inline_policy, aws_ssoadmin_permission_set_inline_policy, and the data.aws_iam_policy_document
#   they reference) may have an Allow statement with Action "*" (or "*:*") on Resource "*", nor an
#   Allow with NotAction on Resource "*" (everything except a few actions). Every-resource forms
#   count as "*": NotResource, and ARN patterns matching every ARN ("arn:*", "arn:aws:*:*:*:*"). Documents built by
#   jsonencode or other expressions, and statements whose actions or resources are expressions,
#   are unverifiable. A break-glass role needs a waiver.
# scope: package
# custom:
#   id: CRM-IAM-001
#   severity: critical
#   family: IAM
#   controls:
#     aws-fsbp: [IAM.1]
#     cis-aws-3.0: ["1.16"]
#     iso27001-2022: [A.8.2, A.5.18]
#     gdpr: [Art. 25]
#   remediation: >-
#     CDKTF: in the IamPolicy / IamRolePolicy document (or DataAwsIamPolicyDocument statement)
#     list the actions the workload needs and the resource ARNs they apply to instead of "*".
#     Terraform: replace `"Action": "*"` / `"Resource": "*"` (or `actions = ["*"]`, `resources =
#     ["*"]`) with explicit actions and ARNs.
package crm.rules.iam.no_admin_statements

import data.crm.lib.iam
import data.crm.lib.tf

_admin_action(s) if {
	some a in s.actions
	a in {"*", "*:*"}
}

_admin_action(s) if count(s.not_actions) > 0

_admin(s) if {
	iam.allow(s)
	_admin_action(s)
	iam.all_resources(s)
}

deny contains tf.finding(p.resource, msg) if {
	some p in iam.identity_policies
	some s in p.doc.statements
	_admin(s)
	msg := concat("", [
		iam.origin(p), " grants full administrator rights in ", iam.describe(s),
		"; list only the actions and resource ARNs the workload needs",
	])
}

deny contains {"resource": p.resource.address, "message": msg, "unverifiable": true} if {
	some p in iam.identity_policies
	not p.doc.known
	msg := concat("", [iam.origin(p), " cannot be read before apply: ", p.doc.reason, "; it cannot be proven that it does not allow every action on every resource"])
}

deny contains {"resource": p.resource.address, "message": msg, "unverifiable": true} if {
	some p in iam.identity_policies
	some s in p.doc.statements
	iam.allow(s)
	not _admin(s)
	_maybe_admin(s)
	msg := concat("", [iam.origin(p), " has ", iam.describe(s), " with actions or resources known only after apply; it cannot be proven that it does not allow every action on every resource"])
}

_maybe_admin(s) if {
	iam.actions_unknown(s)
	iam.all_resources(s)
}

_maybe_admin(s) if {
	_admin_action(s)
	iam.resources_unknown(s)
}
