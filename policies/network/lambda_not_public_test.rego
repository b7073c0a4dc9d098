package crm.rules.network.lambda_not_public_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.lambda_not_public as rule

_perm(values) := fx.resource("aws_lambda_permission.p", object.union({"action": "lambda:InvokeFunction", "function_name": "f"}, values))

test_iam_url_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_lambda_function_url.u", {"authorization_type": "AWS_IAM"})])
}

test_public_url_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_lambda_function_url.u", {"authorization_type": "NONE"})])
	f.resource == "aws_lambda_function_url.u"
	contains(f.message, "`authorization_type = \"NONE\"`")
}

test_unknown_url_auth_unverifiable if {
	u := fx.with_unknown(fx.resource("aws_lambda_function_url.u", {"authorization_type": "${var.auth}"}), ["authorization_type"])
	some f in rule.deny with input as fx.model([u])
	f.unverifiable == true
}

test_scoped_service_permission_passes if {
	count(rule.deny) == 0 with input as fx.model([_perm({"principal": "events.amazonaws.com", "source_arn": "${aws_cloudwatch_event_rule.r.arn}"})])
}

test_account_principal_passes if {
	count(rule.deny) == 0 with input as fx.model([_perm({"principal": "123456789012"})])
}

test_wildcard_principal_fails if {
	some f in rule.deny with input as fx.model([_perm({"principal": "*"})])
	contains(f.message, "`principal = \"*\"`")
}

test_wildcard_with_org_passes if {
	count(rule.deny) == 0 with input as fx.model([_perm({"principal": "*", "principal_org_id": "o-abc"})])
}

test_unscoped_service_principal_fails if {
	some f in rule.deny with input as fx.model([_perm({"principal": "s3.amazonaws.com"})])
	contains(f.message, "without `source_arn` or `source_account`")
}

test_source_account_passes if {
	count(rule.deny) == 0 with input as fx.model([_perm({"principal": "s3.amazonaws.com", "source_account": "123456789012"})])
}

test_url_auth_none_permission_fails if {
	p := _perm({"principal": "123456789012", "action": "lambda:InvokeFunctionUrl", "function_url_auth_type": "NONE"})
	count(rule.deny) == 1 with input as fx.model([p])
}

test_unknown_principal_unverifiable if {
	p := fx.with_unknown(_perm({"principal": "${var.principal}"}), ["principal"])
	some f in rule.deny with input as fx.model([p])
	f.unverifiable == true
}
