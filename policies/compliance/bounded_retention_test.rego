package crm.rules.compliance.bounded_retention_test

import data.crm.lib.fixtures as fx
import data.crm.rules.compliance.bounded_retention as rule

test_bounded_log_group_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_cloudwatch_log_group.app", {"retention_in_days": 365})])
}

test_never_expiring_log_group_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_cloudwatch_log_group.app", {})])
	contains(f.message, "keeps log events forever (`retention_in_days` absent)")
}

test_zero_retention_fails if {
	count(rule.deny) == 1 with input as fx.model([fx.resource("aws_cloudwatch_log_group.app", {"retention_in_days": 0})])
}

test_too_long_retention_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_cloudwatch_log_group.app", {"retention_in_days": 3653})])
	contains(f.message, "above max_log_retention_days 2557")
}

test_unknown_retention_unverifiable if {
	g := fx.with_unknown(fx.resource("aws_cloudwatch_log_group.app", {"retention_in_days": "${var.days}"}), ["retention_in_days"])
	some f in rule.deny with input as fx.model([g])
	f.unverifiable == true
}

_logs := fx.resource("aws_s3_bucket.logs", {"bucket": "crm-logs", "tags": {"Purpose": "logs"}})

_lifecycle(rule_block) := fx.with_refs(
	fx.resource("aws_s3_bucket_lifecycle_configuration.logs", {"bucket": "${aws_s3_bucket.logs.id}", "rule": [object.union({"id": "expire", "status": "Enabled"}, rule_block)]}),
	{"bucket": ["aws_s3_bucket.logs"]},
)

test_log_bucket_with_expiration_passes if {
	count(rule.deny) == 0 with input as fx.model([_logs, _lifecycle({"expiration": {"days": 400}})])
}

test_log_bucket_without_lifecycle_fails if {
	some f in rule.deny with input as fx.model([_logs])
	f.resource == "aws_s3_bucket.logs"
	contains(f.message, "`expiration.days`: []")
}

test_disabled_rule_does_not_count if {
	count(rule.deny) == 1 with input as fx.model([_logs, _lifecycle({"status": "Disabled", "expiration": {"days": 400}})])
}

test_expiration_beyond_max_fails if {
	count(rule.deny) == 1 with input as fx.model([_logs, _lifecycle({"expiration": {"days": 4000}})])
}

test_versioned_bucket_needs_noncurrent_expiration if {
	v := fx.with_refs(fx.resource("aws_s3_bucket_versioning.logs", {"versioning_configuration": {"status": "Enabled"}}), {"bucket": ["aws_s3_bucket.logs"]})
	some f in rule.deny with input as fx.model([_logs, v, _lifecycle({"expiration": {"days": 400}})])
	contains(f.message, "noncurrent versions")
	count(rule.deny) == 0 with input as fx.model([_logs, v, _lifecycle({"expiration": {"days": 400}, "noncurrent_version_expiration": {"noncurrent_days": 30}})])
}

test_legacy_lifecycle_rule_passes if {
	b := fx.resource("aws_s3_bucket.logs", {"tags": {"Purpose": "audit"}, "versioning": {"enabled": true}, "lifecycle_rule": [{"enabled": true, "expiration": {"days": 400}, "noncurrent_version_expiration": {"days": 30}}]})
	count(rule.deny) == 0 with input as fx.model([b])
}

test_access_log_target_in_scope if {
	data_bucket := fx.with_refs(fx.resource("aws_s3_bucket_logging.files", {"target_bucket": "${aws_s3_bucket.al.id}"}), {"bucket": ["aws_s3_bucket.files"], "target_bucket": ["aws_s3_bucket.al"]})
	al := fx.resource("aws_s3_bucket.al", {})
	some f in rule.deny with input as fx.model([fx.resource("aws_s3_bucket.files", {}), al, data_bucket])
	f.resource == "aws_s3_bucket.al"
}

test_targets_by_reference_and_name_in_scope if {
	trail := fx.resource("aws_cloudtrail.t", {"s3_bucket_name": "crm-trail"})
	tb := fx.resource("aws_s3_bucket.trail", {"bucket": "crm-trail"})
	lb := fx.with_refs(fx.resource("aws_lb.web", {"access_logs": {"bucket": "${aws_s3_bucket.lb.id}"}}), {"access_logs.bucket": ["aws_s3_bucket.lb"]})
	lbb := fx.resource("aws_s3_bucket.lb", {})
	lb2 := fx.resource("aws_alb.web2", {"access_logs": [{"bucket": "crm-lb2"}]})
	lbb2 := fx.resource("aws_s3_bucket.lb2", {"bucket": "crm-lb2"})
	fl := fx.with_refs(fx.resource("aws_flow_log.vpc", {"log_destination": "${aws_s3_bucket.flow.arn}"}), {"log_destination": ["aws_s3_bucket.flow"]})
	flb := fx.resource("aws_s3_bucket.flow", {})
	exp := fx.with_refs(fx.resource("aws_rds_export_task.e", {"s3_bucket_name": "${aws_s3_bucket.exp.id}"}), {"s3_bucket_name": ["aws_s3_bucket.exp"]})
	expb := fx.resource("aws_s3_bucket.exp", {})
	fs := rule.deny with input as fx.model([trail, tb, lb, lbb, lb2, lbb2, fl, flb, exp, expb])
	{f.resource | some f in fs} == {"aws_s3_bucket.trail", "aws_s3_bucket.lb", "aws_s3_bucket.lb2", "aws_s3_bucket.flow", "aws_s3_bucket.exp"}
}

test_data_bucket_out_of_scope if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_s3_bucket.files", {})])
}

test_unknown_expiration_unverifiable if {
	some f in rule.deny with input as fx.model([_logs, _lifecycle({"expiration": {"days": "${var.days}"}})])
	f.unverifiable == true
}
