# METADATA
# title: Module sources are pinned to immutable references
# description: >-
#   A moving module reference is a supply-chain injection point into the PII stack. Every module
#   call must use a local path (`./`, `../`), a registry source with an exact `version` (`1.2.3` or
#   `= 1.2.3`), a git source (`git::`, `github.com/`, `bitbucket.org/`, `git@`) whose `ref=` is a
#   40-hex commit, or a source starting with one of `approved_module_sources`. Git refs that look
#   like version tags (`ref=v1.2.3`) are accepted as the weaker pin the baseline allows with a
#   warning; branch refs, missing refs, version ranges and unapproved archives (http(s), s3::,
#   gcs::, hg::) fail. A module call whose source is not installed (HCL checked with
#   `--unavailable-modules finding`) is reported too: its resources were not checked.
# scope: package
# custom:
#   id: CRM-SUP-003
#   severity: high
#   family: SUP
#   controls:
#     iso27001-2022: ["A.5.21?", "A.8.32?"]
#   remediation: >-
#     CDKTF: `new TerraformHclModule(this, "vpc", { source: "terraform-aws-modules/vpc/aws", version:
#     "5.8.1" })` or a git source with `?ref=<commit sha>`. Terraform: `module "vpc" { source =
#     "terraform-aws-modules/vpc/aws", version = "5.8.1" }` or `source =
#     "git::https://github.com/org/mod.git?ref=3f2c...<40 hex>"`.
package crm.rules.supply_chain.module_sources_pinned

_local(s) if startswith(s, "./")

_local(s) if startswith(s, "../")

_approved(s) if {
	some prefix in data.config.approved_module_sources
	startswith(s, prefix)
}

_git(s) if {
	some prefix in ["git::", "github.com/", "bitbucket.org/", "git@"]
	startswith(s, prefix)
}

_registry(s) if regex.match(`^([A-Za-z0-9.-]+\.[A-Za-z]{2,}/)?[A-Za-z0-9_-]+/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+(//.*)?$`, s)

_exact(v) if regex.match(`^\s*=?\s*v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?\s*$`, v)

_ref(s) := m[0][1] if {
	m := regex.find_all_string_submatch_n(`[?&]ref=([^&]+)`, s, 1)
	count(m) > 0
}

_commit(ref) if regex.match(`^[0-9a-f]{40}$`, ref)

# A version tag, also written with its namespace (`tags/v1.2.3`, `refs/tags/1.2.3`).
_tag(ref) if regex.match(`^((refs/)?tags/)?v?[0-9]+(\.[0-9]+)*([-+][0-9A-Za-z.-]+)?$`, ref)

# Strings are quoted by hand: json.marshal HTML-escapes `<`, `>` and `&` under `opa test` but not in wasm.
_show(v) := concat("", ["\"", v, "\""]) if is_string(v)

_show(v) := "null" if not is_string(v)

# Why a module call is not pinned (undefined when it is).
_problem(m) := "has no `source`" if not is_string(m.source)

_problem(m) := concat("", ["is a registry module without an exact `version` (", _show(m.version), "); pin it, e.g. `version = \"1.2.3\"`"]) if {
	is_string(m.source)
	not _local(m.source)
	not _approved(m.source)
	not _git(m.source)
	_registry(m.source)
	not _exact_version(m)
}

_problem(m) := "is a git source without `?ref=`, so it follows the default branch; pin `?ref=<40-hex commit>`" if {
	_git_unapproved(m)
	not _ref(m.source)
}

_problem(m) := concat("", ["is a git source pinned to `ref=", _ref(m.source), "`, which looks like a branch; pin `?ref=<40-hex commit>`"]) if {
	_git_unapproved(m)
	not _commit(_ref(m.source))
	not _tag(_ref(m.source))
}

_problem(m) := "is an archive or other remote source not listed in approved_module_sources; vendor it locally or pin a git commit" if {
	is_string(m.source)
	not _local(m.source)
	not _approved(m.source)
	not _git(m.source)
	not _registry(m.source)
}

_exact_version(m) if {
	is_string(m.version)
	_exact(m.version)
}

_git_unapproved(m) if {
	is_string(m.source)
	_git(m.source)
	not _approved(m.source)
}

deny contains {"resource": address, "message": msg} if {
	some name, m in input.modules
	problem := _problem(m)
	address := concat(".", ["module", name])
	msg := concat("", ["module `", address, "` (source ", _show(m.source), ") ", problem])
}

# Not installed, so not read (HCL with --unavailable-modules finding): its resources are unchecked.
deny contains {"resource": address, "message": msg} if {
	some name, m in input.modules
	m.unavailable == true
	address := concat(".", ["module", name])
	msg := concat("", [
		"module `", address, "` (source ", _show(m.source), ") is not installed, so its resources were not checked; ",
		"run `terraform init` in the root module (or check the plan JSON)",
	])
}
