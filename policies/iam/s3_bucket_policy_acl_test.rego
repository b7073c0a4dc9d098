package crm.rules.iam.s3_bucket_policy_acl_test

import data.crm.lib.fixtures as fx
import data.crm.rules.iam.s3_bucket_policy_acl as rule

_bucket := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files"})

_bind(r) := fx.with_refs(r, object.union(r.refs, {"bucket": ["aws_s3_bucket.files"]}))

_policy(statements) := _bind(fx.resource("aws_s3_bucket_policy.files", {"bucket": "${aws_s3_bucket.files.id}", "policy": json.marshal({"Statement": statements})}))

_allow(principal, action, extra) := object.union({"Effect": "Allow", "Principal": principal, "Action": action, "Resource": "arn:aws:s3:::crm-files/*"}, extra)

test_private_bucket_passes if {
	rs := [
		_bucket,
		_policy([_allow({"AWS": "arn:aws:iam::${data.aws_caller_identity.c.account_id}:role/app"}, "s3:GetObject", {}), {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]),
		_bind(fx.resource("aws_s3_bucket_ownership_controls.files", {"rule": {"object_ownership": "BucketOwnerEnforced"}})),
		_bind(fx.resource("aws_s3_bucket_acl.files", {"acl": "private"})),
	]
	count(rule.deny) == 0 with input as fx.model(rs)
}

test_public_policy_fails if {
	some f in rule.deny with input as fx.model([_bucket, _policy([_allow("*", "s3:GetObject", {})])])
	f.resource == "aws_s3_bucket.files"
	contains(f.message, "is public through `aws_s3_bucket_policy.files`")
}

test_restricted_wildcard_passes if {
	vpce := {"Condition": {"StringEquals": {"aws:SourceVpce": "vpce-123"}}}
	count(rule.deny) == 0 with input as fx.model([_bucket, _policy([_allow({"AWS": "*"}, "s3:GetObject", vpce)])])
}

test_legacy_inline_policy if {
	b := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files", "policy": json.marshal({"Statement": [_allow("*", "s3:GetObject", {})]})})
	count(rule.deny) == 1 with input as fx.model([b])
}

test_cross_account_dangerous_actions_fail if {
	some f in rule.deny with input as fx.model([_bucket, _policy([_allow({"AWS": "arn:aws:iam::999988887777:root"}, ["s3:GetObject", "s3:PutObjectAcl"], {})])])
	contains(f.message, "[\"s3:PutObjectAcl\"]")
	count(rule.deny) == 0 with input as fx.model([_bucket, _policy([_allow({"AWS": "arn:aws:iam::999988887777:root"}, "s3:GetObject", {})])])
}

test_canned_public_acl_fails if {
	some f in rule.deny with input as fx.model([_bucket, _bind(fx.resource("aws_s3_bucket_acl.files", {"acl": "public-read"}))])
	contains(f.message, "public-read")
	legacy := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files", "acl": "authenticated-read"})
	count(rule.deny) == 1 with input as fx.model([legacy])
}

test_group_grants_fail if {
	acl := _bind(fx.resource("aws_s3_bucket_acl.files", {"access_control_policy": {"grant": [{"permission": "READ", "grantee": {"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers"}}], "owner": {"id": "x"}}}))
	some f in rule.deny with input as fx.model([_bucket, acl])
	contains(f.message, "AllUsers")
	legacy := fx.resource("aws_s3_bucket.files", {"bucket": "crm-files", "grant": [{"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AuthenticatedUsers", "permissions": ["READ"]}]})
	count(rule.deny) == 1 with input as fx.model([legacy])
}

test_acls_enabled_fails if {
	oc := _bind(fx.resource("aws_s3_bucket_ownership_controls.files", {"rule": [{"object_ownership": "ObjectWriter"}]}))
	some f in rule.deny with input as fx.model([_bucket, oc])
	contains(f.message, "ObjectWriter")
}

test_unknowns_are_unverifiable if {
	p := fx.with_unknown(_bind(fx.resource("aws_s3_bucket_policy.files", {"policy": "${jsonencode(local.p)}"})), ["policy"])
	some f in rule.deny with input as fx.model([_bucket, p])
	f.unverifiable == true
	a := fx.with_unknown(_bind(fx.resource("aws_s3_bucket_acl.files", {"acl": "${var.acl}"})), ["acl"])
	some f2 in rule.deny with input as fx.model([_bucket, a])
	f2.unverifiable == true
	oc := fx.with_unknown(_bind(fx.resource("aws_s3_bucket_ownership_controls.files", {"rule": {"object_ownership": "${var.o}"}})), ["rule.object_ownership"])
	some f3 in rule.deny with input as fx.model([_bucket, oc])
	f3.unverifiable == true
	q := _policy([_allow({"AWS": "arn:aws:iam::${var.partner}:root"}, "s3:PutBucketPolicy", {})])
	some f4 in rule.deny with input as fx.model([_bucket, q])
	f4.unverifiable == true
}

test_wildcard_principal_with_fixed_principal_arn_passes if {
	exact := _allow("*", "s3:GetObject", {"Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/crm-app"}}})
	pattern := _allow("*", "s3:GetObject", {"Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/crm-*"}}})
	bucket_prefix := _allow("*", "s3:GetObject", {"Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::crm-logs-*"}}})
	count(rule.deny) == 0 with input as fx.model([_bucket, _policy([exact, pattern, bucket_prefix])])
}

test_wildcard_principal_with_any_account_principal_arn_fails if {
	any_account := _allow("*", "s3:GetObject", {"Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/crm-app"}}})
	some f in rule.deny with input as fx.model([_bucket, _policy([any_account])])
	contains(f.message, "is public through")
}

test_inline_settings_under_bound_companions_pass if {
	b := fx.resource("aws_s3_bucket.files", {
		"bucket": "crm-files", "acl": "public-read",
		"policy": json.marshal({"Statement": [_allow("*", "s3:GetObject", {})]}),
	})
	rs := [b, _policy([]), _bind(fx.resource("aws_s3_bucket_acl.files", {"acl": "private"}))]
	count(rule.deny) == 0 with input as fx.model(rs)
}

test_inline_settings_without_companions_fail if {
	b := fx.resource("aws_s3_bucket.files", {
		"bucket": "crm-files", "acl": "public-read",
		"policy": json.marshal({"Statement": [_allow("*", "s3:GetObject", {})]}),
	})
	count(rule.deny) == 2 with input as fx.model([b])
}

test_unknown_inline_settings_are_unverifiable if {
	p := fx.with_unknown(_bucket, ["policy"])
	some f in rule.deny with input as fx.model([p])
	f.unverifiable == true
	contains(f.message, "has a bucket policy (`aws_s3_bucket.files`)")
	g := fx.with_unknown(_bucket, ["grant.uri"])
	some f2 in rule.deny with input as fx.model([g])
	f2.unverifiable == true
	contains(f2.message, "sets `grant.uri` on `aws_s3_bucket.files`")
}
