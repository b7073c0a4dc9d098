# METADATA
# title: IAM policies do not allow decryption with every KMS key
# description: >-
#   A role that may decrypt with any key can read any encrypted CRM artefact (bounded only by key
#   policies). Identity policies (aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy,
#   aws_iam_group_policy, aws_iam_role inline_policy, aws_ssoadmin_permission_set_inline_policy,
#   and the data.aws_iam_policy_document they reference) must not Allow kms:Decrypt or
#   kms:ReEncryptFrom (directly, through kms:*, *, a wildcard or NotAction) on Resource "*", a
#   NotResource, or a wildcard key ARN such as arn:aws:kms:*:*:key/*, unless the statement is
#   scoped by both kms:ViaService and kms:CallerAccount conditions. Key ARNs and references pass.
#   Documents or resource lists known only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-ENC-003
#   severity: medium
#   family: ENC
#   controls:
#     aws-fsbp: [KMS.1, KMS.2]
#     iso27001-2022: ["A.8.24?", "A.8.2?"]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: list the keys in the statement's `resources` (e.g. `[dataKey.arn]`) instead of "*",
#     or add conditions on `kms:ViaService` and `kms:CallerAccount`.
#     Terraform: `"Resource": [aws_kms_key.<name>.arn]` in the policy statement that grants
#     `kms:Decrypt` / `kms:ReEncryptFrom`.
package crm.rules.encryption.iam_kms_decrypt_wildcard

import data.crm.lib.iam
import data.crm.lib.tf

_decrypt_actions := ["kms:Decrypt", "kms:ReEncryptFrom"]

_grants_decrypt(s) if {
	some a in _decrypt_actions
	iam.grants(s, a)
}

_wildcard_key(s) if iam.all_resources(s)

_wildcard_key(s) if {
	some res in s.resources
	startswith(res, "arn:")
	endswith(res, "*")
	regex.match(`^arn:[^:]*:(kms|\*):.*[:/]\*$`, res)
}

_scoped(s) if {
	iam.restricted(s, {"kms:viaservice"})
	iam.restricted(s, {"kms:calleraccount"})
}

# iam.identity_policies without the documents that provably hold nothing to report (_quiet):
# those are not normalized.
_policies := [{"resource": p.resource, "attribute": p.attribute, "doc": iam.document_at(p.resource, p.attribute, p.value)} |
	some p in iam.identity_policy_values
	not _quiet(p.value)
]

# A sufficient test on the raw JSON that a document adds no finding: it parses to an object whose
# Statement is a list of objects (iam.document reads it whole, known), and no statement is an
# Allow of decryption on every key or on resources known only after apply.
_quiet(v) if {
	every s in iam.literal_statements(v) {
		_quiet_statement(s)
	}
}

# Not an Allow; else no NotAction, and every action starts with a literal letter other than k (no
# pattern of them can match kms:Decrypt or kms:ReEncryptFrom: a glob matches from the first
# character); else no NotResource, and every resource is one reference (iam.attribute_reference, or
# that plus `/*`): neither every key nor a resource known only after apply (what
# iam.resources_unknown accepts). A chain: the tests stop at the first that holds.
_quiet_statement(s) if {
	is_string(s.Effect)
	lower(s.Effect) != "allow"
} else if {
	object.get(s, "NotAction", null) == null
	every a in _list(object.get(s, "Action", [])) {
		_not_k(a)
	}
} else if {
	object.get(s, "NotResource", null) == null
	every res in _list(object.get(s, "Resource", [])) {
		is_string(res)
		iam.attribute_reference(trim_suffix(res, "/*"))
	}
}

# A string whose first character is a letter other than k or K (compared, not sliced).
_not_k(a) if {
	a >= "l"
	a < "{"
} else if {
	a >= "a"
	a < "k"
} else if {
	a >= "L"
	a < "["
} else if {
	a >= "A"
	a < "K"
}

_list(v) := v if {
	is_array(v)
} else := [v]

# [policy, Allow statement granting decryption], found once for both checks below (wasm
# memoizes rules, never function calls).
_decrypting := [[p, s] |
	some p in _policies
	some s in p.doc.statements
	iam.allow(s)
	_grants_decrypt(s)
]

deny contains tf.finding(p.resource, msg) if {
	some [p, s] in _decrypting
	_wildcard_key(s)
	not _scoped(s)
	msg := concat("", [
		iam.origin(p), " allows decryption with every KMS key in ", iam.describe(s),
		"; list the key ARNs in Resource (or add kms:ViaService and kms:CallerAccount conditions)",
	])
}

deny contains {"resource": p.resource.address, "message": msg, "unverifiable": true} if {
	some p in _policies
	not p.doc.known
	msg := concat("", [iam.origin(p), " cannot be read before apply: ", p.doc.reason, "; it cannot be proven that it does not allow decryption with every KMS key"])
}

deny contains {"resource": p.resource.address, "message": msg, "unverifiable": true} if {
	some [p, s] in _decrypting
	iam.resources_unknown(s)
	not _wildcard_key(s)
	msg := concat("", [iam.origin(p), " grants decryption in ", iam.describe(s), " on resources known only after apply; it cannot be proven that they are specific keys"])
}
