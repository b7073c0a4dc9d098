package crm.rules.iam.password_policy_test

import data.crm.lib.fixtures as fx
import data.crm.rules.iam.password_policy as rule

_strong := {
	"minimum_password_length": 14,
	"require_lowercase_characters": true,
	"require_uppercase_characters": true,
	"require_numbers": true,
	"require_symbols": true,
	"password_reuse_prevention": 24,
	"allow_users_to_change_password": true,
}

_pp(values) := fx.resource("aws_iam_account_password_policy.this", values)

_bucket := fx.resource("aws_s3_bucket.b", {})

test_strong_policy_passes if {
	count(rule.deny) == 0 with input as fx.model([_bucket, _pp(_strong)])
}

test_missing_policy_fails if {
	some f in rule.deny with input as fx.model([_bucket])
	f.resource == "provider.aws"
	contains(f.message, "no aws_iam_account_password_policy")
}

test_missing_policy_not_applicable if {
	count(rule.deny) == 0 with input as fx.model([_bucket]) with data.config.account_baseline_external as true
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_iam_role.r", {})])
}

test_weak_settings_fail if {
	fs := rule.deny with input as fx.model([_pp(object.union(object.remove(_strong, ["require_symbols"]), {"minimum_password_length": "8", "password_reuse_prevention": 5}))])
	msgs := {f.message | some f in fs}
	count(msgs) == 3
	some m in msgs
	contains(m, "`minimum_password_length = \"8\"`; set it to at least 14")
}

test_expiry_when_opted_in if {
	count(rule.deny) == 1 with input as fx.model([_pp(_strong)]) with data.config.password_max_age_days as 90
	count(rule.deny) == 1 with input as fx.model([_pp(object.union(_strong, {"max_password_age": 365}))]) with data.config.password_max_age_days as 90
	count(rule.deny) == 0 with input as fx.model([_pp(object.union(_strong, {"max_password_age": 90}))]) with data.config.password_max_age_days as 90
}

test_unknown_is_unverifiable if {
	p := fx.with_unknown(_pp(object.union(_strong, {"minimum_password_length": "${var.len}"})), ["minimum_password_length"])
	fs := rule.deny with input as fx.model([p])
	count(fs) == 1
	some f in fs
	f.unverifiable == true
}
