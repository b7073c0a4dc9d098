package crm.rules.iam.resource_policies_public_test

import data.crm.lib.fixtures as fx
import data.crm.rules.iam.resource_policies_public as rule

_doc(statement) := json.marshal({"Version": "2012-10-17", "Statement": [statement]})

_public := {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}

test_every_source_is_checked if {
	types := ["aws_sqs_queue_policy", "aws_sqs_queue", "aws_sns_topic_policy", "aws_sns_topic", "aws_secretsmanager_secret_policy", "aws_secretsmanager_secret", "aws_ecr_repository_policy", "aws_backup_vault_policy"]
	rs := [fx.resource(concat(".", [t, "x"]), {"policy": _doc(_public)}) | some t in types]
	fs := rule.deny with input as fx.model(rs)
	count(fs) == 8
	some f in fs
	f.resource == "aws_sqs_queue_policy.x"
	contains(f.message, "allows anyone")
}

test_service_principal_and_conditions_pass if {
	svc := {"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "*", "Condition": {"ArnEquals": {"aws:SourceArn": "${aws_sns_topic.t.arn}"}}}
	owner := object.union(_public, {"Condition": {"StringEquals": {"AWS:SourceOwner": "111122223333"}}})
	rs := [fx.resource("aws_sqs_queue_policy.q", {"policy": _doc(svc)}), fx.resource("aws_sns_topic_policy.t", {"policy": _doc(owner)}), fx.resource("aws_sqs_queue.plain", {})]
	count(rule.deny) == 0 with input as fx.model(rs)
}

test_unknown_policy_is_unverifiable if {
	r := fx.with_unknown(fx.resource("aws_ecr_repository_policy.r", {"policy": "${data.aws_iam_policy_document.gone.json}"}), ["policy"])
	some f in rule.deny with input as fx.model([r])
	f.unverifiable == true
}
