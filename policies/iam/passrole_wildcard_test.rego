package crm.rules.iam.passrole_wildcard_test

import data.crm.lib.fixtures as fx
import data.crm.rules.iam.passrole_wildcard as rule

_policy(statement) := fx.resource("aws_iam_policy.deploy", {"policy": json.marshal({"Statement": statement})})

test_specific_role_passes if {
	p := _policy({"Effect": "Allow", "Action": "iam:PassRole", "Resource": ["${aws_iam_role.task.arn}", "arn:aws:iam::111122223333:role/crm/*"]})
	count(rule.deny) == 0 with input as fx.model([p])
}

test_pass_role_on_star_fails if {
	some f in rule.deny with input as fx.model([_policy({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"})])
	f.resource == "aws_iam_policy.deploy"
	contains(f.message, "every role")
}

test_broad_actions_cover_pass_role if {
	count(rule.deny) == 1 with input as fx.model([_policy({"Effect": "Allow", "Action": "iam:Pass*", "Resource": "*"})])
	count(rule.deny) == 1 with input as fx.model([_policy({"Effect": "Allow", "Action": "*", "Resource": "*"})])
	count(rule.deny) == 0 with input as fx.model([_policy({"Effect": "Allow", "Action": "iam:GetRole", "Resource": "*"})])
}

test_role_wildcard_needs_passed_to_service if {
	stmt := {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/*"}
	count(rule.deny) == 1 with input as fx.model([_policy(stmt)])
	cond := {"Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}}
	count(rule.deny) == 0 with input as fx.model([_policy(object.union(stmt, cond))])
	count(rule.deny) == 1 with input as fx.model([_policy(object.union(object.union(stmt, cond), {"Resource": "*"}))])
}

test_unknowns_are_unverifiable if {
	some f in rule.deny with input as fx.model([_policy({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "${var.roles}"})])
	f.unverifiable == true
	p := fx.with_unknown(fx.resource("aws_iam_policy.deploy", {"policy": "${jsonencode(local.p)}"}), ["policy"])
	some f2 in rule.deny with input as fx.model([p])
	f2.unverifiable == true
}

test_star_action_on_any_arn_or_not_resource_fails if {
	every stmt in [
		{"Effect": "Allow", "Action": "*", "Resource": "arn:*"},
		{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:*:*:*:*"},
		{"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:iam::111122223333:role/admin"},
	] {
		some f in rule.deny with input as fx.model([_policy(stmt)])
		contains(f.message, "every role")
	}
}
