package crm.rules.supply_chain.module_sources_pinned_test

import data.crm.lib.fixtures as fx
import data.crm.rules.supply_chain.module_sources_pinned as rule

_modules(mods) := fx.model_with([], {"modules": mods})

_one(source, version) := _modules({"m": {"source": source, "version": version}})

_commit := "3f2c6a1b9d8e7f60514233c4b5a6978e1d2c3b4a"

test_pinned_sources_pass if {
	m := _modules({
		"local": {"source": "./modules/network", "version": null},
		"parent": {"source": "../shared/kms", "version": null},
		"registry": {"source": "terraform-aws-modules/vpc/aws", "version": "5.8.1"},
		"private": {"source": "app.terraform.io/crm/network/aws", "version": "= 1.2.0"},
		"git": {"source": concat("", ["git::https://github.com/crm/mod.git?ref=", _commit]), "version": null},
		"github": {"source": concat("", ["github.com/crm/mod?ref=", _commit]), "version": null},
		"tagged": {"source": "git::https://github.com/crm/mod.git?ref=v1.4.2", "version": null},
		"tag_namespace": {"source": "git::https://github.com/crm/mod.git?ref=tags/0.25.0", "version": null},
		"full_tag_ref": {"source": "git::https://github.com/crm/mod.git?ref=refs/tags/v2.0.1", "version": null},
	})
	count(rule.deny) == 0 with input as m
}

test_registry_range_fails if {
	some f in rule.deny with input as _one("terraform-aws-modules/vpc/aws", "~> 5.0")
	f.resource == "module.m"
	startswith(f.message, "module `module.m` (source ")
	contains(f.message, "without an exact `version` (\"~> 5.0\")")
}

test_registry_without_version_fails if {
	count(rule.deny) == 1 with input as _one("terraform-aws-modules/vpc/aws//modules/endpoints", null)
}

test_git_without_ref_fails if {
	some f in rule.deny with input as _one("git::https://github.com/crm/mod.git", null)
	contains(f.message, "without `?ref=`")
}

test_git_branch_ref_fails if {
	some f in rule.deny with input as _one("git@github.com:crm/mod.git?ref=main", null)
	contains(f.message, "`ref=main`, which looks like a branch")
}

test_http_archive_fails if {
	some f in rule.deny with input as _one("https://example.com/modules/vpc.zip", null)
	contains(f.message, "not listed in approved_module_sources")
}

test_approved_archive_passes if {
	cfg := object.union(data.config, {"approved_module_sources": ["s3::https://s3-eu-west-1.amazonaws.com/crm-modules/"]})
	count(rule.deny) == 0 with input as _one("s3::https://s3-eu-west-1.amazonaws.com/crm-modules/vpc.zip", null) with data.config as cfg
}

test_missing_source_fails if {
	some f in rule.deny with input as _one(null, null)
	contains(f.message, "has no `source`")
}

test_unavailable_module_is_reported if {
	m := _modules({"s3": {"source": "terraform-aws-modules/s3-bucket/aws", "version": "4.1.2", "unavailable": true}})
	fs := rule.deny with input as m
	count(fs) == 1
	some f in fs
	f.resource == "module.s3"
	contains(f.message, "is not installed")
}
