# METADATA
# title: Regions in use
# description: >-
#   The regions a stack deploys regional resources to, for the existence controls that must hold
#   "in every region in use" (GuardDuty, AWS Config, ...). A region is in use when an AWS provider
#   configuration manages a regional (non-global) resource there, by the resource's effective region
#   (its own `region` argument in provider v6, else its provider's). Computed once, from by_provider.
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

_aws_key(key) if key == "aws"

_aws_key(key) if startswith(key, "aws.")

# Addresses, not resource objects: a set of whole resources would hash every value of every
# resource (the dominant cost in wasm at 10k resources).
_regional contains a if {
	some key, addresses in input.by_provider
	_aws_key(key)
	some a in addresses
	r := input.resources[a]
	r.mode == "managed"
	not global_resource(r)
}

_pairs contains [r.region, r.provider] if {
	some a in _regional
	r := input.resources[a]
	is_string(r.region)
}

_regional_providers := {input.resources[a].provider | some a in _regional}

# METADATA
# title: Regions in use
# description: The set of effective regions of regional AWS resources.
in_use := {p[0] | some p in _pairs}

# METADATA
# title: Finding anchor for a region
# description: "`provider.<key>` of the (alphabetically first) provider configuration deploying to the region."
anchor(region) := concat(".", ["provider", min({p[1] | some p in _pairs; p[0] == region})])

# METADATA
# title: Providers with an unknown region
# description: Provider keys that manage regional resources whose region cannot be proven.
unknown_region_providers := {r.provider | some a in _regional; r := input.resources[a]; not is_string(r.region)}

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
