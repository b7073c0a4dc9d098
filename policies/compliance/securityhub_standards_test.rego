package crm.rules.compliance.securityhub_standards_test

import data.crm.lib.fixtures as fx
import data.crm.rules.compliance.securityhub_standards as rule

_bucket := fx.resource("aws_s3_bucket.files", {})

_hub(values) := fx.resource("aws_securityhub_account.hub", values)

_sub(name, arn) := fx.resource(concat(".", ["aws_securityhub_standards_subscription", name]), {"standards_arn": arn})

_cis := _sub("cis", "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0")

_fsbp := _sub("fsbp", "arn:aws:securityhub:${data.aws_region.current.region}::standards/aws-foundational-security-best-practices/v/1.0.0")

test_hub_with_both_standards_passes if {
	count(rule.deny) == 0 with input as fx.model([_bucket, _hub({"enable_default_standards": false}), _cis, _fsbp])
}

test_default_standards_give_fsbp if {
	count(rule.deny) == 0 with input as fx.model([_bucket, _hub({}), _cis])
}

test_missing_hub_fails if {
	some f in rule.deny with input as fx.model([_bucket])
	f.resource == "provider.aws"
	contains(f.message, "an aws_securityhub_account")
	contains(f.message, "the CIS AWS Foundations")
}

test_missing_cis_fails if {
	some f in rule.deny with input as fx.model([_bucket, _hub({})])
	contains(f.message, "lacks the CIS AWS Foundations v3.0.0/v5.0.0 standard")
}

test_fsbp_off_without_subscription_fails if {
	some f in rule.deny with input as fx.model([_bucket, _hub({"enable_default_standards": false}), _cis])
	contains(f.message, "lacks the FSBP standard")
}

test_cis_v5_accepted if {
	cis5 := _sub("cis", "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0")
	count(rule.deny) == 0 with input as fx.model([_bucket, _hub({}), cis5])
}

test_old_cis_ruleset_not_accepted if {
	old := _sub("cis", "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0")
	count(rule.deny) == 1 with input as fx.model([_bucket, _hub({}), old])
}

test_external_not_applicable if {
	count(rule.deny) == 0 with input as fx.model([_bucket]) with data.config.account_baseline_external as true
}

test_unknown_arn_unverifiable if {
	some f in rule.deny with input as fx.model([_bucket, _hub({}), _sub("x", "${var.standard}")])
	f.unverifiable == true
}

test_unknown_provider_region_unverifiable if {
	some f in rule.deny with input as fx.model([fx.merged(_bucket, {"region": null})])
	f.unverifiable == true
}
