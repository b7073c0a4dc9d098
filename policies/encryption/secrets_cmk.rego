# METADATA
# title: Secrets Manager secrets use a customer-managed key
# description: >-
#   DB and integration credentials: a customer-managed key gives key-policy control and a separate
#   audit trail. Every aws_secretsmanager_secret must set kms_key_id to a customer-managed key
#   (absent means aws/secretsmanager), and so must each replica[] block (with a key of the
#   replica's region). A key known only after apply that does not reference a key of this
#   configuration is unverifiable.
# scope: package
# custom:
#   id: CRM-ENC-017
#   severity: medium
#   family: ENC
#   controls:
#     iso27001-2022: ["A.8.24?", "A.5.17?"]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: on SecretsmanagerSecret set `kmsKeyId: key.arn` and, per replica, `replica: [{
#     region: "eu-central-1", kmsKeyId: drKey.arn }]`.
#     Terraform: `kms_key_id = aws_kms_key.<name>.arn` on `aws_secretsmanager_secret` and in each
#     `replica { kms_key_id = ... }` block.
package crm.rules.encryption.secrets_cmk

import data.crm.lib.kms
import data.crm.lib.tf

# Keys to check: {secret, path, value, where}.
_keys contains {"secret": s, "path": "kms_key_id", "value": object.get(s.values, "kms_key_id", null), "where": ""} if {
	some s in tf.resources("aws_secretsmanager_secret")
}

_keys contains {"secret": s, "path": "replica.kms_key_id", "value": object.get(rep, "kms_key_id", null), "where": concat("", [" in its replica for ", object.get(rep, "region", "?")])} if {
	some s in tf.resources("aws_secretsmanager_secret")
	some rep in tf.blocks(object.get(s.values, "replica", []))
}

deny contains tf.finding(k.secret, msg) if {
	some k in _keys
	kms.key_at(k.secret, k.path, k.value) in {"absent", "aws-managed"}
	msg := concat("", [
		"`", k.secret.address, "` has ", kms.shown(k.path, k.value), k.where,
		" (the AWS-managed aws/secretsmanager key); set it to a customer-managed aws_kms_key",
	])
}

deny contains {"resource": k.secret.address, "message": msg, "unverifiable": true} if {
	some k in _keys
	kms.key_at(k.secret, k.path, k.value) == "unknown"
	msg := concat("", ["`", k.secret.address, "` sets `", k.path, "`", k.where, " from an expression known only after apply, so it cannot be proven that the key is customer-managed"])
}
