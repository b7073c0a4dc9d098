package crm.lib.iam_test

import data.crm.lib.fixtures as fx
import data.crm.lib.iam

_policy(doc) := fx.resource("aws_iam_policy.p", {"policy": doc})

_json_doc := json.marshal({
	"Version": "2012-10-17",
	"Statement": [
		{
			"Sid": "Read",
			"Effect": "Allow",
			"Action": "s3:GetObject",
			"Resource": ["${aws_s3_bucket.b.arn}/*"],
		},
		{
			"Effect": "Deny",
			"Principal": "*",
			"NotAction": ["kms:Decrypt"],
			"NotResource": "arn:aws:kms:*:*:key/abc",
			"Condition": {"Bool": {"aws:SecureTransport": false}, "StringEquals": {"aws:PrincipalOrgID": ["o-123"]}},
		},
	],
})

test_json_string_with_tokens_is_normalized if {
	r := _policy(_json_doc)
	doc := iam.document(r, "policy") with input as fx.model([r])
	doc.present
	doc.known
	doc.source == "policy"
	[s1, s2] := doc.statements
	s1 == {
		"sid": "Read", "effect": "Allow", "actions": ["s3:GetObject"], "not_actions": [],
		"resources": ["${aws_s3_bucket.b.arn}/*"], "not_resources": [], "principals": [],
		"not_principals": [], "conditions": [],
	}
	s2.principals == [{"type": "*", "identifiers": ["*"]}]
	s2.not_actions == ["kms:Decrypt"]
	s2.not_resources == ["arn:aws:kms:*:*:key/abc"]
	{"test": "Bool", "variable": "aws:SecureTransport", "key": "aws:securetransport", "values": ["false"]} in s2.conditions
	{"test": "StringEquals", "variable": "aws:PrincipalOrgID", "key": "aws:principalorgid", "values": ["o-123"]} in s2.conditions
}

test_single_statement_object_and_principal_map if {
	doc := iam.document_at(fx.resource("aws_kms_key.k", {}), "policy", json.marshal({"Statement": {
		"Effect": "Allow",
		"Principal": {"AWS": "arn:aws:iam::111122223333:root", "Service": ["logs.amazonaws.com"]},
		"Action": "kms:*",
		"Resource": "*",
	}}))
	[s] := doc.statements
	{"type": "AWS", "identifiers": ["arn:aws:iam::111122223333:root"]} in s.principals
	iam.principals_of(s, "service") == ["logs.amazonaws.com"]
	s.actions == ["kms:*"]
	iam.all_resources(s)
}

test_already_parsed_object_is_accepted if {
	doc := iam.document_at(fx.resource("aws_kms_key.k", {}), "policy", {"Statement": []})
	doc.known
	doc.statements == []
}

_ds := fx.resource("data.aws_iam_policy_document.d", {"statement": [
	{
		"sid": "Keep",
		"actions": ["s3:GetObject"],
		"resources": ["*"],
		"principals": [{"type": "AWS", "identifiers": ["*"]}],
		"condition": [{"test": "StringEquals", "variable": "aws:SourceVpce", "values": ["vpce-1"]}],
	},
	{"effect": "Deny", "not_actions": "s3:*", "not_resources": ["arn:aws:s3:::x"], "not_principals": {"type": "AWS", "identifiers": "arn:aws:iam::1:root"}},
]})

_data_ds(ds) := object.union(ds, {"type": "data.aws_iam_policy_document", "mode": "data"})

_via(attr) := fx.with_refs(fx.resource("aws_iam_role_policy.r", {attr: "${data.aws_iam_policy_document.d.json}"}), {attr: ["data.aws_iam_policy_document.d"]})

test_data_source_statements_are_read if {
	r := _via("policy")
	doc := iam.document(r, "policy") with input as fx.model([_data_ds(_ds), r])
	doc.known
	doc.source == "data.aws_iam_policy_document.d"
	[s1, s2] := doc.statements
	s1.effect == "Allow"
	s1.principals == [{"type": "AWS", "identifiers": ["*"]}]
	s1.conditions == [{"test": "StringEquals", "variable": "aws:SourceVpce", "key": "aws:sourcevpce", "values": ["vpce-1"]}]
	s2.effect == "Deny"
	s2.not_actions == ["s3:*"]
	s2.not_principals == [{"type": "AWS", "identifiers": ["arn:aws:iam::1:root"]}]
}

