package crm.rules.iam.role_mfa_test

import data.crm.lib.fixtures as fx
import data.crm.rules.iam.role_mfa as rule

_role(statement) := fx.resource("aws_iam_role.admin", {"assume_role_policy": json.marshal({"Version": "2012-10-17", "Statement": statement})})

_trust(principal, condition) := object.union({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}, condition)

_mfa := {"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}

test_account_root_with_mfa_passes if {
	count(rule.deny) == 0 with input as fx.model([_role(_trust({"AWS": "arn:aws:iam::111122223333:root"}, _mfa))])
	age := {"Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}}
	count(rule.deny) == 0 with input as fx.model([_role(_trust({"AWS": "111122223333"}, age))])
}

test_account_root_without_mfa_fails if {
	some f in rule.deny with input as fx.model([_role(_trust({"AWS": "arn:aws:iam::111122223333:root"}, {}))])
	f.resource == "aws_iam_role.admin"
	contains(f.message, "without MFA")
}

test_bool_if_exists_does_not_count if {
	c := {"Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}
	count(rule.deny) == 1 with input as fx.model([_role(_trust({"AWS": ["arn:aws:iam::111122223333:user/alice"]}, c))])
}

test_wildcard_and_user_reference_fail if {
	count(rule.deny) == 1 with input as fx.model([_role(_trust("*", {}))])
	count(rule.deny) == 1 with input as fx.model([_role(_trust({"AWS": "111122223333"}, {}))])
	count(rule.deny) == 1 with input as fx.model([_role(_trust({"AWS": "${aws_iam_user.alice.arn}"}, {}))])
}

test_service_federated_and_role_principals_pass if {
	rs := [
		_role([
			_trust({"Service": "ecs-tasks.amazonaws.com"}, {}),
			object.union(_trust({"Federated": "arn:aws:iam::111122223333:saml-provider/idp"}, {}), {"Action": "sts:AssumeRoleWithSAML"}),
			_trust({"AWS": ["arn:aws:iam::111122223333:role/ci", "${aws_iam_role.app.arn}"]}, {}),
		]),
	]
	count(rule.deny) == 0 with input as fx.model(rs)
}

test_service_only_trust_passes if {
	rs := [_role([
		_trust({"Service": "ecs-tasks.amazonaws.com"}, {}),
		_trust({"Federated": "arn:aws:iam::111122223333:saml-provider/idp"}, {}),
	])]
	count(rule.deny) == 0 with input as fx.model(rs)
	count(rule._trusts) == 0 with input as fx.model(rs)
}

test_unknowns_are_unverifiable if {
	r := fx.with_unknown(fx.resource("aws_iam_role.admin", {"assume_role_policy": "${jsonencode(local.trust)}"}), ["assume_role_policy"])
	some f in rule.deny with input as fx.model([r])
	f.unverifiable == true
	some f2 in rule.deny with input as fx.model([_role(_trust({"AWS": "${var.principal}"}, {}))])
	f2.unverifiable == true
	contains(f2.message, "Effect, Principal or Condition is an expression known only after apply")

	# A reference that names an account, not a user or a role: read, and unclassified.
	some f3 in rule.deny with input as fx.model([_role(_trust({"AWS": "${data.aws_caller_identity.current.account_id}"}, {}))])
	f3.unverifiable == true
	contains(f3.message, "trusts AWS principals known only after apply")
}

_user := fx.resource("aws_iam_user.alice", {"name": "alice"})

_profile := fx.with_refs(fx.resource("aws_iam_user_login_profile.alice", {"user": "${aws_iam_user.alice.name}"}), {"user": ["aws_iam_user.alice"]})

_enforce := json.marshal({"Statement": [{"Effect": "Deny", "NotAction": ["iam:*MFA*"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]})

test_console_user_without_mfa_policy_fails if {
	some f in rule.deny with input as fx.model([_user, _profile])
	f.resource == "aws_iam_user_login_profile.alice"
	contains(f.message, "console password")
}

test_console_user_with_group_policy_passes if {
	group := fx.resource("aws_iam_group.humans", {"name": "humans"})
	member := fx.with_refs(fx.resource("aws_iam_user_group_membership.alice", {"user": "${aws_iam_user.alice.name}", "groups": ["humans"]}), {"user": ["aws_iam_user.alice"]})
	gp := fx.with_refs(fx.resource("aws_iam_group_policy.mfa", {"group": "${aws_iam_group.humans.name}", "policy": _enforce}), {"group": ["aws_iam_group.humans"]})
	count(rule.deny) == 0 with input as fx.model([_user, _profile, group, member, gp])
}

test_console_user_with_attached_policy_via_group_membership_passes if {
	group := fx.resource("aws_iam_group.humans", {"name": "humans"})
	member := fx.with_refs(fx.resource("aws_iam_group_membership.humans", {"users": ["${aws_iam_user.alice.name}"], "group": "${aws_iam_group.humans.name}"}), {"users": ["aws_iam_user.alice"], "group": ["aws_iam_group.humans"]})
	pol := fx.resource("aws_iam_policy.mfa", {"policy": _enforce})
	att := fx.with_refs(fx.resource("aws_iam_group_policy_attachment.mfa", {"group": "${aws_iam_group.humans.name}", "policy_arn": "${aws_iam_policy.mfa.arn}"}), {"group": ["aws_iam_group.humans"], "policy_arn": ["aws_iam_policy.mfa"]})
	count(rule.deny) == 0 with input as fx.model([_user, _profile, group, member, pol, att])
}

test_console_user_literal_name_and_unreadable_policy if {
	profile := fx.resource("aws_iam_user_login_profile.alice", {"user": "alice"})
	up := fx.with_unknown(fx.with_refs(fx.resource("aws_iam_user_policy.p", {"user": "${aws_iam_user.alice.name}", "policy": "${jsonencode(local.p)}"}), {"user": ["aws_iam_user.alice"]}), ["policy"])
	some f in rule.deny with input as fx.model([_user, profile, up])
	f.unverifiable == true
}

test_console_user_outside_config_is_unverifiable if {
	some f in rule.deny with input as fx.model([fx.resource("aws_iam_user_login_profile.bob", {"user": "bob"})])
	f.unverifiable == true
	contains(f.message, "outside this configuration")
}
