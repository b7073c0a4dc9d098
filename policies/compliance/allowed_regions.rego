# METADATA
# title: All deployment regions are in the approved residency list
# description: >-
#   Customer PII must stay in the agreed jurisdiction (GDPR Chapter V, contractual residency).
#   Every AWS provider configuration (default and aliases) and every resource-level `region`
#   argument (AWS provider v6) must name a region in `allowed_regions`, and so must the region segment
#   of every literal ARN a resource attribute holds (at any depth: a key, vault, topic or certificate
#   in another region pulls data or control there). A region in
#   `global_service_regions` is accepted only for providers used solely by global services
#   (CloudFront, IAM, Route 53, WAF with CLOUDFRONT scope, ACM for CloudFront), and for literal ARNs
#   of ACM certificates or global WAF web ACLs. A region that
#   cannot be proven from the input (unset, or from a variable without a literal default) is
#   reported as unverifiable: residency must be provable.
# scope: package
# custom:
#   id: CRM-CMP-001
#   severity: critical
#   family: CMP
#   controls:
#     iso27001-2022: ["A.5.31?", "A.5.34?", "A.5.23?"]
#     gdpr: ["Art. 44?"]
#   remediation: >-
#     CDKTF: give every AwsProvider a literal `region` from the allowed list (or add the region to
#     `allowed_regions` in the crm-guard config after a residency review). Terraform: `provider "aws"
#     { region = "eu-west-1" }` for the default and every alias, and no resource `region` outside the list.
package crm.rules.compliance.allowed_regions

import data.crm.lib.dr
import data.crm.lib.tf

_allowed := {r | some r in data.config.allowed_regions}

_global_regions := {r | some r in data.config.global_service_regions}

_global_prefixes := ["aws_cloudfront_", "aws_iam_", "aws_route53_", "aws_organizations_", "aws_shield_", "aws_acm_certificate"]

_is_global(r) if {
	some p in _global_prefixes
	startswith(r.type, p)
}

_is_global(r) if {
	startswith(r.type, "aws_wafv2_")
	r.values.scope == "CLOUDFRONT"
}

_global_only(p) if every a in object.get(input.by_provider, p.key, []) {
	_is_global(input.resources[a])
}

_aws_providers contains p if {
	some p in input.providers
	p.name == "aws"
}

_provider_address(p) := concat(".", ["provider", p.key])

deny contains {"resource": _provider_address(p), "message": msg} if {
	some p in _aws_providers
	is_string(p.region)
	not p.region in _allowed
	not _exempt_global(p)
	msg := concat("", [
		"provider `", p.key, "` deploys to region ", p.region, ", which is not in allowed_regions ",
		tf.show(sort(_allowed)), "; move it to an allowed region or get the residency list changed",
	])
}

_exempt_global(p) if {
	p.region in _global_regions
	_global_only(p)
}

deny contains {"resource": _provider_address(p), "message": msg, "unverifiable": true} if {
	some p in _aws_providers
	not is_string(p.region)
	msg := concat("", [
		"provider `", p.key, "` has no literal region (", tf.show(object.get(p.values, "region", null)),
		"), so it cannot be proven that its resources stay in allowed_regions; set a literal region",
	])
}

# The resources that set their own `region` (literal or not), listed by the model (`own_region`):
# only those are touched, for both the literal and the unknown case.
_own_region := [input.resources[a] | some a in input.own_region]

deny contains tf.finding(r, msg) if {
	some r in _own_region
	is_string(r.values.region)
	not tf.unknown(r, "region")
	not r.values.region in _allowed
	not _global_resource_in_global_region(r)
	msg := concat("", [
		"`", r.address, "` sets `region = \"", r.values.region, "\"`, which is not in allowed_regions ",
		tf.show(sort(_allowed)), "; use an allowed region",
	])
}

_global_resource_in_global_region(r) if {
	r.values.region in _global_regions
	_is_global(r)
}

deny contains tf.unverifiable(r, "region", "the resource stays in allowed_regions") if {
	some r in _own_region
	tf.unknown(r, "region")
}

# Literal ARNs at any depth of a managed resource's values (the model's `literal_arns`).
_arns contains [r, path, v, region] if {
	some a, arns in input.literal_arns
	r := input.resources[a]
	some {"path": p, "value": v} in arns
	region := dr.arn_region(v)
	regex.match(`^[a-z]{2}(-gov)?-[a-z]+-[0-9]$`, region)
	path := concat(".", [x | some x in p; is_string(x)])
}

_global_arn(v) if {
	some prefix in [":acm:", ":cloudfront:"]
	contains(v, prefix)
}

_global_arn(v) if {
	contains(v, ":wafv2:")
	contains(v, ":global/")
}

_arn_exempt(r, _, region) if {
	region in _global_regions
	_is_global(r)
}

_arn_exempt(_, v, region) if {
	region in _global_regions
	_global_arn(v)
}

deny contains tf.finding(r, msg) if {
	some [r, path, v, region] in _arns
	not region in _allowed
	not _arn_exempt(r, v, region)
	msg := concat("", [
		"`", r.address, "` sets `", path, "` to an ARN in region ", region, " (", v, "), which is not in allowed_regions ",
		tf.show(sort(_allowed)), "; use a resource in an allowed region",
	])
}