test_data_source_instance_statements_are_read if {
	ds := object.union(_data_ds(_ds), {"address": "data.aws_iam_policy_document.d[0]"})
	r := fx.with_refs(fx.resource("aws_iam_role_policy.r", {"policy": "${data.aws_iam_policy_document.d[0].minified_json}"}), {"policy": ["data.aws_iam_policy_document.d[0]"]})
	doc := iam.document(r, "policy") with input as fx.model([ds, r])
	doc.known
	doc.source == "data.aws_iam_policy_document.d[0]"
	count(doc.statements) == 2
}

test_data_source_keyed_instance_is_not_another_instance if {
	ds := object.union(_data_ds(_ds), {"address": "data.aws_iam_policy_document.d[\"a\"]"})
	r := fx.with_refs(fx.resource("aws_iam_role_policy.r", {"policy": "${data.aws_iam_policy_document.d[\"b\"].json}"}), {"policy": ["data.aws_iam_policy_document.d[\"a\"]"]})
	doc := iam.document(r, "policy") with input as fx.model([ds, r])
	not doc.known
}

test_missing_data_source_is_unknown if {
	r := fx.resource("aws_iam_role_policy.r", {"policy": "${data.aws_iam_policy_document.gone.json}"})
	doc := iam.document(r, "policy") with input as fx.model([r])
	doc.present
	not doc.known
	contains(doc.reason, "not in the configuration")
}

test_source_and_override_documents_merge_by_sid if {
	base := _data_ds(fx.resource("data.aws_iam_policy_document.base", {"statement": [{"sid": "A", "actions": ["s3:GetObject"], "resources": ["*"]}]}))
	ds := fx.with_refs(
		_data_ds(fx.resource("data.aws_iam_policy_document.d", {
			"source_policy_documents": ["${data.aws_iam_policy_document.base.json}"],
			"statement": [{"sid": "B", "actions": ["s3:PutObject"], "resources": ["*"]}],
			"override_policy_documents": [json.marshal({"Statement": [{"Sid": "A", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}]})],
		})),
		{"source_policy_documents": ["data.aws_iam_policy_document.base"]},
	)
	ds_u := fx.with_unknown(ds, ["source_policy_documents"])
	r := _via("policy")
	doc := iam.document(r, "policy") with input as fx.model([base, ds_u, r])
	doc.known
	[{"sid": s1, "effect": e1}, {"sid": s2, "effect": e2}] := [{"sid": s.sid, "effect": s.effect} | some s in doc.statements]
	[s1, e1, s2, e2] == ["B", "Allow", "A", "Deny"]
}

test_statement_effect_or_principal_block_known_after_apply_is_unknown if {
	r := _via("policy")
	every path in ["statement.effect", "statement.principals", "statement.actions"] {
		ds := fx.with_unknown(_data_ds(_ds), [path])
		doc := iam.document(r, "policy") with input as fx.model([ds, r])
		not doc.known
		contains(doc.reason, path)
	}
}

test_statement_identifier_or_condition_value_that_may_be_anything_is_unknown if {
	r := _via("policy")
	principal := _data_ds(fx.resource("data.aws_iam_policy_document.d", {"statement": [{"actions": ["kms:*"], "principals": [{"type": "AWS", "identifiers": ["${var.trusted}"]}]}]}))
	doc := iam.document(r, "policy") with input as fx.model([principal, r])
	not doc.known
	contains(doc.reason, "statement.principals.identifiers")
	condition := _data_ds(fx.resource("data.aws_iam_policy_document.d", {"statement": [{"actions": ["kms:*"], "condition": {"test": "StringEquals", "variable": "aws:PrincipalOrgID", "values": "${local.orgs}"}}]}))
	doc2 := iam.document(r, "policy") with input as fx.model([condition, r])
	not doc2.known
	contains(doc2.reason, "statement.condition.values")
}

