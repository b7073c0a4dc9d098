package crm.rules.encryption.s3_bucket_cmk_test

import data.crm.lib.fixtures as fx
import data.crm.rules.encryption.s3_bucket_cmk as rule

_bucket := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files"})

_sse(d) := fx.with_refs(
	fx.resource("aws_s3_bucket_server_side_encryption_configuration.files", {"bucket": "${aws_s3_bucket.files.id}", "rule": [{"apply_server_side_encryption_by_default": d, "bucket_key_enabled": true}]}),
	{"bucket": ["aws_s3_bucket.files"], "rule.apply_server_side_encryption_by_default.kms_master_key_id": ["aws_kms_key.k"]},
)

_cmk := {"sse_algorithm": "aws:kms", "kms_master_key_id": "${aws_kms_key.k.arn}"}

test_split_cmk_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, _bucket, _sse(_cmk)])
}

test_no_configuration_fails if {
	some f in rule.deny with input as fx.model([_bucket])
	f.resource == "aws_s3_bucket.files"
	contains(f.message, "no default encryption configuration")
}

test_aes256_fails if {
	some f in rule.deny with input as fx.model([_bucket, _sse({"sse_algorithm": "AES256"})])
	contains(f.message, "`sse_algorithm = \"AES256\"`")
}

test_kms_without_cmk_fails if {
	some f in rule.deny with input as fx.model([_bucket, _sse({"sse_algorithm": "aws:kms"})])
	contains(f.message, "`kms_master_key_id` absent")
	some f2 in rule.deny with input as fx.model([_bucket, _sse({"sse_algorithm": "aws:kms", "kms_master_key_id": "alias/aws/s3"})])
	contains(f2.message, "alias/aws/s3")
}

test_legacy_inline_cmk_passes if {
	b := fx.with_refs(
		fx.resource("aws_s3_bucket.files", {"bucket": "crm-files", "server_side_encryption_configuration": {"rule": {"apply_server_side_encryption_by_default": _cmk}}}),
		{"server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.kms_master_key_id": ["aws_kms_key.k"]},
	)
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, b])
}

test_split_wins_over_legacy if {
	b := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files", "server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "AES256"}]}]}]})
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, b, _sse(_cmk)])
	b2 := fx.with_refs(
		fx.resource("aws_s3_bucket.files", {"bucket": "crm-files", "server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [_cmk]}]}]}),
		{"server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.kms_master_key_id": ["aws_kms_key.k"]},
	)
	some f in rule.deny with input as fx.model([fx.kms_key, b2, _sse({"sse_algorithm": "AES256"})])
	contains(f.message, "by `aws_s3_bucket_server_side_encryption_configuration.files`")
	b3 := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files", "server_side_encryption_configuration": {"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}}})
	some f3 in rule.deny with input as fx.model([b3])
	contains(f3.message, "by its legacy inline `server_side_encryption_configuration`")
}

test_access_log_target_may_use_aes256 if {
	logs := fx.resource("aws_s3_bucket.logs", {"bucket": "crm-logs"})
	sse := fx.with_refs(fx.resource("aws_s3_bucket_server_side_encryption_configuration.logs", {"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}}), {"bucket": ["aws_s3_bucket.logs"]})
	lg := fx.with_refs(fx.resource("aws_s3_bucket_logging.files", {}), {"bucket": ["aws_s3_bucket.files"], "target_bucket": ["aws_s3_bucket.logs"]})
	{f.resource | some f in rule.deny} == {"aws_s3_bucket.files"} with input as fx.model([_bucket, logs, sse, lg])
}

test_lb_log_target_by_reference_and_name if {
	logs := fx.resource("aws_s3_bucket.logs", {"bucket": "crm-lb-logs"})
	sse := fx.with_refs(fx.resource("aws_s3_bucket_server_side_encryption_configuration.logs", {"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}}), {"bucket": ["aws_s3_bucket.logs"]})
	by_ref := fx.with_refs(fx.resource("aws_lb.web", {"access_logs": {"bucket": "${aws_s3_bucket.logs.id}", "enabled": true}}), {"access_logs.bucket": ["aws_s3_bucket.logs"]})
	count(rule.deny) == 0 with input as fx.model([logs, sse, by_ref])
	by_name := fx.resource("aws_alb.web", {"access_logs": [{"bucket": "crm-lb-logs"}]})
	count(rule.deny) == 0 with input as fx.model([logs, sse, by_name])
}

test_unknown_algorithm_or_key_is_unverifiable if {
	s := fx.with_unknown(_sse({"sse_algorithm": "${var.alg}"}), ["rule.apply_server_side_encryption_by_default.sse_algorithm"])
	some f in rule.deny with input as fx.model([_bucket, s])
	f.unverifiable == true
	s2 := fx.with_unknown(_sse({"sse_algorithm": "aws:kms", "kms_master_key_id": "${var.key}"}), ["rule.apply_server_side_encryption_by_default.kms_master_key_id"])
	some f2 in rule.deny with input as fx.model([_bucket, s2])
	f2.unverifiable == true
	contains(f2.message, "cannot be proven")
}

test_unresolved_companion_makes_the_bucket_unverifiable if {
	loose := fx.with_unknown(fx.resource("aws_s3_bucket_server_side_encryption_configuration.other", {"bucket": "${var.bucket_name}"}), ["bucket"])
	fs := {f | some f in rule.deny; f.resource == _bucket.address} with input as fx.model([_bucket, loose])
	count(fs) == 1
	every f in fs {
		f.unverifiable == true
	}
}
