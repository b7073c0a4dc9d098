package crm.rules.network.guardduty_enabled_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.guardduty_enabled as rule

_bucket := fx.resource("aws_s3_bucket.b", {})

_detector(values) := fx.resource("aws_guardduty_detector.gd", values)

_dr(r) := object.union(r, {"provider": "aws.dr", "region": "eu-central-1"})

_providers := {"providers": {
	"aws": {"key": "aws", "name": "aws", "alias": null, "region": "eu-west-1", "region_unknown": false, "values": {}},
	"aws.dr": {"key": "aws.dr", "name": "aws", "alias": "dr", "region": "eu-central-1", "region_unknown": false, "values": {}},
}}

test_detector_in_region_passes if {
	count(rule.deny) == 0 with input as fx.model([_bucket, _detector({})])
}

test_missing_detector_fails if {
	some f in rule.deny with input as fx.model([_bucket])
	f.resource == "provider.aws"
	contains(f.message, "region eu-west-1 hosts resources")
}

test_no_regional_resources_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_iam_role.r", {})])
}

test_global_waf_does_not_need_detector if {
	waf := fx.resource("aws_wafv2_web_acl.cf", {"scope": "CLOUDFRONT"})
	count(rule.deny) == 0 with input as fx.model([waf])
}

test_dr_region_needs_own_detector if {
	m := fx.model_with([_bucket, _detector({}), _dr(fx.resource("aws_s3_bucket.replica", {}))], _providers)
	some f in rule.deny with input as m
	f.resource == "provider.aws.dr"
	contains(f.message, "eu-central-1")
}

test_both_regions_covered_pass if {
	m := fx.model_with([_bucket, _detector({}), _dr(fx.resource("aws_s3_bucket.replica", {})), _dr(fx.resource("aws_guardduty_detector.dr", {"enable": true}))], _providers)
	count(rule.deny) == 0 with input as m
}

test_disabled_detector_fails_twice if {
	fs := rule.deny with input as fx.model([_bucket, _detector({"enable": false})])
	count(fs) == 2
	some f in fs
	f.resource == "aws_guardduty_detector.gd"
}

test_org_configuration_counts if {
	c := fx.resource("aws_guardduty_organization_configuration.org", {"auto_enable_organization_members": "ALL"})
	count(rule.deny) == 0 with input as fx.model([_bucket, c])
}

test_unknown_enable_unverifiable if {
	d := fx.with_unknown(_detector({"enable": "${var.gd}"}), ["enable"])
	fs := rule.deny with input as fx.model([_bucket, d])
	count(fs) == 1
	some f in fs
	f.unverifiable == true
}

test_external_baseline_not_applicable if {
	count(rule.deny) == 0 with input as fx.model([_bucket]) with data.config.account_baseline_external as true
}

test_unknown_provider_region_unverifiable if {
	b := object.union(_bucket, {"region": null})
	some f in rule.deny with input as fx.model([b])
	f.unverifiable == true
	f.resource == "provider.aws"
}
