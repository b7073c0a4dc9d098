# METADATA
# title: GuardDuty (intrusion detection) is enabled in every region in use
# description: >-
#   GuardDuty is the managed intrusion detection for API, DNS and flow-log anomalies. Every region
#   where the stack deploys regional resources needs an aws_guardduty_detector with `enable` true
#   (the default), or an org-wide aws_guardduty_organization_configuration with
#   `auto_enable_organization_members = "ALL"` in that region. This is an existence control: it
#   does not apply when `account_baseline_external` is true (the detectors are owned by an account
#   baseline elsewhere); a detector the stack declares disabled is reported either way. A detector
#   flag or a region known only after apply is unverifiable.
# scope: package
# custom:
#   id: CRM-NET-015
#   severity: high
#   family: NET
#   controls:
#     aws-fsbp: [GuardDuty.1]
#     iso27001-2022: [A.8.7, A.5.25, "A.8.16?"]
#     gdpr: ["Art. 32?", "Art. 33?"]
#   remediation: >-
#     CDKTF: in each regional stack (or with each regional provider) add `new
#     GuarddutyDetector(this, "guardduty", { enable: true })`. Terraform: `resource
#     "aws_guardduty_detector" "main" { enable = true }` per region (`provider = aws.<alias>`), or
#     `aws_guardduty_organization_configuration { auto_enable_organization_members = "ALL" }` in the
#     delegated administrator account.
package crm.rules.network.guardduty_enabled

import data.crm.lib.regions
import data.crm.lib.tf

_enabled(d) if {
	not tf.unknown(d, "enable")
	tf.value(d, "enable", true) != false
}

_covered contains d.region if {
	some d in tf.resources("aws_guardduty_detector")
	_enabled(d)
}

_covered contains c.region if {
	some c in tf.resources("aws_guardduty_organization_configuration")
	c.values.auto_enable_organization_members == "ALL"
}

_maybe contains d.region if {
	some d in tf.resources("aws_guardduty_detector")
	tf.unknown(d, "enable")
}

deny contains {"resource": regions.anchor(region), "message": msg} if {
	not regions.external
	some region in regions.in_use
	not region in _covered
	not region in _maybe
	msg := concat("", [
		"region ", region, " hosts resources of this stack but has no enabled aws_guardduty_detector; add one",
		" (or set account_baseline_external when an account baseline owns GuardDuty)",
	])
}

deny contains tf.finding(d, msg) if {
	some d in tf.resources("aws_guardduty_detector")
	d.values.enable == false
	msg := concat("", ["`", d.address, "` has `enable = false`; set it to true so GuardDuty analyses this region"])
}

deny contains tf.unverifiable(d, "enable", "GuardDuty is enabled") if {
	some d in tf.resources("aws_guardduty_detector")
	tf.unknown(d, "enable")
}

deny contains {"resource": concat(".", ["provider", key]), "message": msg, "unverifiable": true} if {
	not regions.external
	some key in regions.unknown_region_providers
	msg := concat("", [
		"provider `", key, "` deploys resources to a region known only after apply, so it cannot be proven that",
		" GuardDuty is enabled there; give the provider a literal region",
	])
}
