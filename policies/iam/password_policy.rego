# METADATA
# title: Account password policy is strong
# description: >-
#   Weak IAM passwords are a named threat scenario (credential guessing and stuffing). The stack
#   must declare an aws_iam_account_password_policy (an existence control: not applicable when
#   account_baseline_external is set, and only for stacks that deploy resources) with
#   minimum_password_length at least password_min_length (14), require_lowercase_characters,
#   require_uppercase_characters, require_numbers and require_symbols all true,
#   password_reuse_prevention at least password_reuse (24), and, when the deployment opts into
#   expiry (password_max_age_days > 0), max_password_age between 1 and that value. Values known
#   only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-IAM-005
#   severity: high
#   family: IAM
#   controls:
#     aws-fsbp: [IAM.7, IAM.15, IAM.16]
#     cis-aws-3.0: ["1.8", "1.9"]
#     iso27001-2022: ["A.5.17?", A.5.15]
#     gdpr: [Art. 25]
#   remediation: >-
#     CDKTF: add IamAccountPasswordPolicy `{ minimumPasswordLength: 14, requireLowercaseCharacters:
#     true, requireUppercaseCharacters: true, requireNumbers: true, requireSymbols: true,
#     passwordReusePrevention: 24, allowUsersToChangePassword: true }`.
#     Terraform: `resource "aws_iam_account_password_policy"` with `minimum_password_length = 14`,
#     the four `require_*` flags true and `password_reuse_prevention = 24`.
package crm.rules.iam.password_policy

import data.crm.lib.regions
import data.crm.lib.tf

_classes := ["require_lowercase_characters", "require_uppercase_characters", "require_numbers", "require_symbols"]

_policies := tf.resources("aws_iam_account_password_policy")

# Failing settings as [policy, attribute, requirement].
_weak contains [p, attr, "true"] if {
	some p in _policies
	some attr in _classes
	not tf.unknown(p, attr)
	tf.value(p, attr, false) != true
}

_weak contains [p, "minimum_password_length", concat("", ["at least ", format_int(data.config.password_min_length, 10)])] if {
	some p in _policies
	not tf.unknown(p, "minimum_password_length")
	not _at_least(p, "minimum_password_length", data.config.password_min_length)
}

_weak contains [p, "password_reuse_prevention", concat("", ["at least ", format_int(data.config.password_reuse, 10)])] if {
	some p in _policies
	not tf.unknown(p, "password_reuse_prevention")
	not _at_least(p, "password_reuse_prevention", data.config.password_reuse)
}

_weak contains [p, "max_password_age", concat("", ["between 1 and ", format_int(data.config.password_max_age_days, 10)])] if {
	data.config.password_max_age_days > 0
	some p in _policies
	not tf.unknown(p, "max_password_age")
	not _age_ok(p)
}

_at_least(p, attr, n) if to_number(p.values[attr]) >= n

_age_ok(p) if {
	age := to_number(p.values.max_password_age)
	age >= 1
	age <= data.config.password_max_age_days
}

_checked := array.concat(array.concat(_classes, ["minimum_password_length", "password_reuse_prevention"]), _age_attr)

_age_attr := ["max_password_age"] if data.config.password_max_age_days > 0

_age_attr := [] if not data.config.password_max_age_days > 0

deny contains {"resource": regions.account_anchor, "message": msg} if {
	not regions.external
	count(regions.in_use) > 0
	count(_policies) == 0
	msg := concat("", [
		"the stack declares no aws_iam_account_password_policy, so the account keeps the weak AWS default",
		"; add one (length ≥ ", format_int(data.config.password_min_length, 10), ", all character classes, reuse prevention ",
		format_int(data.config.password_reuse, 10), ") or set account_baseline_external when an account baseline owns it",
	])
}

deny contains tf.finding(p, msg) if {
	some [p, attr, need] in _weak
	msg := concat("", ["`", p.address, "` has ", tf.shown(p, attr), "; set it to ", need])
}

deny contains tf.unverifiable(p, attr, "the password policy is strong") if {
	some p in _policies
	some attr in _checked
	tf.unknown(p, attr)
}
