# METADATA
# title: Security Hub runs with FSBP and CIS standards in every region in use
# description: >-
#   Continuous, third-party-recognised evidence for ISO 27001 audits and customer assurance. Every
#   region where the stack deploys regional resources needs an aws_securityhub_account and
#   aws_securityhub_standards_subscription resources whose `standards_arn` contains
#   `standards/aws-foundational-security-best-practices/v/1.0.0` (or the account's
#   `enable_default_standards`, true by default, which turns FSBP on) and
#   `standards/cis-aws-foundations-benchmark/v/3.0.0` (or `v/5.0.0`). This is an existence control:
#   it does not apply when `account_baseline_external` is true. A `standards_arn` that is a bare
#   expression, or a region that cannot be proven, is unverifiable.
# scope: package
# custom:
#   id: CRM-CMP-007
#   severity: medium
#   family: CMP
#   controls:
#     cis-aws-3.0: ["4.16"]
#     iso27001-2022: ["A.5.36?", "A.8.16?"]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: per regional provider `new SecurityhubAccount(this, "hub", {})` and two
#     SecurityhubStandardsSubscription with `standardsArn:
#     "arn:aws:securityhub:<region>::standards/aws-foundational-security-best-practices/v/1.0.0"` and
#     `".../standards/cis-aws-foundations-benchmark/v/3.0.0"` (`dependsOn: [hub]`). Terraform:
#     `aws_securityhub_account` and `aws_securityhub_standards_subscription { standards_arn = ... }`.
package crm.rules.compliance.securityhub_standards

import data.crm.lib.dr
import data.crm.lib.regions
import data.crm.lib.tf

_fsbp := "standards/aws-foundational-security-best-practices/v/1.0.0"

_cis := ["standards/cis-aws-foundations-benchmark/v/3.0.0", "standards/cis-aws-foundations-benchmark/v/5.0.0"]

_accounts(region) := [a | some a in tf.resources("aws_securityhub_account"); a.region == region]

_arns(region) := [object.get(s.values, "standards_arn", "") |
	some s in tf.resources("aws_securityhub_standards_subscription")
	s.region == region
]

_has_fsbp(region) if {
	some arn in _arns(region)
	contains(arn, _fsbp)
}

_has_fsbp(region) if {
	some a in _accounts(region)
	object.get(a.values, "enable_default_standards", true) == true
}

_has_cis(region) if {
	some arn in _arns(region)
	some c in _cis
	contains(arn, c)
}

_missing(region) := ({"an aws_securityhub_account" | count(_accounts(region)) == 0} | {"the FSBP standard" | not _has_fsbp(region)}) | {"the CIS AWS Foundations v3.0.0/v5.0.0 standard" | not _has_cis(region)}

_unknown(region) if {
	some arn in _arns(region)
	dr.expr(arn)
	not contains(arn, "standards/")
}

deny contains {"resource": regions.anchor(region), "message": msg} if {
	not regions.external
	some region in regions.in_use
	count(_missing(region)) > 0
	not _unknown(region)
	msg := concat("", [
		"region ", region, " hosts resources of this stack but lacks ", concat(" and ", sort(_missing(region))),
		" (aws_securityhub_standards_subscription `standards_arn`); subscribe it (or set account_baseline_external when an account baseline owns Security Hub)",
	])
}

deny contains {"resource": regions.anchor(region), "message": msg, "unverifiable": true} if {
	not regions.external
	some region in regions.in_use
	count(_missing(region)) > 0
	_unknown(region)
	msg := concat("", [
		"region ", region, " has Security Hub standards subscriptions whose `standards_arn` is known only after apply, ",
		"so it cannot be proven that FSBP and CIS run there",
	])
}

deny contains {"resource": concat(".", ["provider", key]), "message": msg, "unverifiable": true} if {
	not regions.external
	some key in regions.unknown_region_providers
	msg := concat("", [
		"provider `", key, "` deploys resources to a region known only after apply, so it cannot be proven that",
		" Security Hub runs there; give the provider a literal region",
	])
}
