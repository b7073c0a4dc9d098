package crm.rules.iam.no_iam_users_test

import data.crm.lib.fixtures as fx
import data.crm.rules.iam.no_iam_users as rule

test_roles_and_groups_pass if {
	rs := [
		fx.resource("aws_iam_role.r", {}),
		fx.resource("aws_iam_policy_attachment.p", {"roles": ["r"], "users": []}),
		fx.resource("aws_iam_policy_attachment.q", {"groups": ["g"]}),
	]
	count(rule.deny) == 0 with input as fx.model(rs)
}

test_user_credentials_and_policies_fail if {
	rs := [
		fx.resource("aws_iam_user_login_profile.a", {"user": "alice"}),
		fx.resource("aws_iam_access_key.a", {"user": "alice"}),
		fx.resource("aws_iam_user_policy.a", {"user": "alice", "policy": "{}"}),
		fx.resource("aws_iam_user_policy_attachment.a", {"user": "alice", "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}),
	]
	fs := rule.deny with input as fx.model(rs)
	count(fs) == 4
	some f in fs
	f.resource == "aws_iam_access_key.a"
	contains(f.message, "long-lived access key (`user = \"alice\"`)")
}

test_policy_attachment_users_fail if {
	some f in rule.deny with input as fx.model([fx.resource("aws_iam_policy_attachment.p", {"users": ["alice"]})])
	contains(f.message, "directly to IAM users")
	u := fx.with_unknown(fx.resource("aws_iam_policy_attachment.p", {"users": "${var.users}"}), ["users"])
	count(rule.deny) == 1 with input as fx.model([u])
}
