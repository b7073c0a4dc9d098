package crm.rules.compliance.macie_coverage_test

import data.crm.lib.fixtures as fx
import data.crm.rules.compliance.macie_coverage as rule

_bucket := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files", "tags": {"DataClassification": "confidential"}})

_macie := fx.resource("aws_macie2_account.main", {})

_job := fx.with_refs(
	fx.resource("aws_macie2_classification_job.crm", {"job_type": "SCHEDULED", "s3_job_definition": {"bucket_definitions": [{"account_id": "123456789012", "buckets": ["${aws_s3_bucket.files.bucket}"]}]}}),
	{"s3_job_definition.bucket_definitions.buckets": ["aws_s3_bucket.files"]},
)

test_covered_bucket_passes if {
	count(rule.deny) == 0 with input as fx.model([_bucket, _macie, _job])
}

test_literal_bucket_name_covers if {
	j := fx.resource("aws_macie2_classification_job.crm", {"s3_job_definition": {"bucket_definitions": {"buckets": ["crm-files"]}}})
	count(rule.deny) == 0 with input as fx.model([_bucket, _macie, j])
}

test_missing_account_fails if {
	some f in rule.deny with input as fx.model([_bucket, _job])
	f.resource == "provider.aws"
	contains(f.message, "no enabled aws_macie2_account")
}

test_paused_account_fails if {
	count(rule.deny) == 1 with input as fx.model([_bucket, fx.resource("aws_macie2_account.main", {"status": "PAUSED"}), _job])
}

test_uncovered_bucket_fails if {
	some f in rule.deny with input as fx.model([_bucket, _macie])
	f.resource == "aws_s3_bucket.files"
	contains(f.message, "holds confidential data")
}

test_internal_and_dr_buckets_out_of_scope if {
	logs := fx.resource("aws_s3_bucket.logs", {"tags": {"DataClassification": "internal"}})
	replica := fx.merged(fx.resource("aws_s3_bucket.replica", {"tags": {"DataClassification": "restricted"}}), {"region": "eu-central-1"})
	count(rule.deny) == 0 with input as fx.model([logs, replica])
}

test_criteria_job_unverifiable if {
	j := fx.resource("aws_macie2_classification_job.crm", {"s3_job_definition": {"bucket_criteria": {"includes": {}}}})
	some f in rule.deny with input as fx.model([_bucket, _macie, j])
	f.unverifiable == true
}

test_external_baseline_not_applicable if {
	count(rule.deny) == 0 with input as fx.model([_bucket]) with data.config.account_baseline_external as true
}
