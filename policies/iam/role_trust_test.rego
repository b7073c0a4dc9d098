package crm.rules.iam.role_trust_test

import data.crm.lib.fixtures as fx
import data.crm.rules.iam.role_trust as rule

_role(statement) := fx.resource("aws_iam_role.r", {"assume_role_policy": json.marshal({"Version": "2012-10-17", "Statement": statement})})

_trust(principal, extra) := object.union({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}, extra)

test_service_and_own_account_pass if {
	rs := [_role([
		_trust({"Service": "ecs-tasks.amazonaws.com"}, {}),
		_trust({"AWS": "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"}, {}),
		_trust({"AWS": ["${aws_iam_role.ops.arn}"]}, {}),
	])]
	count(rule.deny) == 0 with input as fx.model(rs)
}

test_wildcard_principal_fails if {
	some f in rule.deny with input as fx.model([_role(_trust({"AWS": "*"}, {}))])
	f.resource == "aws_iam_role.r"
	contains(f.message, "every AWS principal")
	org := {"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}
	count(rule.deny) == 0 with input as fx.model([_role(_trust("*", org))])
}

test_foreign_account_fails_without_external_id if {
	some f in rule.deny with input as fx.model([_role(_trust({"AWS": "arn:aws:iam::999988887777:root"}, {}))])
	contains(f.message, "[\"arn:aws:iam::999988887777:root\"]")
	ext := {"Condition": {"StringEquals": {"sts:ExternalId": "crm-partner"}}}
	count(rule.deny) == 0 with input as fx.model([_role(_trust({"AWS": "999988887777"}, ext))])
}

test_approved_and_provider_accounts_pass if {
	r := _role(_trust({"AWS": ["arn:aws:iam::999988887777:root", "arn:aws:iam::111122223333:role/ci"]}, {}))
	m := fx.model_with([r], {"providers": {"aws": {"key": "aws", "values": {"allowed_account_ids": [111122223333]}}, "aws.dr": {"key": "aws.dr", "values": {"allowed_account_ids": ["222233334444"]}}}})
	count(rule.deny) == 0 with input as m with data.config.approved_accounts as ["999988887777"]
	count(rule.deny) == 1 with input as m with data.config.approved_accounts as []
}

test_oidc_needs_sub_condition if {
	gh := {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}
	aud := {"Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}
	some f in rule.deny with input as fx.model([_role(_trust(gh, aud))])
	contains(f.message, "OIDC provider")
	wild := {"Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": ["*"]}}}
	count(rule.deny) == 1 with input as fx.model([_role(_trust(gh, wild))])
	count(rule.deny) == 1 with input as fx.model([_role(_trust(gh, {"Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:*"}}}))])
	ok := {"Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/crm:ref:refs/heads/main"}}}
	count(rule.deny) == 0 with input as fx.model([_role(_trust({"Federated": "${aws_iam_openid_connect_provider.gh.arn}"}, ok))])
}

test_saml_passes if {
	count(rule.deny) == 0 with input as fx.model([_role(_trust({"Federated": "arn:aws:iam::111122223333:saml-provider/idp"}, {"Action": "sts:AssumeRoleWithSAML"}))])
}

test_unknowns_are_unverifiable if {
	r := fx.with_unknown(fx.resource("aws_iam_role.r", {"assume_role_policy": "${jsonencode(local.t)}"}), ["assume_role_policy"])
	some f in rule.deny with input as fx.model([r])
	f.unverifiable == true
	some f2 in rule.deny with input as fx.model([_role(_trust({"AWS": "arn:aws:iam::${var.account}:root"}, {}))])
	f2.unverifiable == true
}