test_statement_attribute_references_name_something_specific if {
	r := _via("policy")
	ds := _data_ds(fx.resource("data.aws_iam_policy_document.d", {"statement": [{"actions": ["kms:*"], "principals": [{"type": "AWS", "identifiers": ["${aws_iam_role.app.arn}"]}], "condition": [{"test": "StringEquals", "variable": "aws:SourceVpce", "values": ["${aws_vpc_endpoint.e.id}"]}]}]}))
	doc := iam.document(r, "policy") with input as fx.model([ds, r])
	doc.known
}

test_statement_identifiers_known_after_apply_are_references if {
	r := _via("policy")
	ds := fx.with_unknown(_data_ds(_ds), ["statement.principals.identifiers", "statement.resources", "statement.condition.values"])
	doc := iam.document(r, "policy") with input as fx.model([ds, r])
	doc.known
}

test_unresolvable_source_document_is_unknown if {
	ds := fx.with_unknown(_data_ds(fx.resource("data.aws_iam_policy_document.d", {"source_policy_documents": "${var.docs}"})), ["source_policy_documents"])
	r := _via("policy")
	doc := iam.document(r, "policy") with input as fx.model([ds, r])
	not doc.known
	contains(doc.reason, "source_policy_documents")
}

test_invalid_included_document_contributes_nothing if {
	ds := _data_ds(fx.resource("data.aws_iam_policy_document.d", {"source_json": "not json"}))
	r := _via("policy")
	doc := iam.document(r, "policy") with input as fx.model([ds, r])
	doc.known
	doc.statements == []
}

test_single_string_override_resolves if {
	ds := fx.with_unknown(_data_ds(fx.resource("data.aws_iam_policy_document.d", {"override_json": "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"x:${var.y}\"}}"})), ["override_json"])
	r := _via("policy")
	doc := iam.document(r, "policy") with input as fx.model([ds, r])
	doc.known
	[s] := doc.statements
	iam.actions_unknown(s)
}

test_jsonencode_is_unknown if {
	r := _policy("${jsonencode({\"Statement\" = []})}")
	doc := iam.document(r, "policy") with input as fx.model([r])
	doc.present
	not doc.known
	contains(doc.reason, "expression known only after apply")
}

test_long_expression_is_shortened if {
	long := concat("", ["${jsonencode(", concat("", [x | some _ in numbers.range(1, 130); x := "a"]), ")}"])
	doc := iam.document(_policy(long), "policy")
	endswith(doc.reason, "...)")
}

test_invalid_json_is_unknown if {
	doc := iam.document(_policy("{not json"), "policy")
	not doc.known
	contains(doc.reason, "not a valid JSON policy document")
}

test_statement_of_wrong_shape_is_unknown if {
	doc := iam.document(_policy("{\"Statement\": [1]}"), "policy")
	not doc.known
}

test_absent_and_unknown_attribute if {
	doc := iam.document(fx.resource("aws_kms_key.k", {}), "policy")
	not doc.present
	doc.known
	doc2 := iam.document(fx.with_unknown(fx.resource("aws_kms_key.k", {}), ["policy"]), "policy")
	doc2.present
	not doc2.known
}

test_grants_actions_and_not_actions if {
	iam.grants({"actions": ["kms:De*"], "not_actions": []}, "kms:Decrypt")
	iam.grants({"actions": ["*"], "not_actions": []}, "iam:PassRole")
	not iam.grants({"actions": ["kms:Encrypt"], "not_actions": []}, "kms:Decrypt")
	iam.grants({"actions": [], "not_actions": ["s3:*"]}, "kms:Decrypt")
	not iam.grants({"actions": [], "not_actions": ["kms:*"]}, "kms:Decrypt")
	iam.actions_unknown({"actions": ["${var.a}"], "not_actions": []})
}

test_effects if {
	iam.allow({"effect": "allow"})
	iam.deny({"effect": "Deny"})
	not iam.allow({"effect": "Deny"})
}

