package crm.rules.iam.secret_rotation_test

import data.crm.lib.fixtures as fx
import data.crm.rules.iam.secret_rotation as rule

_secret := fx.resource("aws_secretsmanager_secret.erp", {"name": "crm/erp"})

_rotation(rules) := fx.with_refs(
	fx.resource("aws_secretsmanager_secret_rotation.erp", {"secret_id": "${aws_secretsmanager_secret.erp.id}", "rotation_lambda_arn": "arn:aws:lambda:eu-west-1:1:function:rot", "rotation_rules": rules}),
	{"secret_id": ["aws_secretsmanager_secret.erp"]},
)

test_rotation_within_limit_passes if {
	every rules in [
		{"automatically_after_days": 30},
		[{"schedule_expression": "rate(30 days)"}],
		{"schedule_expression": "rate(12 hours)"},
		{"schedule_expression": "cron(0 4 1 * ? *)"},
		{"schedule_expression": "cron(0 4 1 */3 ? *)"},
		{"schedule_expression": "cron(0 4 1 1,4,7,10 ? *)"},
	] {
		count(rule.deny) == 0 with input as fx.model([_secret, _rotation(rules)])
	}
}

test_no_rotation_fails if {
	some f in rule.deny with input as fx.model([_secret])
	f.resource == "aws_secretsmanager_secret.erp"
	contains(f.message, "no aws_secretsmanager_secret_rotation")
}

test_long_intervals_fail if {
	every rules in [
		{"automatically_after_days": 180},
		{"schedule_expression": "rate(120 days)"},
		{"schedule_expression": "cron(0 4 1 1 ? *)"},
		{"schedule_expression": "cron(0 4 1 1,2,3,4 ? *)"},
		{"schedule_expression": "cron(0 4 1 */6 ? *)"},
		{},
	] {
		fs := rule.deny with input as fx.model([_secret, _rotation(rules)])
		count(fs) == 1
		every f in fs {
			contains(f.message, "rotate at least every 90 days")
		}
	}
}

test_legacy_inline_rotation if {
	s := fx.resource("aws_secretsmanager_secret.erp", {"rotation_lambda_arn": "arn:aws:lambda:eu-west-1:1:function:rot", "rotation_rules": {"automatically_after_days": 30}})
	count(rule.deny) == 0 with input as fx.model([s])
	s2 := fx.resource("aws_secretsmanager_secret.erp", {"rotation_lambda_arn": "arn:x", "rotation_rules": [{"automatically_after_days": 365}]})
	count(rule.deny) == 1 with input as fx.model([s2])
}

test_config_limit if {
	count(rule.deny) == 1 with input as fx.model([_secret, _rotation({"automatically_after_days": 60})]) with data.config.secret_rotation_max_days as 30
}

test_unknown_schedule_is_unverifiable if {
	r := fx.with_unknown(_rotation({"schedule_expression": "${var.schedule}"}), ["rotation_rules.schedule_expression"])
	some f in rule.deny with input as fx.model([_secret, r])
	f.unverifiable == true
	r2 := fx.with_unknown(_rotation({"automatically_after_days": "${var.days}"}), ["rotation_rules.automatically_after_days"])
	some f2 in rule.deny with input as fx.model([_secret, r2])
	f2.unverifiable == true
	r3 := fx.with_unknown(_rotation("${var.rules}"), ["rotation_rules"])
	some f3 in rule.deny with input as fx.model([_secret, r3])
	f3.unverifiable == true
}
