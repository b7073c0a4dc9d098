package crm.rules.compliance.provider_account_pinning_test

import data.crm.lib.fixtures as fx
import data.crm.rules.compliance.provider_account_pinning as rule

_model(values) := fx.model_with([], {"providers": {"aws": {"key": "aws", "name": "aws", "alias": null, "region": "eu-west-1", "region_unknown": false, "values": object.union({"region": "eu-west-1"}, values)}}})

test_pinned_provider_passes if {
	count(rule.deny) == 0 with input as _model({"allowed_account_ids": ["123456789012"]})
}

test_unpinned_provider_fails if {
	some f in rule.deny with input as _model({})
	f.resource == "provider.aws"
	contains(f.message, "sets no `allowed_account_ids`")
}

test_forbidden_list_counts_as_pinning if {
	count(rule.deny) == 0 with input as _model({"forbidden_account_ids": ["999999999999"]})
}

test_foreign_account_fails_when_approved_list_set if {
	some f in rule.deny with input as _model({"allowed_account_ids": ["123456789012", "999999999999"]}) with data.config.approved_accounts as ["123456789012"]
	contains(f.message, "allows account \"999999999999\"")
}

test_assume_role_in_foreign_account_fails if {
	m := _model({"allowed_account_ids": ["123456789012"], "assume_role": [{"role_arn": "arn:aws:iam::999999999999:role/deploy"}]})
	some f in rule.deny with input as m with data.config.approved_accounts as ["123456789012"]
	contains(f.message, "in account 999999999999")
}

test_assume_role_in_approved_account_passes if {
	m := _model({"allowed_account_ids": "123456789012", "assume_role": {"role_arn": "arn:aws:iam::123456789012:role/deploy"}})
	count(rule.deny) == 0 with input as m with data.config.approved_accounts as ["123456789012"]
}

test_unknown_allow_list_unverifiable if {
	some f in rule.deny with input as _model({"allowed_account_ids": ["${var.account}"]})
	f.unverifiable == true
}
