# METADATA
# title: Regions in use
# description: >-
#   The regions a stack deploys regional resources to, for the existence controls that must hold
#   "in every region in use" (GuardDuty, AWS Config, ...). A region is in use when an AWS provider
#   configuration manages a regional (non-global) resource there, by the resource's effective region
#   (its own `region` argument in provider v6, else its provider's). The normalizer derives the
#   regions once (the model's `regions`, src/model/derived.ts): wasm would rebuild the set of every
#   regional resource in each evaluation.
# scope: package
package crm.lib.regions

_global_prefixes := [
	"aws_iam_", "aws_cloudfront_", "aws_route53_", "aws_organizations_", "aws_shield_",
	"aws_s3_account_", "aws_account_",
]

# METADATA
# title: Global-service resource
# description: IAM, CloudFront, Route 53, Organizations, Shield and CLOUDFRONT-scope WAF resources live in no region.
global_resource(r) if {
	some p in _global_prefixes
	startswith(r.type, p)
}

global_resource(r) if {
	startswith(r.type, "aws_wafv2_")
	r.values.scope == "CLOUDFRONT"
}

# METADATA
# title: Regions in use
# description: >-
#   The set of effective regions of regional AWS resources (the model's `regions.in_use`, derived
#   once by the normalizer with global_resource's definition).
in_use := {region | some region, _ in input.regions.in_use}

# METADATA
# title: Finding anchor for a region
# description: "`provider.<key>` of the (alphabetically first) provider configuration deploying to the region."
anchor(region) := concat(".", ["provider", min({p | some p in input.regions.in_use[region]})])

# METADATA
# title: Providers with an unknown region
# description: Provider keys that manage regional resources whose region cannot be proven.
unknown_region_providers := {p | some p in input.regions.unknown_region_providers}

_regional_providers := {p | some p in input.regions.providers}

# METADATA
# title: Account anchor
# description: >-
#   Where account-wide findings (e.g. "no multi-region trail") are reported: the default `aws`
#   provider when it manages resources, else the first provider configuration that does.
account_anchor := "provider.aws" if "aws" in _regional_providers

account_anchor := concat(".", ["provider", min(_regional_providers)]) if not "aws" in _regional_providers

# METADATA
# title: Account baseline is owned elsewhere
# description: >-
#   True when data.config.account_baseline_external is set: existence controls for account-level
#   singletons are then not applicable to this stack (baseline §1.4).
external if data.config.account_baseline_external == true
