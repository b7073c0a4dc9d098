# METADATA
# title: No public Lambda function URLs or resource policies
# description: >-
#   An unauthenticated function URL is a public door to CRM back-end logic. Every
#   aws_lambda_function_url must use `authorization_type = "AWS_IAM"`. Every aws_lambda_permission
#   must name a specific principal (`principal = "*"` only together with `principal_org_id`), must
#   not grant `function_url_auth_type = "NONE"`, and a service principal (`*.amazonaws.com`) must be
#   scoped with `source_arn` or `source_account`. Values known only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-NET-018
#   severity: critical
#   family: NET
#   controls:
#     aws-fsbp: [Lambda.1]
#     iso27001-2022: ["A.8.20?", "A.5.15?"]
#     gdpr: ["Art. 25?"]
#   remediation: >-
#     CDKTF: LambdaFunctionUrl `authorizationType: "AWS_IAM"`; LambdaPermission with a specific
#     `principal` and, for services, `sourceArn: rule.arn` / `sourceAccount`. Terraform:
#     `authorization_type = "AWS_IAM"`, `principal = "events.amazonaws.com"` with `source_arn =
#     aws_cloudwatch_event_rule.<name>.arn`, never `principal = "*"` or `function_url_auth_type = "NONE"`.
package crm.rules.network.lambda_not_public

import data.crm.lib.tf

deny contains tf.finding(u, msg) if {
	some u in tf.resources("aws_lambda_function_url")
	not tf.unknown(u, "authorization_type")
	u.values.authorization_type != "AWS_IAM"
	msg := concat("", ["`", u.address, "` has ", tf.shown(u, "authorization_type"), ", so anyone on the internet can invoke the function; set it to \"AWS_IAM\""])
}

deny contains tf.unverifiable(u, "authorization_type", "the function URL requires IAM authentication") if {
	some u in tf.resources("aws_lambda_function_url")
	tf.unknown(u, "authorization_type")
}

_permissions[p.address] := p if {
	some p in tf.resources("aws_lambda_permission")
	not tf.unknown(p, "principal")
}

deny contains tf.finding(p, msg) if {
	some p in _permissions
	p.values.principal == "*"
	not p.values.principal_org_id
	msg := concat("", ["`", p.address, "` has `principal = \"*\"`, which lets any AWS account invoke the function; name the calling service or account"])
}

deny contains tf.finding(p, msg) if {
	some p in tf.resources("aws_lambda_permission")
	p.values.function_url_auth_type == "NONE"
	msg := concat("", ["`", p.address, "` has `function_url_auth_type = \"NONE\"`, allowing unauthenticated function-URL calls; use \"AWS_IAM\""])
}

deny contains tf.finding(p, msg) if {
	some p in _permissions
	endswith(p.values.principal, ".amazonaws.com")
	not p.values.source_arn
	not p.values.source_account
	msg := concat("", [
		"`", p.address, "` grants service principal ", p.values.principal, " without `source_arn` or `source_account`,",
		" so any account's resource of that service can invoke the function; set `source_arn` to the calling resource",
	])
}

deny contains tf.unverifiable(p, "principal", "the permission names a specific principal") if {
	some p in tf.resources("aws_lambda_permission")
	tf.unknown(p, "principal")
}
