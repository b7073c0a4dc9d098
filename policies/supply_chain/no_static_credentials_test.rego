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
	count(rule.deny) == 0 with input as _backend("gcs", {"access_token": "x"})
}

test_literal_web_identity_token_fails if {
	some f in rule.deny with input as _provider({"assume_role_with_web_identity": [{"role_arn": "arn:aws:iam::123456789012:role/ci", "web_identity_token": "eyJhbGciOi"}]})
	contains(f.message, "literal `assume_role_with_web_identity.web_identity_token`")
	some g in rule.deny with input as _backend("s3", {"bucket": "state", "assume_role_with_web_identity": {"web_identity_token": "eyJhbGciOi"}})
	g.resource == "terraform.backend.s3"
}

test_web_identity_token_file_or_expression_passes if {
	count(rule.deny) == 0 with input as _provider({"assume_role_with_web_identity": [{"role_arn": "r", "web_identity_token_file": "/var/run/token"}]})
	count(rule.deny) == 0 with input as _provider({"assume_role_with_web_identity": [{"role_arn": "r", "web_identity_token": "${var.oidc_token}"}]})
}

test_remote_and_cloud_backend_tokens_fail if {
	every type in ["remote", "cloud"] {
		some f in rule.deny with input as _backend(type, {"organization": "crm", "token": "abc.atlasv1.xyz"})
		f.resource == concat(".", ["terraform.backend", type])
	}
	count(rule.deny) == 0 with input as _backend("cloud", {"organization": "crm"})
}
