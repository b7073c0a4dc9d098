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

test_literal_arn_outside_list_fails if {
	v := fx.resource("aws_backup_vault.crm", {"kms_key_arn": "arn:aws:kms:us-east-1:123456789012:key/abc"})
	some f in rule.deny with input as fx.model([v])
	f.resource == "aws_backup_vault.crm"
	contains(f.message, "`kms_key_arn` to an ARN in region us-east-1")
}

test_nested_literal_arn_outside_list_fails if {
	p := fx.resource("aws_backup_plan.p", {"rule": [{"copy_action": [{"destination_vault_arn": "arn:aws:backup:us-west-2:123456789012:backup-vault:x"}]}]})
	some f in rule.deny with input as fx.model([p])
	contains(f.message, "`rule.copy_action.destination_vault_arn`")
}

test_literal_arn_inside_list_and_regionless_pass if {
	v := fx.resource("aws_backup_vault.crm", {"kms_key_arn": "arn:aws:kms:eu-west-1:123456789012:key/abc", "role": "arn:aws:iam::123456789012:role/x", "wild": "arn:aws:s3:*:123456789012:x"})
	count(rule.deny) == 0 with input as fx.model([v])
}

test_global_service_arns_exempt if {
	lst := fx.resource("aws_cloudfront_distribution.cdn", {"viewer_certificate": {"acm_certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/abc"}})
	acl := fx.resource("aws_lb_listener.l", {"certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/abc", "waf": "arn:aws:wafv2:us-east-1:123456789012:global/webacl/x/1"})
	count(rule.deny) == 0 with input as fx.model([lst, acl])
}
