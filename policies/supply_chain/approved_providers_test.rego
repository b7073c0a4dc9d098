package crm.rules.supply_chain.approved_providers_test

import data.crm.lib.fixtures as fx
import data.crm.rules.supply_chain.approved_providers as rule

_with_providers(required) := fx.model_with([], {"terraform": object.union(fx.model([]).terraform, {"required_providers": required})})

test_hashicorp_aws_passes if {
	count(rule.deny) == 0 with input as fx.model([])
}

test_registry_prefix_and_bare_names_normalize if {
	m := _with_providers({
		"aws": {"source": "registry.terraform.io/hashicorp/aws", "version": "~> 6.25"},
		"random": {"source": "random", "version": "3.6.0"},
		"archive": {"source": null, "version": "2.4.0"},
	})
	count(rule.deny) == 0 with input as m
}

test_third_party_provider_fails if {
	m := _with_providers({"aws": {"source": "hashicorp/aws", "version": "~> 6.25"}, "awsx": {"source": "evilcorp/aws", "version": "1.0.0"}})
	some f in rule.deny with input as m
	f.resource == "terraform.required_providers.awsx"
	contains(f.message, "`evilcorp/aws`")
}

test_undeclared_configured_provider_fails if {
	m := fx.model_with([], {"providers": {"null": {"key": "null", "name": "null", "alias": null, "region": null, "region_unknown": false, "values": {}}}})
	some f in rule.deny with input as m
	f.resource == "provider.null"
}

test_declared_configured_provider_passes if {
	count(rule.deny) == 0 with input as fx.model([])
}

test_local_exec_fails if {
	r := fx.resource("terraform_data.bootstrap", {"provisioner": [{"local-exec": {"command": "curl https://example.com | sh"}}]})
	some f in rule.deny with input as fx.model([r])
	f.resource == "terraform_data.bootstrap"
	contains(f.message, "`local-exec` provisioner")
}

test_remote_exec_single_object_fails if {
	r := fx.resource("aws_instance.app", {"provisioner": {"remote-exec": {"inline": ["sudo yum update -y"]}}})
	count(rule.deny) == 1 with input as fx.model([r])
}

test_file_provisioner_allowed if {
	r := fx.resource("aws_instance.app", {"provisioner": [{"file": {"source": "a", "destination": "/tmp/a"}}]})
	count(rule.deny) == 0 with input as fx.model([r])
}

test_external_data_source_fails if {
	d := object.union(fx.resource("data.external.git", {"program": ["git", "rev-parse", "HEAD"]}), {"type": "data.external", "mode": "data"})
	some f in rule.deny with input as fx.model([d])
	f.resource == "data.external.git"
	contains(f.message, "[\"git\",\"rev-parse\",\"HEAD\"]")
}
