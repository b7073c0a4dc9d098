# METADATA
# title: Human-assumable roles require MFA (or federated IdP)
# description: >-
#   MFA is the seed's explicit access-control requirement and role assumption is the admin path
#   into PII. Every Allow statement of an aws_iam_role assume_role_policy that grants
#   sts:AssumeRole to human AWS principals (an account id or root ARN, an IAM user ARN or
#   reference, or "*") must carry Bool aws:MultiFactorAuthPresent = "true" (BoolIfExists does not
#   count: it passes when the key is missing) or NumericLessThan aws:MultiFactorAuthAge.
#   Federated (SAML/OIDC) principals pass (MFA is delegated to the IdP), and service principals
#   and IAM role principals (workload identities; a role-chained session cannot carry MFA) are not
#   applicable. Where an aws_iam_user_login_profile gives a user a console password, the user's
#   own or group policies (aws_iam_user_group_membership, aws_iam_group_membership,
#   aws_iam_group_policy, aws_iam_group_policy_attachment, aws_iam_user_policy) must Deny with
#   Bool/BoolIfExists aws:MultiFactorAuthPresent = "false". Unresolvable documents, principals or
#   users are unverifiable.
# scope: package
# custom:
#   id: CRM-IAM-006
#   severity: high
#   family: IAM
#   controls:
#     aws-fsbp: [IAM.5, IAM.19]
#     cis-aws-3.0: ["1.10"]
#     iso27001-2022: [A.8.5, A.5.17]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: in the role's assume-role policy add `condition: [{ test: "Bool", variable:
#     "aws:MultiFactorAuthPresent", values: ["true"] }]` to statements trusting users or accounts,
#     or trust a SAML/OIDC provider (IAM Identity Center) instead; give console users a group
#     policy that denies everything when `aws:MultiFactorAuthPresent` is "false".
#     Terraform: `"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}` in
#     `aws_iam_role.assume_role_policy`.
package crm.rules.iam.role_mfa

import data.crm.lib.iam
import data.crm.lib.tf

# --- trust policies ---------------------------------------------------------------------------

_human(id) if id == "*"

_human(id) if regex.match(`^[0-9]{12}$`, id)

_human(id) if regex.match(`^arn:aws[a-z-]*:iam::[^:]+:(root|user/.+)$`, id)

_human(id) if regex.match(`^\$\{(data\.)?aws_iam_user\.`, id)

_workload(id) if regex.match(`^arn:aws[a-z-]*:iam::[^:]+:(role|assumed-role)/`, id)

_workload(id) if regex.match(`^\$\{(data\.)?aws_iam_role\.`, id)

_unclassified(id) if {
	not _human(id)
	not _workload(id)
}

_mfa(s) if {
	some c in iam.conditions_on(s, {"aws:multifactorauthpresent"})
	iam.base_test(c.test) == "Bool"
	not endswith(c.test, "IfExists")
	"true" in {lower(v) | some v in c.values}
}

_mfa(s) if {
	some c in iam.conditions_on(s, {"aws:multifactorauthage"})
	iam.base_test(c.test) in {"NumericLessThan", "NumericLessThanEquals"}
}

_assume(s) if {
	iam.allow(s)
	iam.grants(s, "sts:AssumeRole")
}

# Each trust policy read once, and its unguarded AssumeRole statements picked once (wasm memoizes
# rules, not function calls).
# A role whose trust policy provably names no AWS or "*" principal (see _service_trust) is left
# out: no check below can report it.
_trusts := [[r, iam.document(r, "assume_role_policy")] | some r in tf.resources("aws_iam_role"); not _service_trust(r)]

# A sufficient test on the raw JSON: the document parses to an object whose Statement is a list
# of objects (iam.document reads it whole, known) and every statement's Principal is an object
# none of whose types is AWS or "*" (e.g. {"Service": ...}): no human or unclassified principal.
_service_trust(r) if {
	every s in iam.literal_statements(r.values.assume_role_policy) {
		is_object(s.Principal)
		every t, _ in s.Principal {
			not lower(t) in {"aws", "*"}
		}
	}
}

_unguarded := [[r, s] |
	some [r, doc] in _trusts
	some s in doc.statements
	_assume(s)
	not _mfa(s)
]

deny contains tf.finding(r, msg) if {
	some [r, s] in _unguarded
	humans := [id | some id in array.concat(iam.principals_of(s, "AWS"), iam.principals_of(s, "*")); _human(id)]
	count(humans) > 0
	msg := concat("", [
		"`", r.address, "` lets ", json.marshal(humans), " assume it (`assume_role_policy`, ", iam.describe(s), ") without MFA",
		"; add `Bool aws:MultiFactorAuthPresent = \"true\"` or trust a federated identity provider",
	])
}

