package crm.rules.iam.access_analyzer_test

import data.crm.lib.fixtures as fx
import data.crm.rules.iam.access_analyzer as rule

_bucket := fx.resource("aws_s3_bucket.b", {})

test_analyzer_in_region_passes if {
	count(rule.deny) == 0 with input as fx.model([_bucket, fx.resource("aws_accessanalyzer_analyzer.a", {"analyzer_name": "crm"})])
	count(rule.deny) == 0 with input as fx.model([_bucket, fx.resource("aws_accessanalyzer_analyzer.a", {"type": "ORGANIZATION"})])
}

test_missing_analyzer_fails if {
	some f in rule.deny with input as fx.model([_bucket])
	f.resource == "provider.aws"
	contains(f.message, "region eu-west-1")
}

test_unused_access_analyzer_does_not_count if {
	count(rule.deny) == 1 with input as fx.model([_bucket, fx.resource("aws_accessanalyzer_analyzer.a", {"type": "ACCOUNT_UNUSED_ACCESS"})])
}

test_other_region_not_covered if {
	dr := object.union(fx.resource("aws_s3_bucket.dr", {}), {"provider": "aws.dr", "region": "eu-central-1"})
	fs := rule.deny with input as fx.model([_bucket, dr, fx.resource("aws_accessanalyzer_analyzer.a", {})])
	{f.resource | some f in fs} == {"provider.aws.dr"}
}

test_external_baseline_not_applicable if {
	count(rule.deny) == 0 with input as fx.model([_bucket]) with data.config.account_baseline_external as true
}

test_unknowns_are_unverifiable if {
	a := fx.with_unknown(fx.resource("aws_accessanalyzer_analyzer.a", {"type": "${var.t}"}), ["type"])
	fs := rule.deny with input as fx.model([_bucket, a])
	count(fs) == 1
	some f in fs
	f.unverifiable == true
	b := object.union(_bucket, {"region": null})
	some f2 in rule.deny with input as fx.model([b])
	f2.resource == "provider.aws"
	f2.unverifiable == true
}
