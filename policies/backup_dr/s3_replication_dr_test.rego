package crm.rules.backup_dr.s3_replication_dr_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.s3_replication_dr as rule

_src := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files"})

_replica := fx.merged(fx.resource("aws_s3_bucket.replica", {"bucket": "crm-files-dr"}), {"region": "eu-central-1", "provider": "aws.dr"})

_dr_key := fx.merged(fx.resource("aws_kms_key.dr", {}), {"region": "eu-central-1", "provider": "aws.dr"})

_repl(rule_block) := fx.with_refs(
	fx.resource("aws_s3_bucket_replication_configuration.files", {"bucket": "${aws_s3_bucket.files.id}", "role": "arn:aws:iam::123456789012:role/r", "rule": [object.union({"id": "dr", "status": "Enabled", "filter": {}, "destination": {"bucket": "${aws_s3_bucket.replica.arn}"}}, rule_block)]}),
	{
		"bucket": ["aws_s3_bucket.files"], "rule.destination.bucket": ["aws_s3_bucket.replica"],
		"rule.destination.encryption_configuration.replica_kms_key_id": ["aws_kms_key.dr"],
	},
)

_sse := fx.with_refs(
	fx.resource("aws_s3_bucket_server_side_encryption_configuration.files", {"rule": [{"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms", "kms_master_key_id": "${aws_kms_key.k.arn}"}}]}),
	{"bucket": ["aws_s3_bucket.files"]},
)

_kms_rule := {
	"source_selection_criteria": {"sse_kms_encrypted_objects": {"status": "Enabled"}},
	"destination": {"bucket": "${aws_s3_bucket.replica.arn}", "encryption_configuration": {"replica_kms_key_id": "${aws_kms_key.dr.arn}"}},
}

test_replication_to_dr_passes if {
	count(rule.deny) == 0 with input as fx.model([_src, _replica, _repl({})])
}

test_no_replication_fails if {
	some f in rule.deny with input as fx.model([_src])
	f.resource == "aws_s3_bucket.files"
	contains(f.message, "has no replication")
}

test_internal_and_dr_buckets_exempt if {
	logs := fx.resource("aws_s3_bucket.logs", {"tags": {"DataClassification": "internal"}})
	count(rule.deny) == 0 with input as fx.model([logs, _replica])
}

test_same_region_destination_fails if {
	same := fx.resource("aws_s3_bucket.replica", {"bucket": "crm-files-copy"})
	some f in rule.deny with input as fx.model([_src, same, _repl({})])
	contains(f.message, "replicates to eu-west-1")
}

test_disabled_rule_fails if {
	some f in rule.deny with input as fx.model([_src, _replica, _repl({"status": "Disabled"})])
	contains(f.message, "`status = \"Disabled\"`")
}

test_filtered_rule_fails if {
	some f in rule.deny with input as fx.model([_src, _replica, _repl({"filter": {"prefix": "invoices/"}})])
	contains(f.message, "filters objects")
}

test_sse_kms_objects_skipped_fails if {
	some f in rule.deny with input as fx.model([_src, _sse, _replica, _repl({})])
	contains(f.message, "silently skipped")
	contains(f.message, "no customer-managed `replica_kms_key_id` (null)")
}

test_sse_kms_selected_with_replica_key_passes if {
	count(rule.deny) == 0 with input as fx.model([_src, _sse, _replica, _dr_key, _repl(_kms_rule)])
}

test_legacy_inline_replication_passes if {
	b := fx.with_refs(
		fx.resource("aws_s3_bucket.files", {"replication_configuration": {"role": "r", "rules": [{"id": "dr", "status": "Enabled", "destination": {"bucket": "${aws_s3_bucket.replica.arn}"}}]}}),
		{"replication_configuration.rules.destination.bucket": ["aws_s3_bucket.replica"]},
	)
	count(rule.deny) == 0 with input as fx.model([b, _replica])
}

test_legacy_inline_kms_selection_passes if {
	sse := {"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms"}}}
	rules := [{
		"status": "Enabled", "source_selection_criteria": {"sse_kms_encrypted_objects": {"enabled": true}},
		"destination": {"bucket": "${aws_s3_bucket.replica.arn}", "replica_kms_key_id": "arn:aws:kms:eu-central-1:123456789012:key/k"},
	}]
	b := fx.with_refs(
		fx.resource("aws_s3_bucket.files", {"server_side_encryption_configuration": sse, "replication_configuration": {"role": "r", "rules": rules}}),
		{"replication_configuration.rules.destination.bucket": ["aws_s3_bucket.replica"]},
	)
	count(rule.deny) == 0 with input as fx.model([b, _replica])
}

test_literal_destination_arn_unverifiable if {
	c := fx.with_refs(
		fx.resource("aws_s3_bucket_replication_configuration.files", {"rule": {"status": "Enabled", "destination": {"bucket": "arn:aws:s3:::crm-files-dr"}}}),
		{"bucket": ["aws_s3_bucket.files"]},
	)
	some f in rule.deny with input as fx.model([_src, c])
	f.unverifiable == true
}

test_unknown_status_unverifiable if {
	some f in rule.deny with input as fx.model([_src, _replica, _repl({"status": "${var.status}"})])
	f.unverifiable == true
}

test_unknown_source_region_named if {
	some f in rule.deny with input as fx.model([fx.merged(_src, {"region": null})])
	contains(f.message, "exist only in one region")
}
