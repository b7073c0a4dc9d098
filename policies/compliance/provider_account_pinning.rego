# METADATA
# title: Providers are pinned to the approved AWS accounts
# description: >-
#   Prevents deploying the PII stack into a sandbox or a foreign account by mistake. Every `aws`
#   provider configuration (default and aliases) must set `allowed_account_ids` (or at least
#   `forbidden_account_ids`); when `approved_accounts` is configured, every allowed account and the
#   account segment of every literal `assume_role.role_arn` must be in it. Account lists or role ARNs
#   known only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-CMP-006
#   severity: medium
#   family: CMP
#   controls:
#     iso27001-2022: ["A.8.31?", "A.5.23?"]
#   remediation: >-
#     CDKTF: `new AwsProvider(this, "aws", { region, allowedAccountIds: ["123456789012"] })` for every
#     provider (and list the account in the crm-guard config's `approved_accounts`). Terraform:
#     `provider "aws" { allowed_account_ids = ["123456789012"] }`.
package crm.rules.compliance.provider_account_pinning

import data.crm.lib.dr
import data.crm.lib.tf

_approved := {a | some a in object.get(data.config, "approved_accounts", [])}

_providers contains p if {
	some p in input.providers
	p.name == "aws"
}

_anchor(p) := concat(".", ["provider", p.key])

_list(p, attr) := v if {
	v := object.get(p.values, attr, [])
	is_array(v)
}

_list(p, attr) := [v] if {
	v := object.get(p.values, attr, [])
	is_string(v)
}

_unknown(p) if {
	some attr in ["allowed_account_ids", "forbidden_account_ids"]
	some v in _list(p, attr)
	dr.expr(v)
}

_role_accounts(p) := {[arn, split(arn, ":")[4]] |
	some ar in tf.blocks(object.get(p.values, "assume_role", []))
	arn := object.get(ar, "role_arn", null)
	is_string(arn)
	not dr.expr(arn)
	count(split(arn, ":")) >= 6
}

deny contains {"resource": _anchor(p), "message": msg} if {
	some p in _providers
	count(_list(p, "allowed_account_ids")) == 0
	count(_list(p, "forbidden_account_ids")) == 0
	msg := concat("", [
		"provider `", p.key, "` sets no `allowed_account_ids`, so it deploys into whatever account the credentials reach; ",
		"pin it to the CRM account(s)",
	])
}

deny contains {"resource": _anchor(p), "message": msg} if {
	some p in _providers
	count(_approved) > 0
	some id in _list(p, "allowed_account_ids")
	not dr.expr(id)
	not id in _approved
	msg := concat("", [
		"provider `", p.key, "` allows account ", tf.show(id), " (`allowed_account_ids`), which is not in approved_accounts ",
		tf.show(sort(_approved)), "; remove it or approve it",
	])
}

deny contains {"resource": _anchor(p), "message": msg} if {
	some p in _providers
	count(_approved) > 0
	some [arn, account] in _role_accounts(p)
	not account in _approved
	msg := concat("", [
		"provider `", p.key, "` assumes `", arn, "` (`assume_role.role_arn`) in account ", account, ", which is not in approved_accounts ",
		tf.show(sort(_approved)), "; use a role in an approved account",
	])
}

deny contains {"resource": _anchor(p), "message": msg, "unverifiable": true} if {
	some p in _providers
	_unknown(p)
	msg := concat("", [
		"provider `", p.key, "` takes its account allow-list from an expression known only after apply, ",
		"so it cannot be proven that it is pinned to approved accounts",
	])
}
