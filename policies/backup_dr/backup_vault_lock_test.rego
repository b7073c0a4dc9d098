package crm.rules.backup_dr.backup_vault_lock_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.backup_vault_lock as rule

_vault := fx.resource("aws_backup_vault.crm", {"name": "crm"})

_plan := fx.with_refs(
	fx.resource("aws_backup_plan.p", {"rule": [{"rule_name": "daily", "target_vault_name": "${aws_backup_vault.crm.name}", "schedule": "cron(0 3 * * ? *)"}]}),
	{"rule.target_vault_name": ["aws_backup_vault.crm"]},
)

_lock(values) := fx.with_refs(
	fx.resource("aws_backup_vault_lock_configuration.crm", object.union({"backup_vault_name": "${aws_backup_vault.crm.name}"}, values)),
	{"backup_vault_name": ["aws_backup_vault.crm"]},
)

test_compliance_lock_passes if {
	count(rule.deny) == 0 with input as fx.model([_vault, _plan, _lock({"min_retention_days": 35, "changeable_for_days": 3})])
}

test_targeted_vault_without_lock_fails if {
	some f in rule.deny with input as fx.model([_vault, _plan])
	f.resource == "aws_backup_vault.crm"
	contains(f.message, "no aws_backup_vault_lock_configuration")
}

test_untargeted_vault_ignored if {
	count(rule.deny) == 0 with input as fx.model([_vault])
}

test_governance_lock_fails if {
	some f in rule.deny with input as fx.model([_vault, _plan, _lock({"min_retention_days": 35})])
	f.resource == "aws_backup_vault_lock_configuration.crm"
	contains(f.message, "governance mode")
}

test_short_minimum_fails if {
	some f in rule.deny with input as fx.model([_vault, _plan, _lock({"min_retention_days": 7, "changeable_for_days": 3})])
	contains(f.message, "`min_retention_days = 7` is below 35")
}

test_absent_minimum_fails if {
	some f in rule.deny with input as fx.model([_vault, _plan, _lock({"changeable_for_days": 3})])
	contains(f.message, "`min_retention_days` absent")
}

test_literal_names_bind_in_same_region if {
	p := fx.resource("aws_backup_plan.p", {"rule": [{"rule_name": "daily", "target_vault_name": "crm"}]})
	l := fx.resource("aws_backup_vault_lock_configuration.crm", {"backup_vault_name": "crm", "min_retention_days": 35, "changeable_for_days": 3})
	other := fx.merged(fx.resource("aws_backup_vault.crm_dr", {"name": "crm"}), {"region": "eu-central-1"})
	count(rule.deny) == 0 with input as fx.model([_vault, other, p, l])
}

test_literal_name_without_lock_fails if {
	p := fx.resource("aws_backup_plan.p", {"rule": [{"rule_name": "daily", "target_vault_name": "crm"}]})
	count(rule.deny) == 1 with input as fx.model([_vault, p])
}

test_copy_destination_vault_needs_lock if {
	dr := fx.merged(fx.resource("aws_backup_vault.dr", {"name": "crm-dr"}), {"region": "eu-central-1"})
	p := fx.with_refs(
		fx.resource("aws_backup_plan.p", {"rule": [{"rule_name": "daily", "target_vault_name": "${aws_backup_vault.crm.name}", "copy_action": [{"destination_vault_arn": "${aws_backup_vault.dr.arn}"}]}]}),
		{"rule.target_vault_name": ["aws_backup_vault.crm"], "rule.copy_action.destination_vault_arn": ["aws_backup_vault.dr"]},
	)
	some f in rule.deny with input as fx.model([_vault, dr, p, _lock({"min_retention_days": 35, "changeable_for_days": 3})])
	f.resource == "aws_backup_vault.dr"
}

test_unknown_lock_values_unverifiable if {
	l := fx.with_unknown(_lock({"min_retention_days": "${var.days}", "changeable_for_days": 3}), ["min_retention_days"])
	some f in rule.deny with input as fx.model([_vault, _plan, l])
	f.unverifiable == true
}

test_lock_with_several_problems_reports_each if {
	fs := rule.deny with input as fx.model([_vault, _plan, _lock({})])
	count(fs) == 2
}

test_unknown_changeable_days_unverifiable if {
	l := fx.with_unknown(_lock({"min_retention_days": 35, "changeable_for_days": "${var.days}"}), ["changeable_for_days"])
	some f in rule.deny with input as fx.model([_vault, _plan, l])
	f.unverifiable == true
}
