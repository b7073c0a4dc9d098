# METADATA
# title: "Providers come from approved sources; no arbitrary-code escape hatches"
# description: >-
#   Third-party or typo-squatted providers, `local-exec` / `remote-exec` provisioners and the
#   `external` data source all run arbitrary code with the deploy credentials. Every provider in
#   required_providers (and every configured provider, whose implied source is hashicorp/<name>)
#   must come from `approved_provider_sources` (default hashicorp/aws, hashicorp/random,
#   hashicorp/archive; the registry.terraform.io/ prefix and CDKTF's bare names are normalized), no
#   resource may declare a local-exec or remote-exec provisioner, and no `data "external"` may be
#   used. Exceptions need a waiver with a reason.
# scope: package
# custom:
#   id: CRM-SUP-002
#   severity: medium
#   family: SUP
#   controls:
#     iso27001-2022: ["A.5.21?", "A.8.19?"]
#   remediation: >-
#     CDKTF: use only the prebuilt @cdktn/provider-aws / -random / -archive bindings (or add the
#     reviewed source to approved_provider_sources), replace provisioners with resources or CI steps,
#     and drop DataExternal. Terraform: `required_providers { aws = { source = "hashicorp/aws" } }`, no
#     `provisioner "local-exec"` / `"remote-exec"` blocks, no `data "external"`.
package crm.rules.supply_chain.approved_providers

import data.crm.lib.tf

_approved := {lower(s) | some s in data.config.approved_provider_sources}

_normalize(source) := _qualify(lower(trim_prefix(trim_prefix(source, "registry.terraform.io/"), "registry.opentofu.org/")))

_qualify(s) := s if contains(s, "/")

_qualify(s) := concat("/", ["hashicorp", s]) if not contains(s, "/")

_source(_, spec) := _normalize(spec.source) if is_string(spec.source)

_source(name, spec) := _normalize(name) if not is_string(spec.source)

deny contains {"resource": concat(".", ["terraform.required_providers", name]), "message": msg} if {
	some name, spec in input.terraform.required_providers
	source := _source(name, spec)
	not source in _approved
	msg := concat("", [
		"provider `", name, "` comes from `", source, "`, which is not in approved_provider_sources ",
		json.marshal(sort(_approved)), "; use an approved provider or get the source reviewed and added",
	])
}

deny contains {"resource": concat(".", ["provider", p.key]), "message": msg} if {
	some p in input.providers
	not input.terraform.required_providers[p.name]
	source := _normalize(p.name)
	not source in _approved
	msg := concat("", [
		"provider `", p.key, "` is configured without a required_providers entry, so it installs `", source,
		"`, which is not in approved_provider_sources; declare an approved source",
	])
}

_escape_hatches := {"local-exec", "remote-exec"}

# The resources that hold a `provisioner` are listed by the model (`provisioned`), so the rule
# reads these few instead of every resource.
deny contains tf.finding(r, msg) if {
	some a in input.provisioned
	r := input.resources[a]
	some block in tf.blocks(r.values.provisioner)
	some kind, _ in block
	kind in _escape_hatches
	msg := concat("", [
		"`", r.address, "` declares a `", kind, "` provisioner, which runs arbitrary commands with the deploy credentials;",
		" replace it with a resource or a reviewed pipeline step",
	])
}

deny contains tf.finding(r, msg) if {
	some r in tf.resources("data.external")
	msg := concat("", [
		"`", r.address, "` runs the external program ", tf.show(object.get(r.values, "program", null)),
		" during plan with the deploy credentials; replace it with a native data source",
	])
}
