package crm.rules.backup_dr.s3_object_lock_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.s3_object_lock as rule

_audit(values) := fx.resource("aws_s3_bucket.audit", object.union({"bucket": "crm-audit", "tags": {"Purpose": "audit"}}, values))

_lock(retention) := fx.with_refs(
	fx.resource("aws_s3_bucket_object_lock_configuration.audit", {"bucket": "${aws_s3_bucket.audit.id}", "rule": {"default_retention": retention}}),
	{"bucket": ["aws_s3_bucket.audit"]},
)

test_compliance_lock_passes if {
	count(rule.deny) == 0 with input as fx.model([_audit({"object_lock_enabled": true}), _lock({"mode": "COMPLIANCE", "days": 35})])
}

test_governance_lock_in_years_passes if {
	count(rule.deny) == 0 with input as fx.model([_audit({"object_lock_enabled": true}), _lock({"mode": "GOVERNANCE", "years": 1})])
}

test_no_lock_fails if {
	some f in rule.deny with input as fx.model([_audit({})])
	f.resource == "aws_s3_bucket.audit"
	contains(f.message, "tagged `Purpose = audit`")
	contains(f.message, "`object_lock_enabled` absent")
}

test_lock_without_default_retention_fails if {
	some f in rule.deny with input as fx.model([_audit({"object_lock_enabled": true})])
	contains(f.message, "without a `rule.default_retention`")
}

test_short_retention_fails if {
	some f in rule.deny with input as fx.model([_audit({"object_lock_enabled": true}), _lock({"mode": "COMPLIANCE", "days": 7})])
	f.resource == "aws_s3_bucket_object_lock_configuration.audit"
	contains(f.message, "at least 35 days")
}

test_untagged_bucket_out_of_scope if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_s3_bucket.files", {})])
}

test_cloudtrail_target_by_reference_in_scope if {
	b := fx.resource("aws_s3_bucket.trail", {"bucket": "crm-trail"})
	t := fx.with_refs(fx.resource("aws_cloudtrail.main", {"s3_bucket_name": "${aws_s3_bucket.trail.id}"}), {"s3_bucket_name": ["aws_s3_bucket.trail"]})
	some f in rule.deny with input as fx.model([b, t])
	f.resource == "aws_s3_bucket.trail"
	contains(f.message, "the `s3_bucket_name` of `aws_cloudtrail.main`")
}

test_config_target_by_literal_name_in_scope if {
	b := fx.resource("aws_s3_bucket.cfg", {"bucket": "crm-config"})
	c := fx.resource("aws_config_delivery_channel.main", {"s3_bucket_name": "crm-config"})
	count(rule.deny) == 1 with input as fx.model([b, c])
}

test_legacy_inline_lock_passes if {
	b := _audit({"object_lock_configuration": {"object_lock_enabled": "Enabled", "rule": {"default_retention": {"mode": "COMPLIANCE", "days": 90}}}})
	count(rule.deny) == 0 with input as fx.model([b])
}

test_legacy_inline_without_retention_fails if {
	b := _audit({"object_lock_configuration": {"object_lock_enabled": "Enabled"}})
	count(rule.deny) == 1 with input as fx.model([b])
}

test_default_tag_purpose_in_scope if {
	b := fx.resource("aws_s3_bucket.backup", {})
	providers := {"aws": {"key": "aws", "name": "aws", "alias": null, "region": "eu-west-1", "region_unknown": false, "values": {"default_tags": {"tags": {"Purpose": "Backup"}}}}}
	count(rule.deny) == 1 with input as fx.model_with([b], {"providers": providers})
}

test_unknown_retention_unverifiable if {
	l := fx.with_unknown(_lock({"mode": "COMPLIANCE", "days": "${var.days}"}), ["rule.default_retention.days"])
	some f in rule.deny with input as fx.model([_audit({}), l])
	f.unverifiable == true
}

test_unknown_enabled_unverifiable if {
	b := fx.with_unknown(_audit({"object_lock_enabled": "${var.lock}"}), ["object_lock_enabled"])
	some f in rule.deny with input as fx.model([b])
	f.unverifiable == true
}
