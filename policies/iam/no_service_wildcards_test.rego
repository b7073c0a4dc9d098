package crm.rules.iam.no_service_wildcards_test

import data.crm.lib.fixtures as fx
import data.crm.rules.iam.no_service_wildcards as rule

_policy(statement) := fx.resource("aws_iam_role_policy.p", {"policy": json.marshal({"Statement": statement})})

test_explicit_actions_pass if {
	count(rule.deny) == 0 with input as fx.model([_policy({"Effect": "Allow", "Action": ["s3:GetObject", "s3:List*"], "Resource": "*"})])
}

test_service_wildcard_fails if {
	some f in rule.deny with input as fx.model([_policy({"Effect": "Allow", "Action": ["s3:GetObject", "kms:*"], "Resource": "*"})])
	f.resource == "aws_iam_role_policy.p"
	contains(f.message, "[\"kms:*\"]")
}

test_all_services_wildcard_fails if {
	count(rule.deny) == 1 with input as fx.model([_policy({"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::crm/*"})])
}

test_not_action_fails if {
	some f in rule.deny with input as fx.model([_policy({"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:s3:::crm/*"})])
	contains(f.message, "NotAction")
}

test_deny_with_wildcard_passes if {
	count(rule.deny) == 0 with input as fx.model([_policy({"Effect": "Deny", "Action": "s3:*", "Resource": "*"})])
}

test_unknowns_are_unverifiable if {
	some f in rule.deny with input as fx.model([_policy({"Effect": "Allow", "Action": "${var.actions}", "Resource": "*"})])
	f.unverifiable == true
	p := fx.with_unknown(fx.resource("aws_iam_role_policy.p", {"policy": "${file(\"p.json\")}"}), ["policy"])
	some f2 in rule.deny with input as fx.model([p])
	f2.unverifiable == true
}