test_resources_unknown if {
	iam.resources_unknown({"resources": ["${var.arns}"]})
	iam.resources_unknown({"resources": ["${var.arns.bucket}"]})
	iam.resources_unknown({"resources": ["${local.arns.bucket}"]})
	iam.resources_unknown({"resources": ["${each.value.arn}"]})
	iam.resources_unknown({"resources": ["${data.terraform_remote.x}"]})
	not iam.resources_unknown({"resources": ["${aws_s3_bucket.b.arn}/*"]})
	not iam.resources_unknown({"resources": ["${data.aws_kms_key.k.arn}"]})
}

test_resources_of_a_traced_cross_stack_read_are_known if {
	read := "data.terraform_remote_state.cross-stack-reference-input-keys.outputs.cross-stack-output-aws_kms_keykarn"
	m := {"cross_stack_reads": {"keys:aws_kms_key.k": [read]}}
	not iam.resources_unknown({"resources": [concat("", ["${", read, "}"])]}) with input as m
	not iam.resources_unknown({"resources": [concat("", ["${", read, "}/*"])]}) with input as m
	iam.resources_unknown({"resources": [concat("", ["${", read, "}"])]}) with input as {}
	not iam.all_resources({"resources": ["arn:aws:s3:::b"], "not_resources": []})
	iam.all_resources({"resources": [], "not_resources": ["arn:aws:s3:::b"]})
}

test_public_principal if {
	iam.public_principal({"principals": [{"type": "*", "identifiers": ["*"]}], "not_principals": []})
	iam.public_principal({"principals": [{"type": "AWS", "identifiers": ["arn:x", "*"]}], "not_principals": []})
	iam.public_principal({"principals": [], "not_principals": [{"type": "AWS", "identifiers": ["arn:x"]}]})
	not iam.public_principal({"principals": [{"type": "Service", "identifiers": ["*"]}], "not_principals": []})
}

test_conditions if {
	s := {"conditions": [
		{"test": "StringEquals", "key": "aws:principalorgid", "values": ["o-1"]},
		{"test": "StringEqualsIfExists", "key": "aws:sourcevpce", "values": ["vpce-1"]},
		{"test": "StringLike", "key": "aws:sourceaccount", "values": ["*"]},
		{"test": "BoolIfExists", "key": "aws:securetransport", "values": ["False"]},
	]}
	iam.restricted(s, {"aws:principalorgid"})
	not iam.restricted(s, {"aws:sourcevpce"})
	not iam.restricted(s, {"aws:sourceaccount"})
	iam.condition_has(s, {"Bool"}, "aws:securetransport", "false")
	iam.base_test("ForAnyValue:StringLikeIfExists") == "StringLike"
}

test_identity_policies_cover_every_source if {
	role := fx.resource("aws_iam_role.r", {"inline_policy": [{"name": "a", "policy": "{\"Statement\":[]}"}, {"name": "b"}]})
	pol := _policy("{\"Statement\":[]}")
	sso := fx.resource("aws_ssoadmin_permission_set_inline_policy.s", {"inline_policy": "{\"Statement\":[]}"})
	ps := iam.identity_policies with input as fx.model([role, pol, sso])
	sort([concat(" ", [p.resource.address, p.attribute, json.marshal(p.doc.present)]) | some p in ps]) == [
		"aws_iam_policy.p policy true",
		"aws_iam_role.r inline_policy.policy false",
		"aws_iam_role.r inline_policy.policy true",
		"aws_ssoadmin_permission_set_inline_policy.s inline_policy true",
	]
}

test_origin_and_describe if {
	iam.origin({"resource": {"address": "aws_iam_policy.p"}, "attribute": "policy", "doc": {"source": "policy"}}) == "`aws_iam_policy.p` (`policy`)"
	iam.origin({"resource": {"address": "aws_iam_policy.p"}, "attribute": "policy", "doc": {"source": "data.aws_iam_policy_document.d"}}) == "`aws_iam_policy.p` (`policy` via `data.aws_iam_policy_document.d`)"
	iam.describe({"sid": "A", "effect": "Allow", "actions": ["*"], "not_actions": [], "resources": ["*"], "not_resources": []}) == "statement `A`: Allow Action [\"*\"] on Resource [\"*\"]"
	iam.describe({"sid": "", "effect": "Allow", "actions": [], "not_actions": ["iam:*"], "resources": [], "not_resources": []}) == "statement: Allow NotAction [\"iam:*\"] on Resource []"
}

