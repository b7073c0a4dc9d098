# METADATA
# title: Provider and Terraform versions are pinned with an upper bound
# description: >-
#   An unpinned provider can change defaults or schema silently between plans (supply-chain
#   threat: unpinned versions). Every provider in required_providers, and every provider that is
#   configured, must have a version constraint with an upper bound (`= x.y.z`, bare `x.y.z`,
#   `~> x.y`, or `>= a, < b`; a one-segment `~> 6` has none, since Terraform lets that segment
#   grow); the AWS provider's major must be one the baseline is written for
#   (`approved_aws_provider_majors`); and the Terraform core constraint (required_version) must be
#   bounded too.
# scope: package
# custom:
#   id: CRM-SUP-001
#   severity: high
#   family: SUP
#   controls:
#     iso27001-2022: ["A.5.21?", "A.8.32?"]
#   remediation: >-
#     CDKTF: the prebuilt @cdktn/provider-aws pins the provider; set the core constraint with
#     `stack.addOverride("terraform.required_version", "~> 1.9")`. Terraform: `required_providers {
#     aws = { source = "hashicorp/aws", version = "~> 6.25" } }` and `required_version = "~> 1.9"`.
package crm.rules.supply_chain.provider_versions_pinned

import data.crm.lib.tf

_bounded(c) if {
	some part in split(c, ",")
	regex.match(`^\s*(<|<=|=)\s*v?[0-9]`, part)
}

# `~> 6` only fixes the major's lower bound (Terraform lets the single given segment grow);
# `~> 6.25` and `~> 6.25.0` are bounded.
_bounded(c) if {
	some part in split(c, ",")
	regex.match(`^\s*~>\s*v?[0-9]+\.[0-9]+`, part)
}

_bounded(c) if {
	some part in split(c, ",")
	regex.match(`^\s*v?[0-9]+(\.[0-9]+)*\s*$`, part)
}

# Majors named by the lower or exact parts of a constraint (`< 7.0` names no allowed major).
_majors(c) := {to_number(m[0][1]) |
	some part in split(c, ",")
	not regex.match(`^\s*(<|!)`, part)
	m := regex.find_all_string_submatch_n(`([0-9]+)`, part, 1)
	count(m) > 0
}

_address(name) := concat(".", ["terraform.required_providers", name])

deny contains {"resource": _address(name), "message": msg} if {
	some name, spec in input.terraform.required_providers
	not is_string(spec.version)
	msg := concat("", ["provider `", name, "` has no version constraint in required_providers; pin it with an upper bound (e.g. `~> 6.25`)"])
}

deny contains {"resource": _address(name), "message": msg} if {
	some name, spec in input.terraform.required_providers
	is_string(spec.version)
	not _bounded(spec.version)
	msg := concat("", ["provider `", name, "` has version constraint `", spec.version, "` with no upper bound; use `~> x.y` or `>= a, < b`"])
}

deny contains {"resource": _address("aws"), "message": msg} if {
	spec := input.terraform.required_providers.aws
	is_string(spec.version)
	some major in _majors(spec.version)
	not major in data.config.approved_aws_provider_majors
	msg := concat("", ["the AWS provider constraint `", spec.version, "` allows major ", format_int(major, 10), ", outside approved_aws_provider_majors ", tf.show(data.config.approved_aws_provider_majors)])
}

deny contains {"resource": _address(name), "message": msg} if {
	some p in input.providers
	name := p.name
	not input.terraform.required_providers[name]
	msg := concat("", ["provider `", name, "` is configured but not declared in required_providers, so any version may be installed; declare it with a bounded version"])
}

deny contains {"resource": "terraform.required_version", "message": msg} if {
	input.format != "plan"
	not is_string(input.terraform.required_version)
	msg := "the configuration sets no `required_version`, so any Terraform core version may run it; set a bounded constraint such as `~> 1.9`"
}

deny contains {"resource": "terraform.required_version", "message": msg} if {
	is_string(input.terraform.required_version)
	not _bounded(input.terraform.required_version)
	msg := concat("", ["`required_version = \"", input.terraform.required_version, "\"` has no upper bound; use `~> 1.9` or `>= 1.9, < 2.0`"])
}
