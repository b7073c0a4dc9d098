package crm.rules.encryption.kms_key_policy_public_test

import data.crm.lib.fixtures as fx
import data.crm.rules.encryption.kms_key_policy_public as rule

_stmt(principal, condition) := object.union(
	{"Effect": "Allow", "Principal": principal, "Action": "kms:Decrypt", "Resource": "*"},
	condition,
)

_doc(statements) := json.marshal({"Version": "2012-10-17", "Statement": statements})

_root := _stmt({"AWS": "arn:aws:iam::111122223333:root"}, {})

test_named_principals_pass if {
	k := fx.resource("aws_kms_key.k", {"policy": _doc([_root])})
	count(rule.deny) == 0 with input as fx.model([k])
}

test_no_policy_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.kms_key])
}

test_wildcard_principal_fails if {
	k := fx.resource("aws_kms_key.k", {"policy": _doc([_root, _stmt("*", {})])})
	some f in rule.deny with input as fx.model([k])
	f.resource == "aws_kms_key.k"
	contains(f.message, "wildcard principal")
	contains(f.message, "kms:Decrypt")
}

test_aws_star_list_fails if {
	k := fx.resource("aws_kms_key.k", {"policy": _doc([_stmt({"AWS": ["*"]}, {})])})
	count(rule.deny) == 1 with input as fx.model([k])
}

test_wildcard_with_caller_account_condition_passes if {
	cond := {"Condition": {"StringEquals": {"kms:CallerAccount": "111122223333", "kms:ViaService": "s3.eu-west-1.amazonaws.com"}}}
	k := fx.resource("aws_kms_key.k", {"policy": _doc([_stmt("*", cond)])})
	count(rule.deny) == 0 with input as fx.model([k])
}

test_wildcard_condition_value_fails if {
	cond := {"Condition": {"StringLike": {"aws:PrincipalOrgID": "*"}}}
	k := fx.resource("aws_kms_key.k", {"policy": _doc([_stmt("*", cond)])})
	count(rule.deny) == 1 with input as fx.model([k])
}

test_deny_statement_with_wildcard_is_fine if {
	k := fx.resource("aws_kms_key.k", {"policy": _doc([object.union(_stmt("*", {}), {"Effect": "Deny"})])})
	count(rule.deny) == 0 with input as fx.model([k])
}

test_split_key_policy_replaces_inline if {
	k := fx.resource("aws_kms_key.k", {"policy": _doc([_stmt("*", {})])})
	kp := fx.with_refs(fx.resource("aws_kms_key_policy.k", {"key_id": "${aws_kms_key.k.id}", "policy": _doc([_root])}), {"key_id": ["aws_kms_key.k"]})
	count(rule.deny) == 0 with input as fx.model([k, kp])
	bad := fx.with_refs(fx.resource("aws_kms_key_policy.k", {"key_id": "${aws_kms_key.k.id}", "policy": _doc([_stmt("*", {})])}), {"key_id": ["aws_kms_key.k"]})
	{f.resource | some f in rule.deny} == {"aws_kms_key_policy.k"} with input as fx.model([fx.kms_key, bad])
}

test_replica_key_policy_checked if {
	rk := fx.resource("aws_kms_replica_key.r", {"policy": _doc([_stmt({"AWS": "*"}, {})])})
	count(rule.deny) == 1 with input as fx.model([rk])
}

test_data_source_policy_evaluated if {
	ds := object.union(
		fx.resource("data.aws_iam_policy_document.kp", {"statement": [{
			"actions": ["kms:*"], "resources": ["*"],
			"principals": [{"type": "AWS", "identifiers": ["*"]}],
		}]}),
		{"type": "data.aws_iam_policy_document", "mode": "data"},
	)
	k := fx.with_refs(fx.resource("aws_kms_key.k", {"policy": "${data.aws_iam_policy_document.kp.json}"}), {"policy": ["data.aws_iam_policy_document.kp"]})
	some f in rule.deny with input as fx.model([ds, k])
	contains(f.message, "data.aws_iam_policy_document.kp")
}

test_jsonencode_policy_is_unverifiable if {
	k := fx.with_unknown(fx.resource("aws_kms_key.k", {"policy": "${jsonencode({Statement = []})}"}), ["policy"])
	some f in rule.deny with input as fx.model([k])
	f.unverifiable == true
	contains(f.message, "cannot be proven")
}

_pinned := {"aws": {"key": "aws", "name": "aws", "alias": null, "region": "eu-west-1", "region_unknown": false, "values": {"region": "eu-west-1", "allowed_account_ids": ["111122223333"]}}}

test_string_like_wildcard_values_fail if {
	every cond in [
		{"Condition": {"StringLike": {"kms:CallerAccount": "?*"}}},
		{"Condition": {"StringLike": {"aws:PrincipalOrgID": "o-*"}}},
		{"Condition": {"StringLike": {"aws:PrincipalAccount": ["111122223333", "2*"]}}},
	] {
		k := fx.resource("aws_kms_key.k", {"policy": _doc([_stmt("*", cond)])})
		some f in rule.deny with input as fx.model([k])
		contains(f.message, "without an account or organization condition")
	}
}

test_foreign_account_condition_fails if {
	cond := {"Condition": {"StringEquals": {"kms:CallerAccount": "999988887777"}}}
	k := fx.resource("aws_kms_key.k", {"policy": _doc([_stmt("*", cond)])})
	some f in rule.deny with input as object.union(fx.model([k]), {"providers": _pinned})
	contains(f.message, "[\"999988887777\"]")
}

test_own_or_approved_account_condition_passes if {
	own := {"Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}}
	approved := {"Condition": {"StringEquals": {"aws:SourceAccount": "444455556666"}}}
	k := fx.resource("aws_kms_key.k", {"policy": _doc([_stmt("*", own), _stmt("*", approved)])})
	count(rule.deny) == 0 with input as object.union(fx.model([k]), {"providers": _pinned})
		with data.config.approved_accounts as ["444455556666"]
}

test_external_keys_policies_checked if {
	ext := fx.resource("aws_kms_external_key.e", {"policy": _doc([_stmt("*", {})])})
	rext := fx.resource("aws_kms_replica_external_key.r", {"policy": _doc([_stmt({"AWS": "*"}, {})])})
	{f.resource | some f in rule.deny} == {"aws_kms_external_key.e", "aws_kms_replica_external_key.r"} with input as fx.model([ext, rext])
}

test_split_key_policy_replaces_an_external_keys_inline_policy if {
	ext := fx.resource("aws_kms_external_key.e", {"policy": _doc([_stmt("*", {})])})
	kp := fx.with_refs(fx.resource("aws_kms_key_policy.e", {"key_id": "${aws_kms_external_key.e.id}", "policy": _doc([_root])}), {"key_id": ["aws_kms_external_key.e"]})
	count(rule.deny) == 0 with input as fx.model([ext, kp])
}
