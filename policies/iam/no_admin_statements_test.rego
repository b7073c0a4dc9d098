package crm.rules.iam.no_admin_statements_test

import data.crm.lib.fixtures as fx
import data.crm.rules.iam.no_admin_statements as rule

_policy(type, statement) := fx.resource(concat(".", [type, "p"]), {"policy": json.marshal({"Version": "2012-10-17", "Statement": statement})})

test_scoped_policy_passes if {
	p := _policy("aws_iam_policy", [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::crm/*"}])
	count(rule.deny) == 0 with input as fx.model([p])
}

test_star_on_star_fails if {
	every type in ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"] {
		p := _policy(type, {"Effect": "Allow", "Action": "*", "Resource": "*"})
		fs := rule.deny with input as fx.model([p])
		{f.resource | some f in fs} == {concat(".", [type, "p"])}
		every f in fs {
			contains(f.message, "full administrator rights")
		}
	}
}

test_star_colon_star_and_not_action_fail if {
	p := _policy("aws_iam_policy", [{"Effect": "Allow", "Action": "*:*", "Resource": ["*"]}])
	count(rule.deny) == 1 with input as fx.model([p])
	q := _policy("aws_iam_policy", [{"Effect": "Allow", "NotAction": ["iam:*"], "Resource": "*"}])
	count(rule.deny) == 1 with input as fx.model([q])
}

test_deny_and_scoped_resource_pass if {
	p := _policy("aws_iam_policy", [{"Effect": "Deny", "Action": "*", "Resource": "*"}, {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::crm/*"}])
	count(rule.deny) == 0 with input as fx.model([p])
}

test_sso_permission_set_and_role_inline if {
	sso := fx.resource("aws_ssoadmin_permission_set_inline_policy.ops", {"inline_policy": json.marshal({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})})
	role := fx.resource("aws_iam_role.r", {"inline_policy": {"name": "x", "policy": json.marshal({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})}})
	{f.resource | some f in rule.deny} == {"aws_ssoadmin_permission_set_inline_policy.ops", "aws_iam_role.r"} with input as fx.model([sso, role])
}

test_data_source_statement if {
	ds := object.union(fx.resource("data.aws_iam_policy_document.admin", {"statement": {"actions": ["*"], "resources": ["*"]}}), {"type": "data.aws_iam_policy_document", "mode": "data"})
	p := fx.with_refs(fx.resource("aws_iam_policy.p", {"policy": "${data.aws_iam_policy_document.admin.json}"}), {"policy": ["data.aws_iam_policy_document.admin"]})
	some f in rule.deny with input as fx.model([ds, p])
	contains(f.message, "via `data.aws_iam_policy_document.admin`")
}

test_unknowns_are_unverifiable if {
	p := fx.with_unknown(fx.resource("aws_iam_policy.p", {"policy": "${jsonencode({Statement = local.s})}"}), ["policy"])
	some f in rule.deny with input as fx.model([p])
	f.unverifiable == true
	q := _policy("aws_iam_policy", [{"Effect": "Allow", "Action": "${var.actions}", "Resource": "*"}])
	some f2 in rule.deny with input as fx.model([q])
	f2.unverifiable == true
	r := _policy("aws_iam_policy", [{"Effect": "Allow", "Action": "*", "Resource": "${var.resources}"}])
	some f3 in rule.deny with input as fx.model([r])
	f3.unverifiable == true
}

test_star_with_not_resource_or_any_arn_fails if {
	every stmt in [
		{"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::audit/*"},
		{"Effect": "Allow", "Action": "*", "Resource": "arn:*"},
		{"Effect": "Allow", "Action": "*", "Resource": ["arn:aws:*:*:*:*"]},
		{"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws-cn:*"},
	] {
		fs := rule.deny with input as fx.model([_policy("aws_iam_policy", [stmt])])
		count(fs) == 1
	}
}

test_specific_arn_with_star_action_is_not_admin if {
	p := _policy("aws_iam_policy", [{"Effect": "Allow", "Action": "*", "Resource": ["arn:aws:s3:::crm-*", "arn:*:s3:::b"]}])
	count(rule.deny) == 0 with input as fx.model([p])
}
