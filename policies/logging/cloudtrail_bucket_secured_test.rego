package crm.rules.logging.cloudtrail_bucket_secured_test

import data.crm.lib.fixtures as fx
import data.crm.rules.logging.cloudtrail_bucket_secured as rule

_audit(values) := fx.resource("aws_s3_bucket.audit", object.union({"bucket": "crm-audit"}, values))

_trail := fx.with_refs(fx.resource("aws_cloudtrail.t", {"s3_bucket_name": "${aws_s3_bucket.audit.id}"}), {"s3_bucket_name": ["aws_s3_bucket.audit"]})

_bound(address, values) := fx.with_refs(fx.resource(address, values), {"bucket": ["aws_s3_bucket.audit"]})

_logging := fx.with_refs(fx.resource("aws_s3_bucket_logging.audit", {"target_bucket": "${aws_s3_bucket.logs.id}"}), {"bucket": ["aws_s3_bucket.audit"], "target_bucket": ["aws_s3_bucket.logs"]})

_pab(flag) := _bound("aws_s3_bucket_public_access_block.audit", {"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": flag})

_ownership := _bound("aws_s3_bucket_ownership_controls.audit", {"rule": {"object_ownership": "BucketOwnerEnforced"}})

_versioning(status) := _bound("aws_s3_bucket_versioning.audit", {"versioning_configuration": {"status": status}})

_secured := [_audit({}), _logging, _pab(true), _ownership, _versioning("Enabled")]

test_secured_bucket_passes if {
	count(rule.deny) == 0 with input as fx.model(array.concat(_secured, [_trail]))
}

test_bare_bucket_fails_every_gap if {
	fs := rule.deny with input as fx.model([_audit({}), _trail])
	count(fs) == 4
	every f in fs {
		f.resource == "aws_s3_bucket.audit"
	}
}

test_literal_bucket_name_binds if {
	t := fx.resource("aws_cloudtrail.t", {"s3_bucket_name": "crm-audit"})
	count(rule.deny) == 4 with input as fx.model([_audit({}), t])
}

test_missing_logging_fails if {
	some f in rule.deny with input as fx.model([_audit({}), _pab(true), _ownership, _versioning("Enabled"), _trail])
	contains(f.message, "no server access logging")
}

test_legacy_inline_logging_and_versioning_pass if {
	b := _audit({"logging": [{"target_bucket": "crm-logs"}], "versioning": {"enabled": true}})
	count(rule.deny) == 0 with input as fx.model([b, _pab(true), _ownership, _trail])
}

test_incomplete_public_access_block_fails if {
	some f in rule.deny with input as fx.model([_audit({}), _logging, _pab(false), _ownership, _versioning("Enabled"), _trail])
	contains(f.message, "no public access block with all four flags true")
}

test_public_acl_fails if {
	acl := _bound("aws_s3_bucket_acl.audit", {"acl": "public-read"})
	some f in rule.deny with input as fx.model(array.concat(_secured, [acl, _trail]))
	contains(f.message, "a public canned ACL")
}

test_legacy_public_acl_fails if {
	count(rule.deny) == 1 with input as fx.model([_audit({"acl": "authenticated-read"}), _logging, _pab(true), _ownership, _versioning("Enabled"), _trail])
}

test_suspended_versioning_fails if {
	some f in rule.deny with input as fx.model([_audit({}), _logging, _pab(true), _ownership, _versioning("Suspended"), _trail])
	contains(f.message, "neither versioning nor Object Lock")
}

test_object_lock_instead_of_versioning_passes if {
	count(rule.deny) == 0 with input as fx.model([_audit({"object_lock_enabled": true}), _logging, _pab(true), _ownership, _trail])
	lock := _bound("aws_s3_bucket_object_lock_configuration.audit", {})
	count(rule.deny) == 0 with input as fx.model([_audit({}), _logging, _pab(true), _ownership, lock, _trail])
	legacy := _audit({"object_lock_configuration": {"object_lock_enabled": "Enabled"}})
	count(rule.deny) == 0 with input as fx.model([legacy, _logging, _pab(true), _ownership, _trail])
}

test_bucket_outside_configuration_unverifiable if {
	t := fx.resource("aws_cloudtrail.t", {"s3_bucket_name": "org-audit"})
	some f in rule.deny with input as fx.model([t])
	f.unverifiable == true
	f.resource == "aws_cloudtrail.t"
}

_policy(doc) := _bound("aws_s3_bucket_policy.audit", {"policy": json.marshal(doc)})

_cloudtrail_policy := {"Version": "2012-10-17", "Statement": [{
	"Effect": "Allow",
	"Principal": {"Service": "cloudtrail.amazonaws.com"},
	"Action": "s3:PutObject",
	"Resource": "arn:aws:s3:::crm-audit/AWSLogs/*",
	"Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/crm"}},
}]}

test_service_principal_policy_passes if {
	count(rule.deny) == 0 with input as fx.model(array.concat(_secured, [_policy(_cloudtrail_policy), _trail]))
}

test_public_policy_fails if {
	doc := {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::crm-audit/*"}]}
	some f in rule.deny with input as fx.model(array.concat(_secured, [_policy(doc), _trail]))
	contains(f.message, "a bucket policy that allows everyone")
}

test_org_scoped_wildcard_passes if {
	doc := {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::crm-audit/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}]}
	count(rule.deny) == 0 with input as fx.model(array.concat(_secured, [_policy(doc), _trail]))
}

test_legacy_inline_public_policy_fails if {
	doc := {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}
	b := _audit({"policy": json.marshal(doc)})
	count(rule.deny) == 1 with input as fx.model([b, _logging, _pab(true), _ownership, _versioning("Enabled"), _trail])
}

test_unknown_policy_unverifiable if {
	p := fx.with_unknown(_bound("aws_s3_bucket_policy.audit", {"policy": "${jsonencode(local.p)}"}), ["policy"])
	some f in rule.deny with input as fx.model(array.concat(_secured, [p, _trail]))
	f.unverifiable == true
	f.resource == "aws_s3_bucket.audit"
}
