package crm.rules.encryption.secrets_cmk_test

import data.crm.lib.fixtures as fx
import data.crm.rules.encryption.secrets_cmk as rule

_dr_key := fx.resource("aws_kms_key.dr", {"enable_key_rotation": true})

_secret(values, refs) := fx.with_refs(fx.resource("aws_secretsmanager_secret.db", values), refs)

test_cmk_with_replica_cmk_passes if {
	s := _secret(
		{"kms_key_id": "${aws_kms_key.k.arn}", "replica": [{"region": "eu-central-1", "kms_key_id": "${aws_kms_key.dr.arn}"}]},
		{"kms_key_id": ["aws_kms_key.k"], "replica.kms_key_id": ["aws_kms_key.dr"]},
	)
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, _dr_key, s])
}

test_absent_key_fails if {
	some f in rule.deny with input as fx.model([_secret({}, {})])
	f.resource == "aws_secretsmanager_secret.db"
	contains(f.message, "`kms_key_id` absent")
}

test_replica_without_cmk_fails if {
	s := _secret({"kms_key_id": "${aws_kms_key.k.arn}", "replica": {"region": "eu-central-1"}}, {"kms_key_id": ["aws_kms_key.k"]})
	some f in rule.deny with input as fx.model([fx.kms_key, s])
	contains(f.message, "in its replica for eu-central-1")
}

test_unknown_key_is_unverifiable if {
	s := fx.with_unknown(_secret({"kms_key_id": "${var.key}"}, {}), ["kms_key_id"])
	some f in rule.deny with input as fx.model([s])
	f.unverifiable == true
}
