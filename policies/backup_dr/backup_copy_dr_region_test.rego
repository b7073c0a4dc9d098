package crm.rules.backup_dr.backup_copy_dr_region_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.backup_copy_dr_region as rule

_dr_vault := fx.merged(fx.resource("aws_backup_vault.dr", {"name": "crm-dr"}), {"region": "eu-central-1", "provider": "aws.dr"})

_plan(copy, lifecycle) := fx.with_refs(
	fx.resource("aws_backup_plan.p", {"rule": [object.union({"rule_name": "daily", "schedule": "cron(0 3 * * ? *)", "target_vault_name": "crm", "copy_action": copy}, lifecycle)]}),
	{"rule.copy_action.destination_vault_arn": ["aws_backup_vault.dr"]},
)

test_copy_to_dr_vault_passes if {
	p := _plan([{"destination_vault_arn": "${aws_backup_vault.dr.arn}", "lifecycle": {"delete_after": 35}}], {"lifecycle": {"delete_after": 35}})
	count(rule.deny) == 0 with input as fx.model([p, _dr_vault])
}

test_copy_kept_forever_passes if {
	p := _plan([{"destination_vault_arn": "${aws_backup_vault.dr.arn}"}], {"lifecycle": {"delete_after": 35}})
	count(rule.deny) == 0 with input as fx.model([p, _dr_vault])
}

test_no_copy_action_fails if {
	p := _plan([], {})
	some f in rule.deny with input as fx.model([p])
	f.resource == "aws_backup_plan.p"
	contains(f.message, "rule `daily` has no `copy_action`")
}

test_same_region_copy_fails if {
	p := _plan([{"destination_vault_arn": "arn:aws:backup:eu-west-1:123456789012:backup-vault:other"}], {})
	some f in rule.deny with input as fx.model([p])
	contains(f.message, "copies only to eu-west-1")
}

test_disallowed_region_copy_fails if {
	p := _plan([{"destination_vault_arn": "arn:aws:backup:us-east-1:123456789012:backup-vault:x"}], {})
	some f in rule.deny with input as fx.model([p]) with data.config.dr_region as "us-east-1"
	contains(f.message, "copies only to us-east-1")
}

test_literal_dr_arn_passes if {
	p := _plan([{"destination_vault_arn": "arn:aws:backup:eu-central-1:123456789012:backup-vault:crm-dr"}], {})
	count(rule.deny) == 0 with input as fx.model([p])
}

test_shorter_copy_fails if {
	p := _plan([{"destination_vault_arn": "${aws_backup_vault.dr.arn}", "lifecycle": {"delete_after": 7}}], {"lifecycle": {"delete_after": 35}})
	some f in rule.deny with input as fx.model([p, _dr_vault])
	contains(f.message, "shorter than the source")
}

test_finite_copy_of_forever_source_fails if {
	p := _plan([{"destination_vault_arn": "${aws_backup_vault.dr.arn}", "lifecycle": {"delete_after": 365}}], {})
	some f in rule.deny with input as fx.model([p, _dr_vault])
	contains(f.message, "shorter than the source")
}

test_unresolvable_destination_unverifiable if {
	p := fx.resource("aws_backup_plan.p", {"rule": [{"rule_name": "daily", "copy_action": [{"destination_vault_arn": "${var.vault}"}]}]})
	some f in rule.deny with input as fx.model([p])
	f.unverifiable == true
}

test_dr_region_plan_exempt if {
	p := fx.merged(_plan([], {}), {"region": "eu-central-1"})
	count(rule.deny) == 0 with input as fx.model([p])
}

test_unknown_plan_region_named if {
	p := fx.merged(_plan([], {}), {"region": null})
	some f in rule.deny with input as fx.model([p])
	contains(f.message, "an unprovable region")
}
