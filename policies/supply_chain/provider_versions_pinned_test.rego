package crm.rules.supply_chain.provider_versions_pinned_test

import data.crm.lib.fixtures as fx
import data.crm.rules.supply_chain.provider_versions_pinned as rule

_with_tf(tf) := fx.model_with([], {"terraform": object.union(fx.model([]).terraform, tf)})

_aws(version) := _with_tf({"required_providers": {"aws": {"source": "hashicorp/aws", "version": version}}})

test_pinned_passes if {
	count(rule.deny) == 0 with input as fx.model([])
}

test_exact_and_range_pass if {
	count(rule.deny) == 0 with input as _aws("6.25.0")
	count(rule.deny) == 0 with input as _aws(">= 5.0, < 7.0")
	count(rule.deny) == 0 with input as _aws("= 6.1.0")
}

test_lower_bound_only_fails if {
	some f in rule.deny with input as _aws(">= 5.0")
	f.resource == "terraform.required_providers.aws"
	contains(f.message, "no upper bound")
}

test_missing_constraint_fails if {
	some f in rule.deny with input as _with_tf({"required_providers": {"aws": {"source": "hashicorp/aws", "version": null}}})
	contains(f.message, "no version constraint")
}

test_unapproved_major_fails if {
	some f in rule.deny with input as _aws("~> 4.67")
	contains(f.message, "allows major 4")
}

test_configured_but_undeclared_provider_fails if {
	m := fx.model_with([], {"providers": {"random": {"key": "random", "name": "random", "alias": null, "region": null, "region_unknown": false, "values": {}}}})
	some f in rule.deny with input as m
	f.resource == "terraform.required_providers.random"
}

test_missing_core_constraint_fails if {
	some f in rule.deny with input as _with_tf({"required_version": null})
	f.resource == "terraform.required_version"
}

test_missing_core_constraint_ignored_for_plans if {
	m := object.union(_with_tf({"required_version": null}), {"format": "plan"})
	count(rule.deny) == 0 with input as m
}

test_unbounded_core_constraint_fails if {
	some f in rule.deny with input as _with_tf({"required_version": ">= 1.5"})
	contains(f.message, "no upper bound")
}

test_single_segment_pessimistic_fails if {
	some f in rule.deny with input as _aws("~> 6")
	contains(f.message, "`~> 6` with no upper bound")
}
