# METADATA
# title: Amazon Inspector scans EC2, ECR images and Lambda
# description: >-
#   Continuous vulnerability discovery feeds the patch process. Every region where the stack deploys
#   regional resources needs an aws_inspector2_enabler whose `resource_types` include EC2, ECR and
#   LAMBDA (LAMBDA_CODE recommended). This is an existence control: it does not apply when
#   `account_baseline_external` is true (Inspector is owned by an account baseline elsewhere).
#   `resource_types` known only after apply, or a provider region that cannot be proven, is
#   unverifiable.
# scope: package
# custom:
#   id: CRM-INT-004
#   severity: medium
#   family: INT
#   controls:
#     aws-fsbp: [Inspector.1, Inspector.2, Inspector.3, Inspector.4]
#     iso27001-2022: ["A.8.8?"]
#   remediation: >-
#     CDKTF: per regional provider `new Inspector2Enabler(this, "inspector", { accountIds: [account],
#     resourceTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"] })`. Terraform: `resource
#     "aws_inspector2_enabler" { account_ids = [data.aws_caller_identity.current.account_id]
#     resource_types = ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"] }` per region.
package crm.rules.integrity.inspector_enabled

import data.crm.lib.dr
import data.crm.lib.regions
import data.crm.lib.tf

_required := {"EC2", "ECR", "LAMBDA"}

_types(e) := {upper(t) | some t in object.get(e.values, "resource_types", []); is_string(t)} if is_array(object.get(e.values, "resource_types", []))

_types(e) := set() if not is_array(object.get(e.values, "resource_types", []))

_enablers(region) := [e | some e in tf.resources("aws_inspector2_enabler"); e.region == region]

_covered(region) := {t | some e in _enablers(region); some t in _types(e)}

_unknown(region) if {
	some e in _enablers(region)
	tf.unknown(e, "resource_types")
}

deny contains {"resource": regions.anchor(region), "message": msg} if {
	not regions.external
	some region in regions.in_use
	missing := _required - _covered(region)
	count(missing) > 0
	not _unknown(region)
	msg := concat("", [
		"region ", region, " hosts resources of this stack but no aws_inspector2_enabler scans ", concat(", ", sort(missing)),
		" there (`resource_types` covered: ", dr.regions_text(_covered(region)), "); add one with resource_types EC2, ECR, LAMBDA",
		" (or set account_baseline_external when an account baseline owns Inspector)",
	])
}

deny contains {"resource": regions.anchor(region), "message": msg, "unverifiable": true} if {
	not regions.external
	some region in regions.in_use
	count(_required - _covered(region)) > 0
	_unknown(region)
	msg := concat("", [
		"region ", region, " has an aws_inspector2_enabler whose `resource_types` are known only after apply, ",
		"so it cannot be proven that EC2, ECR and Lambda are scanned",
	])
}

deny contains {"resource": concat(".", ["provider", key]), "message": msg, "unverifiable": true} if {
	not regions.external
	some key in regions.unknown_region_providers
	msg := concat("", [
		"provider `", key, "` deploys resources to a region known only after apply, so it cannot be proven that",
		" Amazon Inspector scans them; give the provider a literal region",
	])
}