deny contains {"resource": r.address, "message": msg, "unverifiable": true} if {
	some [r, doc] in _trusts
	not doc.known
	msg := concat("", ["`", r.address, "` `assume_role_policy` cannot be read before apply: ", doc.reason, "; it cannot be proven that human principals need MFA"])
}

deny contains {"resource": r.address, "message": msg, "unverifiable": true} if {
	some [r, s] in _unguarded
	unclassified := [id | some id in iam.principals_of(s, "AWS"); _unclassified(id)]
	count(unclassified) > 0
	msg := concat("", [
		"`", r.address, "` trusts AWS principals known only after apply (", json.marshal(unclassified),
		") without an MFA condition; it cannot be proven that they are not human users",
	])
}

# --- console users ----------------------------------------------------------------------------

# Name -> every user / group declaring it (sets: two accounts may repeat a name; never an abort).
_users_by_name[u.values.name] contains u.address if {
	some u in tf.resources("aws_iam_user")
	is_string(u.values.name)
}

_groups_by_name[g.values.name] contains g.address if {
	some g in tf.resources("aws_iam_group")
	is_string(g.values.name)
}

_ref_users(l) := {a | some a in tf.refs(l, "user"); input.resources[a].type == "aws_iam_user"}

# The users a login profile is for: by reference, else every user with the literal name.
_users(l) := _ref_users(l) if count(_ref_users(l)) > 0

_users(l) := {a | some a in _users_by_name[l.values.user]} if count(_ref_users(l)) == 0

_groups(u) := {g |
	some m in tf.bound(u, "aws_iam_user_group_membership", "user")
	some g in _named(input.resources[m], "groups")
} | {g |
	some m in tf.bound(u, "aws_iam_group_membership", "users")
	some g in _named(input.resources[m], "group")
}

_named(r, attr) := {a | some a in tf.refs(r, attr); input.resources[a].type == "aws_iam_group"} | {a | some n in _names(r.values[attr]); some a in _groups_by_name[n]}

_names(v) := v if is_array(v)

_names(v) := [v] if is_string(v)

# Documents that apply to the user: inline and attached policies of the user and its groups.
_docs(u) := [d |
	some holder in ({u} | _groups(u))
	some d in _holder_docs(holder)
]

_holder_docs(h) := array.concat(_inline_docs(h), _attached_docs(h))

_inline_docs(h) := [iam.document(input.resources[p], "policy") |
	some type in ["aws_iam_group_policy", "aws_iam_user_policy"]
	some attr in ["group", "user"]
	some p in tf.bound(h, type, attr)
]

_attached_docs(h) := [iam.document(input.resources[pol], "policy") |
	some type in ["aws_iam_group_policy_attachment", "aws_iam_user_policy_attachment"]
	some attr in ["group", "user"]
	some att in tf.bound(h, type, attr)
	some pol in tf.refs(input.resources[att], "policy_arn")
	input.resources[pol].type == "aws_iam_policy"
]

_enforces_mfa(u) if {
	some d in _docs(u)
	some s in d.statements
	iam.deny(s)
	iam.condition_has(s, {"Bool"}, "aws:multifactorauthpresent", "false")
}

_unreadable(u) if {
	some d in _docs(u)
	not d.known
}

deny contains tf.finding(l, msg) if {
	some l in tf.resources("aws_iam_user_login_profile")
	some u in _users(l)
	not _enforces_mfa(u)
	not _unreadable(u)
	msg := concat("", [
		"`", l.address, "` gives `", u, "` a console password, but no policy of the user or its groups denies access when",
		" `aws:MultiFactorAuthPresent` is \"false\"; attach an MFA-enforcing Deny (or move the user to IAM Identity Center)",
	])
}

deny contains {"resource": l.address, "message": msg, "unverifiable": true} if {
	some l in tf.resources("aws_iam_user_login_profile")
	some u in _users(l)
	not _enforces_mfa(u)
	_unreadable(u)
	msg := concat("", ["`", l.address, "` gives `", u, "` a console password and some of its policies cannot be read before apply; it cannot be proven that MFA is enforced"])
}

deny contains {"resource": l.address, "message": msg, "unverifiable": true} if {
	some l in tf.resources("aws_iam_user_login_profile")
	count(_users(l)) == 0
	msg := concat("", ["`", l.address, "` gives a console password to ", tf.shown(l, "user"), ", a user outside this configuration; it cannot be proven that MFA is enforced"])
}
