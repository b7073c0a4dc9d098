package crm.rules.logging.s3_access_logging_test

import data.crm.lib.fixtures as fx
import data.crm.rules.logging.s3_access_logging as rule

_files := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files"})

_logs := fx.resource("aws_s3_bucket.logs", {"bucket": "crm-logs"})

_logging(target) := fx.with_refs(fx.resource("aws_s3_bucket_logging.files", {"target_bucket": "${aws_s3_bucket.logs.id}"}), {"bucket": ["aws_s3_bucket.files"], "target_bucket": [target]})

test_split_logging_passes if {
	count(rule.deny) == 0 with input as fx.model([_files, _logs, _logging("aws_s3_bucket.logs")])
}

test_missing_logging_fails if {
	some f in rule.deny with input as fx.model([_files])
	f.resource == "aws_s3_bucket.files"
	contains(f.message, "has no server access logging")
}

test_log_target_exempt if {
	fs := rule.deny with input as fx.model([_files, _logs, _logging("aws_s3_bucket.logs")])
	count(fs) == 0
}

test_legacy_inline_logging_passes if {
	b := fx.with_refs(fx.resource("aws_s3_bucket.files", {"logging": [{"target_bucket": "${aws_s3_bucket.logs.id}"}]}), {"logging.target_bucket": ["aws_s3_bucket.logs"]})
	count(rule.deny) == 0 with input as fx.model([b, _logs])
}

test_self_target_fails if {
	l := fx.with_refs(fx.resource("aws_s3_bucket_logging.files", {}), {"bucket": ["aws_s3_bucket.files"], "target_bucket": ["aws_s3_bucket.files"]})
	some f in rule.deny with input as fx.model([_files, l])
	contains(f.message, "into itself")
}

test_self_target_by_literal_name_fails if {
	b := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files", "logging": {"target_bucket": "crm-files"}})
	count(rule.deny) == 1 with input as fx.model([b])
}

test_cross_region_target_fails if {
	logs := object.union(_logs, {"region": "eu-central-1"})
	some f in rule.deny with input as fx.model([_files, logs, _logging("aws_s3_bucket.logs")])
	contains(f.message, "in eu-central-1")
}

test_unresolved_companion_makes_the_bucket_unverifiable if {
	loose := fx.with_unknown(fx.resource("aws_s3_bucket_logging.other", {"bucket": "${var.bucket_name}"}), ["bucket"])
	fs := {f | some f in rule.deny; f.resource == _files.address} with input as fx.model([_files, loose])
	count(fs) == 1
	every f in fs {
		f.unverifiable == true
	}
}
