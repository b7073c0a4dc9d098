# METADATA
# title: KMS key policies grant nothing to a wildcard principal
# description: >-
#   A "*" principal on a key that wraps CRM data is public decrypt capability. Every Allow
#   statement of a key policy (the `policy` of aws_kms_key, aws_kms_external_key,
#   aws_kms_replica_key and aws_kms_replica_external_key, and aws_kms_key_policy.policy bound
#   through key_id, which replaces the key's inline policy) whose Principal is "*",
#   {"AWS": "*"} (or a NotPrincipal) must carry a restricting condition on kms:CallerAccount,
#   aws:PrincipalAccount, aws:PrincipalOrgID or aws:SourceAccount (StringEquals-style; a wildcard
#   value, including StringLike "?*" or "o-*", does not restrict), and a literal account id there
#   must be one of this deployment's accounts (provider allowed_account_ids, when pinned) or
#   `approved_accounts`. No policy at all means the default key policy (account only) and passes. Policies from
#   data.aws_iam_policy_document are evaluated statement by statement; a policy known only after
#   apply (jsonencode, variables) is reported as unverifiable. The baseline's advisory sub-finding
#   (kms:* granted to non-admin principals) is not implemented: a static check cannot tell key
#   administrators from workloads.
# scope: package
# custom:
#   id: CRM-ENC-002
#   severity: critical
#   family: ENC
#   controls:
#     aws-fsbp: [KMS.5]
#     iso27001-2022: ["A.8.24?", "A.5.15?"]
#     gdpr: ["Art. 32?", "Art. 25?"]
#   remediation: >-
#     CDKTF: in the KmsKey `policy` (or a DataAwsIamPolicyDocument) name the principals explicitly
#     (account root, role ARNs, service principals) or add a condition `{ test: "StringEquals",
#     variable: "kms:CallerAccount", values: [accountId] }` to the wildcard statement.
#     Terraform: in `aws_kms_key.policy` / `aws_kms_key_policy.policy` replace `"Principal": "*"` with
#     specific principals, or add `"Condition": {"StringEquals": {"kms:CallerAccount": "<account>"}}`.
package crm.rules.encryption.kms_key_policy_public

import data.crm.lib.iam
import data.crm.lib.tf

_restricting_keys := {"kms:calleraccount", "aws:principalaccount", "aws:principalorgid", "aws:sourceaccount"}

# Key policies in force: a bound aws_kms_key_policy replaces the key's inline policy.
_policies[r.address] := r if {
	some type in tf.kms_key_types
	some r in tf.resources(type)
	count(tf.bound(r.address, "aws_kms_key_policy", "key_id")) == 0
}

_policies[r.address] := r if some r in tf.resources("aws_kms_key_policy")

# [key or key policy, its policy document], parsed once (wasm memoizes rules, never function calls).
_documents := [[r, iam.document(r, "policy")] | some r in _policies]

deny contains tf.finding(r, msg) if {
	some [r, doc] in _documents
	some s in doc.statements
	iam.allow(s)
	iam.public_principal(s)
	not iam.restricted(s, _restricting_keys)
	msg := concat("", [
		iam.origin({"resource": r, "attribute": "policy", "doc": doc}), " allows a wildcard principal without an account or organization condition in ",
		iam.describe(s), "; name the principals or add a StringEquals condition on kms:CallerAccount or aws:PrincipalOrgID",
	])
}

_account_keys := {"kms:calleraccount", "aws:principalaccount", "aws:sourceaccount"}

# Literal account ids in the restricting condition that are neither this deployment's accounts
# (provider allowed_account_ids) nor in `approved_accounts`. Without pinned providers the own
# account is not known here (CRM-CMP-006 reports the missing pinning), so nothing is foreign.
_foreign_accounts(s) := sort([v |
	some c in iam.conditions_on(s, _account_keys)
	some v in c.values
	regex.match(`^[0-9]{12}$`, v)
	count(iam.own_accounts) > 0
	not v in iam.own_accounts
	not v in {a | some a in data.config.approved_accounts}
])

deny contains tf.finding(r, msg) if {
	some [r, doc] in _documents
	some s in doc.statements
	iam.allow(s)
	iam.public_principal(s)
	iam.restricted(s, _restricting_keys)
	count(_foreign_accounts(s)) > 0
	msg := concat("", [
		iam.origin({"resource": r, "attribute": "policy", "doc": doc}), " allows a wildcard principal from account(s) ",
		json.marshal(_foreign_accounts(s)), ", which are neither this deployment's accounts (provider allowed_account_ids) nor",
		" approved_accounts, in ", iam.describe(s), "; restrict the condition to your own account or add the account to approved_accounts",
	])
}

deny contains {"resource": r.address, "message": msg, "unverifiable": true} if {
	some [r, doc] in _documents
	not doc.known
	msg := concat("", [
		"`", r.address, "` sets `policy` so that it cannot be read before apply: ", doc.reason,
		"; it cannot be proven that the key policy grants nothing to a wildcard principal",
	])
}
