# METADATA
# title: Role trust policies do not trust everyone or whole foreign accounts
# description: >-
#   An over-broad trust policy is an open invitation to assume CRM roles. In each aws_iam_role
#   assume_role_policy, no Allow statement may trust "*" / {"AWS": "*"} (or use NotPrincipal)
#   unless restricted by aws:PrincipalOrgID or aws:PrincipalAccount; AWS principals of accounts
#   that are neither this deployment's (provider allowed_account_ids, references to
#   data.aws_caller_identity or to IAM users/roles of this configuration) nor in
#   approved_accounts need an sts:ExternalId or aws:PrincipalOrgID condition; and OIDC principals
#   (oidc-provider ARNs or aws_iam_openid_connect_provider references, e.g. GitHub Actions) need a
#   `<provider>:sub` condition without a wildcard value. Unreadable documents and principals known
#   only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-IAM-009
#   severity: high
#   family: IAM
#   controls:
#     iso27001-2022: ["A.5.18?", "A.8.2?"]
#   remediation: >-
#     CDKTF: trust named principals only; for a partner account add `condition: [{ test:
#     "StringEquals", variable: "sts:ExternalId", values: [externalId] }]` (or list it in
#     approved_accounts); for GitHub OIDC add `{ test: "StringEquals", variable:
#     "token.actions.githubusercontent.com:sub", values: ["repo:org/repo:ref:refs/heads/main"] }`.
#     Terraform: the same conditions in `aws_iam_role.assume_role_policy`.
package crm.rules.iam.role_trust

import data.crm.lib.iam
import data.crm.lib.tf

_approved := {a | some a in object.get(data.config, "approved_accounts", [])}

_foreign(s) := [id |
	some id in iam.principals_of(s, "AWS")
	id != "*"
	acct := iam.account(id)
	not acct in {"own", "unknown"}
	not acct in _approved
]

_unknown_principals(s) := [id |
	some id in iam.principals_of(s, "AWS")
	iam.account(id) == "unknown"
]

_oidc(s) := [id |
	some id in iam.principals_of(s, "Federated")
	_oidc_provider(id)
]

_oidc_provider(id) if contains(id, ":oidc-provider/")

_oidc_provider(id) if regex.match(`^\$\{(data\.)?aws_iam_openid_connect_provider\.`, id)

_wildcard_sub(v) if v == "*"

_wildcard_sub(v) if regex.match(`^[a-z]+:\*$`, v)

_sub_restricted(s) if {
	some c in s.conditions
	endswith(c.key, ":sub")
	not endswith(c.test, "IfExists")
	iam.base_test(c.test) in {"StringEquals", "StringLike"}
	count(c.values) > 0
	every v in c.values {
		not _wildcard_sub(v)
	}
}

# [role, trust policy document], parsed once per role (wasm memoizes rules, never function calls).
_roles := [[r, iam.document(r, "assume_role_policy")] | some r in tf.resources("aws_iam_role")]

# [role, Allow statement of its trust policy].
_trusts := [[r, s] |
	some [r, doc] in _roles
	some s in doc.statements
	iam.allow(s)
]

deny contains tf.finding(r, msg) if {
	some [r, s] in _trusts
	iam.public_principal(s)
	not iam.restricted(s, {"aws:principalorgid", "aws:principalaccount"})
	msg := concat("", [
		"`", r.address, "` trusts every AWS principal in `assume_role_policy` (", iam.describe(s), ")",
		"; name the principals, or restrict with aws:PrincipalOrgID",
	])
}

deny contains tf.finding(r, msg) if {
	some [r, s] in _trusts
	count(_foreign(s)) > 0
	not iam.restricted(s, {"sts:externalid", "aws:principalorgid"})
	msg := concat("", [
		"`", r.address, "` trusts the foreign account principal(s) ", json.marshal(_foreign(s)),
		" in `assume_role_policy` without an `sts:ExternalId` or `aws:PrincipalOrgID` condition",
		"; add one, or list the account in approved_accounts",
	])
}

deny contains tf.finding(r, msg) if {
	some [r, s] in _trusts
	count(_oidc(s)) > 0
	not _sub_restricted(s)
	msg := concat("", [
		"`", r.address, "` trusts the OIDC provider ", json.marshal(_oidc(s)),
		" without a non-wildcard `<provider>:sub` condition, so any identity of that provider (e.g. any GitHub repository) can assume it",
		"; add `StringEquals <provider>:sub` with the exact subject",
	])
}

deny contains {"resource": r.address, "message": msg, "unverifiable": true} if {
	some [r, doc] in _roles
	not doc.known
	msg := concat("", ["`", r.address, "` `assume_role_policy` cannot be read before apply: ", doc.reason, "; it cannot be proven that it trusts only known principals"])
}

deny contains {"resource": r.address, "message": msg, "unverifiable": true} if {
	some [r, s] in _trusts
	count(_unknown_principals(s)) > 0
	not iam.restricted(s, {"sts:externalid", "aws:principalorgid"})
	msg := concat("", [
		"`", r.address, "` trusts principals known only after apply (", json.marshal(_unknown_principals(s)),
		"); it cannot be proven that they belong to this or an approved account",
	])
}
