# METADATA
# title: No IAM users with console passwords, access keys or directly attached policies
# description: >-
#   Long-lived user credentials are the usual leaked-secret vector; human identities belong in IAM
#   Identity Center or a federated IdP. The configuration must contain no
#   aws_iam_user_login_profile, aws_iam_access_key, aws_iam_user_policy or
#   aws_iam_user_policy_attachment, and no aws_iam_policy_attachment with a non-empty `users`
#   list (a list known only after apply counts as non-empty). Machine users need a waiver with
#   key-rotation evidence.
# scope: package
# custom:
#   id: CRM-IAM-007
#   severity: medium
#   family: IAM
#   controls:
#     aws-fsbp: [IAM.2]
#     cis-aws-3.0: ["1.15", "1.21", "1.11?"]
#     iso27001-2022: ["A.5.16?", "A.5.17?"]
#   remediation: >-
#     CDKTF: remove IamUserLoginProfile, IamAccessKey, IamUserPolicy and IamUserPolicyAttachment;
#     grant access through IAM Identity Center permission sets or roles assumed via federation,
#     and attach policies to roles or groups.
#     Terraform: delete the `aws_iam_user_login_profile` / `aws_iam_access_key` /
#     `aws_iam_user_policy` / `aws_iam_user_policy_attachment` resources and the `users` of
#     `aws_iam_policy_attachment`.
package crm.rules.iam.no_iam_users

import data.crm.lib.tf

_what := {
	"aws_iam_user_login_profile": "gives an IAM user a console password",
	"aws_iam_access_key": "creates a long-lived access key",
	"aws_iam_user_policy": "attaches an inline policy directly to an IAM user",
	"aws_iam_user_policy_attachment": "attaches a managed policy directly to an IAM user",
}

deny contains tf.finding(r, msg) if {
	some type, what in _what
	some r in tf.resources(type)
	msg := concat("", [
		"`", r.address, "` ", what, " (", tf.shown(r, "user"), "); use IAM Identity Center or federated roles,",
		" and attach policies to roles or groups",
	])
}

_users(r) := r.values.users if is_array(r.values.users)

_users(r) := [r.values.users] if is_string(r.values.users)

deny contains tf.finding(r, msg) if {
	some r in tf.resources("aws_iam_policy_attachment")
	count(_users(r)) > 0
	msg := concat("", [
		"`", r.address, "` attaches a policy directly to IAM users (", tf.shown(r, "users"),
		"); attach it to roles or groups instead",
	])
}
