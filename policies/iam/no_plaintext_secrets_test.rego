package crm.rules.iam.no_plaintext_secrets_test

import data.crm.lib.fixtures as fx
import data.crm.rules.iam.no_plaintext_secrets as rule

_td(env) := fx.resource("aws_ecs_task_definition.app", {"family": "app", "container_definitions": json.marshal([{"name": "app", "image": "x", "environment": env, "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:eu-west-1:1:secret:db"}]}])})

_fn(vars) := fx.resource("aws_lambda_function.f", {"function_name": "f", "environment": {"variables": vars}})

test_credential_names_classified if {
	every n in ["DB_PASSWORD", "db_pass", "API_KEY", "apiKey", "STRIPE_SECRET", "OAUTH_TOKEN", "PRIVATE_KEY", "passwd"] {
		rule.credential_name(n)
	}
	every n in ["DB_SECRET_ARN", "API_KEY_SECRET_NAME", "TOKEN_URL", "PASSPORT_COUNTRY", "BYPASS_CACHE", "LOG_LEVEL", "SECRET_ID"] {
		not rule.credential_name(n)
	}
}

test_clean_task_definition_passes if {
	count(rule.deny) == 0 with input as fx.model([_td([{"name": "DB_SECRET_ARN", "value": "${aws_secretsmanager_secret.db.arn}"}, {"name": "LOG_LEVEL", "value": "info"}, {"name": "DB_PASSWORD", "value": ""}])])
}

test_task_definition_secret_fails if {
	some f in rule.deny with input as fx.model([_td([{"name": "DB_PASSWORD", "value": "${aws_db_instance.crm.password}"}])])
	f.resource == "aws_ecs_task_definition.app"
	contains(f.message, "`DB_PASSWORD`")
}

test_access_key_value_fails if {
	some f in rule.deny with input as fx.model([_td([{"name": "AWS_ACCESS_KEY_ID", "value": "AKIAIOSFODNN7EXAMPLE"}])])
	contains(f.message, "AWS access key id")
}

test_unknown_container_definitions_is_unverifiable if {
	td := fx.with_unknown(fx.resource("aws_ecs_task_definition.app", {"container_definitions": "${jsonencode(local.c)}"}), ["container_definitions"])
	some f in rule.deny with input as fx.model([td])
	f.unverifiable == true
}

test_lambda_environment if {
	count(rule.deny) == 0 with input as fx.model([_fn({"SECRET_ARN": "${aws_secretsmanager_secret.s.arn}", "PORT": 8080})])
	some f in rule.deny with input as fx.model([_fn({"API_TOKEN": "abc123def456"})])
	contains(f.message, "`API_TOKEN`")
	fu := fx.resource("aws_lambda_function.f", {"environment": [{"variables": "${var.env}"}]})
	some f2 in rule.deny with input as fx.model([fu])
	f2.unverifiable == true
}

test_user_data if {
	clean := fx.resource("aws_instance.i", {"user_data": "#!/bin/bash\nDB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id db)\n"})
	count(rule.deny) == 0 with input as fx.model([clean])
	plain := fx.resource("aws_instance.i", {"user_data": "#!/bin/bash\nexport DB_PASSWORD='hunter2hunter2'\n"})
	some f in rule.deny with input as fx.model([plain])
	contains(f.message, "literal credential in `user_data`")
	b64 := fx.resource("aws_launch_template.lt", {"user_data": base64.encode("aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE")})
	some f2 in rule.deny with input as fx.model([b64])
	contains(f2.message, "access key id")
	inst_b64 := fx.resource("aws_instance.i", {"user_data": base64.encode("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE")})
	some f3 in rule.deny with input as fx.model([inst_b64])
	contains(f3.message, "access key id in `user_data`")
	inst := fx.resource("aws_instance.i", {"user_data_base64": base64.encode("api_key: supersecretvalue")})
	count(rule.deny) == 1 with input as fx.model([inst])
	expr := fx.resource("aws_launch_template.lt", {"user_data": "${base64encode(local.init)}"})
	count(rule.deny) == 0 with input as fx.model([expr])
}

test_ssm_parameters if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_ssm_parameter.p", {"name": "/crm/db/password", "type": "SecureString", "value": "x"})])
	some f in rule.deny with input as fx.model([fx.resource("aws_ssm_parameter.p", {"name": "/crm/db/password", "type": "String", "value": "x"})])
	contains(f.message, "SecureString")
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_ssm_parameter.p", {"name": "/crm/log-level", "type": "String", "value": "x"})])
}

test_lambda_access_key_under_any_name_fails if {
	some f in rule.deny with input as fx.model([_fn({"UPSTREAM": "AKIAIOSFODNN7EXAMPLE"})])
	f.resource == "aws_lambda_function.f"
	contains(f.message, "`UPSTREAM` to an AWS access key id")
}
