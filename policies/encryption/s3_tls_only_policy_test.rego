package crm.rules.encryption.s3_tls_only_policy_test

import data.crm.lib.fixtures as fx
import data.crm.rules.encryption.s3_tls_only_policy as rule

_bucket := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files"})

_deny(resources, condition) := {
	"Sid": "TLSOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
	"Resource": resources, "Condition": condition,
}

_insecure := {"Bool": {"aws:SecureTransport": "false"}}

_refs := ["${aws_s3_bucket.files.arn}", "${aws_s3_bucket.files.arn}/*"]

_policy(statements) := fx.with_refs(
	fx.resource("aws_s3_bucket_policy.files", {"bucket": "${aws_s3_bucket.files.id}", "policy": json.marshal({"Version": "2012-10-17", "Statement": statements})}),
	{"bucket": ["aws_s3_bucket.files"], "policy": ["aws_s3_bucket.files"]},
)

test_deny_insecure_with_references_passes if {
	count(rule.deny) == 0 with input as fx.model([_bucket, _policy([_deny(_refs, _insecure)])])
}

test_literal_arns_and_partition_pass if {
	count(rule.deny) == 0 with input as fx.model([_bucket, _policy([_deny(["arn:aws:s3:::crm-files", "arn:aws:s3:::crm-files/*"], {"BoolIfExists": {"aws:SecureTransport": false}})])])
	part := ["arn:${data.aws_partition.p.partition}:s3:::${aws_s3_bucket.files.id}", "arn:${data.aws_partition.p.partition}:s3:::${aws_s3_bucket.files.id}/*"]
	count(rule.deny) == 0 with input as fx.model([_bucket, _policy([_deny(part, _insecure)])])
}

test_wildcard_resource_passes if {
	count(rule.deny) == 0 with input as fx.model([_bucket, _policy([_deny(["arn:aws:s3:::crm-*"], _insecure)])])
}

test_no_policy_fails if {
	some f in rule.deny with input as fx.model([_bucket])
	f.resource == "aws_s3_bucket.files"
	contains(f.message, "no bucket policy")
}

test_missing_object_arn_fails if {
	some f in rule.deny with input as fx.model([_bucket, _policy([_deny(["${aws_s3_bucket.files.arn}"], _insecure)])])
	contains(f.message, "`aws_s3_bucket_policy.files`")
}

test_allow_secure_transport_true_fails if {
	allow := {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": _refs, "Condition": {"Bool": {"aws:SecureTransport": "true"}}}
	count(rule.deny) == 1 with input as fx.model([_bucket, _policy([allow])])
}

test_narrow_action_fails if {
	count(rule.deny) == 1 with input as fx.model([_bucket, _policy([object.union(_deny(_refs, _insecure), {"Action": "s3:GetObject"})])])
}

test_legacy_inline_policy if {
	b := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files", "policy": json.marshal({"Statement": [_deny(["arn:aws:s3:::crm-files", "arn:aws:s3:::crm-files/*"], _insecure)]})})
	count(rule.deny) == 0 with input as fx.model([b])
	bad := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files", "policy": json.marshal({"Statement": []})})
	count(rule.deny) == 1 with input as fx.model([bad])
}

test_data_source_policy if {
	ds := object.union(
		fx.resource("data.aws_iam_policy_document.tls", {"statement": [{
			"effect": "Deny", "actions": ["s3:*"], "resources": _refs,
			"principals": [{"type": "*", "identifiers": ["*"]}],
			"condition": [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}],
		}]}),
		{"type": "data.aws_iam_policy_document", "mode": "data"},
	)
	p := fx.with_refs(fx.resource("aws_s3_bucket_policy.files", {"bucket": "${aws_s3_bucket.files.id}", "policy": "${data.aws_iam_policy_document.tls.json}"}), {"bucket": ["aws_s3_bucket.files"], "policy": ["data.aws_iam_policy_document.tls"]})
	count(rule.deny) == 0 with input as fx.model([_bucket, ds, p])
}

test_unknown_policy_is_unverifiable if {
	p := fx.with_unknown(fx.with_refs(fx.resource("aws_s3_bucket_policy.files", {"bucket": "${aws_s3_bucket.files.id}", "policy": "${jsonencode(local.p)}"}), {"bucket": ["aws_s3_bucket.files"]}), ["policy"])
	some f in rule.deny with input as fx.model([_bucket, p])
	f.unverifiable == true
}

test_unknown_resources_are_unverifiable if {
	some f in rule.deny with input as fx.model([_bucket, _policy([_deny(["${var.arns}"], _insecure)])])
	f.unverifiable == true
}

test_bucket_prefix_bucket_by_reference if {
	b := fx.resource("aws_s3_bucket.files", {"bucket_prefix": "crm-files-"})
	count(rule.deny) == 0 with input as fx.model([b, _policy([_deny(_refs, _insecure)])])
}

test_deny_narrowed_by_extra_condition_fails if {
	narrowed := {"Bool": {"aws:SecureTransport": "false"}, "StringEquals": {"aws:PrincipalAccount": "111122223333"}}
	some f in rule.deny with input as fx.model([_bucket, _policy([_deny(_refs, narrowed)])])
	contains(f.message, "without a Deny of `s3:*`")
}

test_unresolved_companion_makes_the_bucket_unverifiable if {
	loose := fx.with_unknown(fx.resource("aws_s3_bucket_policy.other", {"bucket": "${var.bucket_name}"}), ["bucket"])
	fs := {f | some f in rule.deny; f.resource == _bucket.address} with input as fx.model([_bucket, loose])
	count(fs) == 1
	every f in fs {
		f.unverifiable == true
	}
}
