package crm.rules.compliance.allowed_regions_test

import data.crm.lib.fixtures as fx
import data.crm.rules.compliance.allowed_regions as rule

_provider(key, region) := {"key": key, "name": "aws", "alias": null, "region": region, "region_unknown": false, "values": {"region": region}}

_bucket := fx.resource("aws_s3_bucket.files", {})

test_eu_providers_pass if {
	m := fx.model_with([_bucket], {"providers": {"aws": _provider("aws", "eu-west-1"), "aws.dr": _provider("aws.dr", "eu-central-1")}})
	count(rule.deny) == 0 with input as m
}

test_provider_outside_list_fails if {
	m := fx.model_with([_bucket], {"providers": {"aws.dr": _provider("aws.dr", "us-west-2")}})
	some f in rule.deny with input as m
	f.resource == "provider.aws.dr"
	contains(f.message, "us-west-2")
}

test_allowed_list_comes_from_config if {
	m := fx.model_with([_bucket], {"providers": {"aws": _provider("aws", "eu-west-1")}})
	count(rule.deny) == 1 with input as m with data.config.allowed_regions as ["eu-central-1"]
}

test_global_region_for_global_services_passes if {
	cf := fx.merged(fx.resource("aws_cloudfront_distribution.cdn", {}), {"provider": "aws.global"})
	waf := fx.merged(fx.resource("aws_wafv2_web_acl.edge", {"scope": "CLOUDFRONT"}), {"provider": "aws.global"})
	m := fx.model_with([cf, waf], {"providers": {"aws.global": _provider("aws.global", "us-east-1")}})
	count(rule.deny) == 0 with input as m
}

test_global_region_with_regional_resource_fails if {
	cf := fx.merged(fx.resource("aws_cloudfront_distribution.cdn", {}), {"provider": "aws.global"})
	b := fx.merged(_bucket, {"provider": "aws.global"})
	m := fx.model_with([cf, b], {"providers": {"aws.global": _provider("aws.global", "us-east-1")}})
	some f in rule.deny with input as m
	f.resource == "provider.aws.global"
}

test_unresolved_provider_region_unverifiable if {
	p := {"key": "aws", "name": "aws", "alias": null, "region": null, "region_unknown": true, "values": {"region": "${var.region}"}}
	m := fx.model_with([_bucket], {"providers": {"aws": p}})
	some f in rule.deny with input as m
	f.unverifiable == true
	contains(f.message, "no literal region")
}

test_resource_region_override_fails if {
	b := fx.resource("aws_s3_bucket.copy", {"region": "us-east-1"})
	some f in rule.deny with input as fx.model([b])
	f.resource == "aws_s3_bucket.copy"
}

test_resource_region_override_allowed_passes if {
	b := fx.resource("aws_s3_bucket.copy", {"region": "eu-central-1"})
	count(rule.deny) == 0 with input as fx.model([b])
}

test_global_resource_region_override_passes if {
	c := fx.resource("aws_acm_certificate.cdn", {"region": "us-east-1"})
	count(rule.deny) == 0 with input as fx.model([c])
}

test_resource_region_unknown_unverifiable if {
	b := fx.with_unknown(fx.resource("aws_s3_bucket.copy", {"region": "${var.r}"}), ["region"])
	some f in rule.deny with input as fx.model([b])
	f.unverifiable == true
}
