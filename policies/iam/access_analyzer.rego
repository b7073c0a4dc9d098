# METADATA
# title: IAM Access Analyzer is enabled in every region in use
# description: >-
#   Access Analyzer detects unintended external access to buckets, keys, roles and secrets
#   (detective only). Every region the stack deploys regional resources to needs an
#   aws_accessanalyzer_analyzer of type ACCOUNT (the default) or ORGANIZATION; the unused-access
#   types do not count. An existence control: not applicable when account_baseline_external is
#   set. An analyzer type or a provider region known only after apply is unverifiable.
# scope: package
# custom:
#   id: CRM-IAM-008
#   severity: medium
#   family: IAM
#   controls:
#     aws-fsbp: [IAM.28]
#     cis-aws-3.0: ["1.20"]
#     iso27001-2022: [A.8.3]
#   remediation: >-
#     CDKTF: per region (provider) add AccessanalyzerAnalyzer `{ analyzerName: "crm-<region>",
#     type: "ACCOUNT" }`.
#     Terraform: `resource "aws_accessanalyzer_analyzer" { analyzer_name = "crm" type = "ACCOUNT" }`
#     for each regional provider.
package crm.rules.iam.access_analyzer

import data.crm.lib.regions
import data.crm.lib.tf

_analyzers := tf.resources("aws_accessanalyzer_analyzer")

_covered contains a.region if {
	some a in _analyzers
	not tf.unknown(a, "type")
	tf.value(a, "type", "ACCOUNT") in {"ACCOUNT", "ORGANIZATION"}
}

_maybe contains a.region if {
	some a in _analyzers
	tf.unknown(a, "type")
}

deny contains {"resource": regions.anchor(region), "message": msg} if {
	not regions.external
	some region in regions.in_use
	not region in _covered
	not region in _maybe
	msg := concat("", [
		"region ", region, " hosts resources of this stack but has no aws_accessanalyzer_analyzer of type ACCOUNT or ORGANIZATION",
		"; add one (or set account_baseline_external when an account baseline owns it)",
	])
}

deny contains tf.unverifiable(a, "type", "the analyzer watches external access") if {
	not regions.external
	some a in _analyzers
	tf.unknown(a, "type")
}

deny contains {"resource": concat(".", ["provider", key]), "message": msg, "unverifiable": true} if {
	not regions.external
	some key in regions.unknown_region_providers
	msg := concat("", [
		"provider `", key, "` deploys resources to a region known only after apply, so it cannot be proven that",
		" IAM Access Analyzer is enabled there; give the provider a literal region",
	])
}
