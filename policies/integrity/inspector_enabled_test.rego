package crm.rules.integrity.inspector_enabled_test

import data.crm.lib.fixtures as fx
import data.crm.rules.integrity.inspector_enabled as rule

_bucket := fx.resource("aws_s3_bucket.files", {})

_enabler(types) := fx.resource("aws_inspector2_enabler.main", {"account_ids": ["123456789012"], "resource_types": types})

test_enabler_with_all_types_passes if {
	count(rule.deny) == 0 with input as fx.model([_bucket, _enabler(["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"])])
}

test_missing_enabler_fails if {
	some f in rule.deny with input as fx.model([_bucket])
	f.resource == "provider.aws"
	contains(f.message, "scans EC2, ECR, LAMBDA there")
}

test_partial_types_fail if {
	some f in rule.deny with input as fx.model([_bucket, _enabler(["EC2"])])
	contains(f.message, "scans ECR, LAMBDA there (`resource_types` covered: EC2)")
}

test_enabler_in_other_region_does_not_count if {
	e := fx.merged(_enabler(["EC2", "ECR", "LAMBDA"]), {"region": "eu-central-1"})
	count(rule.deny) == 1 with input as fx.model([_bucket, e])
}

test_external_account_baseline_not_applicable if {
	count(rule.deny) == 0 with input as fx.model([_bucket]) with data.config.account_baseline_external as true
}

test_unknown_types_unverifiable if {
	e := fx.with_unknown(fx.resource("aws_inspector2_enabler.main", {"resource_types": "${var.types}"}), ["resource_types"])
	some f in rule.deny with input as fx.model([_bucket, e])
	f.unverifiable == true
}

test_unknown_provider_region_unverifiable if {
	b := fx.merged(_bucket, {"region": null})
	some f in rule.deny with input as fx.model([b])
	f.unverifiable == true
	f.resource == "provider.aws"
}
