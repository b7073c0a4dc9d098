package crm.rules.supply_chain.no_static_credentials_test

import data.crm.lib.fixtures as fx
import data.crm.rules.supply_chain.no_static_credentials as rule

_provider(values) := fx.model_with([], {"providers": {"aws": {"key": "aws", "name": "aws", "alias": null, "region": "eu-west-1", "region_unknown": false, "values": values}}})

_backend(type, config) := fx.model_with([], {"terraform": object.union(fx.model([]).terraform, {"backend": {"type": type, "config": config}})})

test_clean_provider_passes if {
	count(rule.deny) == 0 with input as _provider({"region": "eu-west-1", "assume_role": [{"role_arn": "arn:aws:iam::123456789012:role/deploy"}]})
}

test_literal_keys_fail if {
	fs := rule.deny with input as _provider({"region": "eu-west-1", "access_key": "AKIAEXAMPLE", "secret_key": "abc"})
	count(fs) == 2
	some f in fs
	f.resource == "provider.aws"
}

test_variable_token_fails if {
	some f in rule.deny with input as _provider({"token": "${var.session_token}"})
	contains(f.message, "sets `token`")
}

test_empty_values_pass if {
	count(rule.deny) == 0 with input as _provider({"access_key": "", "secret_key": null})
}

test_backend_keys_fail if {
	some f in rule.deny with input as _backend("s3", {"bucket": "state", "secret_key": "abc"})
	f.resource == "terraform.backend.s3"
}

test_backend_without_keys_passes if {
	count(rule.deny) == 0 with input as _backend("s3", {"bucket": "state", "encrypt": true})
}

test_other_backend_ignored if {
	count(rule.deny) == 0 with input as _backend("remote", {"token": "x"})
}
