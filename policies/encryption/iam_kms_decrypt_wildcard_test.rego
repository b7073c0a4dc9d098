package crm.rules.encryption.iam_kms_decrypt_wildcard_test

import data.crm.lib.fixtures as fx
import data.crm.rules.encryption.iam_kms_decrypt_wildcard as rule

_doc(statement) := json.marshal({"Version": "2012-10-17", "Statement": [statement]})

_policy(statement) := fx.resource("aws_iam_policy.app", {"policy": _doc(statement)})

test_specific_key_passes if {
	p := _policy({"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "${aws_kms_key.k.arn}"})
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, p])
}

test_decrypt_on_star_fails if {
	p := _policy({"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*"})
	some f in rule.deny with input as fx.model([p])
	f.resource == "aws_iam_policy.app"
	contains(f.message, "every KMS key")
	contains(f.message, "`aws_iam_policy.app` (`policy`)")
}

test_kms_star_on_key_wildcard_arn_fails if {
	p := _policy({"Effect": "Allow", "Action": "kms:*", "Resource": "arn:aws:kms:*:111122223333:key/*"})
	count(rule.deny) == 1 with input as fx.model([p])
}

test_not_action_fails if {
	p := _policy({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})
	count(rule.deny) == 1 with input as fx.model([p])
}

test_other_kms_actions_pass if {
	p := _policy({"Effect": "Allow", "Action": ["kms:Encrypt", "kms:DescribeKey"], "Resource": "*"})
	count(rule.deny) == 0 with input as fx.model([p])
}

test_deny_statement_passes if {
	p := _policy({"Effect": "Deny", "Action": "kms:Decrypt", "Resource": "*"})
	count(rule.deny) == 0 with input as fx.model([p])
}

test_via_service_and_caller_account_pass if {
	p := _policy({"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {
		"kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com",
		"kms:CallerAccount": "111122223333",
	}}})
	count(rule.deny) == 0 with input as fx.model([p])
}

test_role_inline_policy_and_data_source if {
	ds := object.union(fx.resource("data.aws_iam_policy_document.d", {"statement": [{"actions": ["kms:Decrypt"], "resources": ["*"]}]}), {"type": "data.aws_iam_policy_document", "mode": "data"})
	role := fx.with_refs(fx.resource("aws_iam_role.r", {"inline_policy": [{"name": "x", "policy": "${data.aws_iam_policy_document.d.json}"}]}), {"inline_policy.policy": ["data.aws_iam_policy_document.d"]})
	some f in rule.deny with input as fx.model([ds, role])
	f.resource == "aws_iam_role.r"
	contains(f.message, "via `data.aws_iam_policy_document.d`")
}

test_unknown_document_is_unverifiable if {
	p := fx.with_unknown(fx.resource("aws_iam_role_policy.p", {"policy": "${jsonencode(local.p)}"}), ["policy"])
	some f in rule.deny with input as fx.model([p])
	f.unverifiable == true
}

test_unknown_resources_are_unverifiable if {
	p := _policy({"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "${var.key_arns}"})
	some f in rule.deny with input as fx.model([p])
	f.unverifiable == true
	contains(f.message, "known only after apply")
}

test_quiet_documents_are_not_normalized if {
	quiet := [
		{"Effect": "Deny", "Action": "kms:Decrypt", "Resource": "*"},
		{"Effect": "Allow", "Action": ["s3:GetObject", "dynamodb:GetItem", "S3:PutObject", "DynamoDB:Query"], "Resource": "*"},
		{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": ["${aws_kms_key.k.arn}", "${aws_s3_bucket.b.arn}/*"]},
	]
	p := fx.resource("aws_iam_policy.app", {"policy": json.marshal({"Statement": quiet})})
	count(rule._policies) == 0 with input as fx.model([p])
	count(rule.deny) == 0 with input as fx.model([p])
	loud := fx.resource("aws_iam_policy.app", {"policy": json.marshal({"Statement": array.concat(quiet, [{"Effect": "Allow", "Action": "Kms:Decrypt", "Resource": "*"}])})})
	count(rule._policies) == 1 with input as fx.model([loud])
	count(rule.deny) == 1 with input as fx.model([loud])
}