test_odd_condition_and_null_values_are_tolerated if {
	doc := iam.document(_policy("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":null,\"Resource\":\"*\",\"Condition\":\"x\"}}"), "policy")
	[s] := doc.statements
	s.actions == []
	s.conditions == []
}

test_account_of_principal if {
	m := fx.model_with([], {"providers": {"aws": {"key": "aws", "values": {"allowed_account_ids": [111122223333]}}, "aws.x": {"key": "aws.x"}}})
	iam.account("111122223333") == "own" with input as m
	iam.account("arn:aws:iam::111122223333:role/x") == "own" with input as m
	iam.account("arn:aws:iam::999988887777:root") == "999988887777" with input as m
	iam.account("999988887777") == "999988887777" with input as m
	iam.account("arn:aws:iam::${data.aws_caller_identity.me.account_id}:root") == "own" with input as m
	iam.account("${aws_iam_role.r.arn}") == "own" with input as m
	iam.account("arn:aws:iam::${var.acct}:root") == "unknown" with input as m
	not iam.account("*") with input as m
	iam.own_accounts == {"111122223333"} with input as fx.model_with([], {"providers": {"a": {"values": {"allowed_account_ids": ["111122223333"]}}}})
}

test_opaque_effect_or_principal_is_unknown if {
	opaque := [
		{"Effect": "${var.effect}", "Action": "*", "Resource": "*"},
		{"Effect": "Allow", "Principal": "${var.principal}", "Action": "s3:GetObject", "Resource": "*"},
		{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "${local.readers}"]}, "Action": "s3:GetObject", "Resource": "*"},
		{"Effect": "Deny", "NotPrincipal": {"AWS": "${var.admins}"}, "Action": "s3:*", "Resource": "*"},
		{"Effect": "Allow", "Principal": {"AWS": "${aws_iam_role.r[*].arn}"}, "Action": "s3:GetObject", "Resource": "*"},
		{"Effect": "Allow", "Principal": {"AWS": "${var.principals.admin}"}, "Action": "s3:GetObject", "Resource": "*"},
		{"Effect": "Allow", "Principal": {"AWS": "${module.iam.role_arn}"}, "Action": "s3:GetObject", "Resource": "*"},
		{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": ["${var.vpce}"]}}},
	]
	every s in opaque {
		text := json.marshal({"Statement": [s]})
		doc := iam.document(_policy(text), "policy") with input as fx.model([])
		doc.present
		not doc.known
		contains(doc.reason, "Effect, Principal or Condition is an expression known only after apply")
		not iam.literal_statements(text)
	}
}

test_specific_principal_expressions_are_known if {
	specific := [
		{"AWS": "${aws_iam_role.app.arn}"},
		{"AWS": "${data.aws_iam_role.app.arn}"},
		{"AWS": "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"},
		{"Service": ["ecs-tasks.amazonaws.com"]},
		"*",
	]
	conditions := {"StringEquals": {"aws:SourceVpce": "${aws_vpc_endpoint.s3.id}", "aws:SourceAccount": ["111122223333"]}}
	every p in specific {
		text := json.marshal({"Statement": [{"Effect": "Allow", "Principal": p, "Action": "s3:GetObject", "Resource": "*", "Condition": conditions}]})
		doc := iam.document(_policy(text), "policy") with input as fx.model([])
		doc.known
		count(iam.literal_statements(text)) == 1
	}
}

test_cross_stack_principal_read_is_known if {
	text := json.marshal({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "${data.terraform_remote_state.iam.outputs.role_arn}"}, "Action": "s3:GetObject", "Resource": "*"}]})
	model := object.union(fx.model([]), {"cross_stack_reads": {"iam:aws_iam_role.app": ["data.terraform_remote_state.iam.outputs.role_arn"]}})
	doc := iam.document(_policy(text), "policy") with input as model
	doc.known
}
