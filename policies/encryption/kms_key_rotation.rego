# METADATA
# title: Customer-managed KMS keys rotate automatically
# description: >-
#   Every PII store hangs off these keys; non-rotating key material enlarges the blast radius of a
#   leak. Each symmetric encryption aws_kms_key (customer_master_key_spec SYMMETRIC_DEFAULT, the
#   default, and key_usage ENCRYPT_DECRYPT, the default, in the AWS key store) must set
#   enable_key_rotation = true (default false) with rotation_period_in_days at most 365 (365 when
#   absent). Asymmetric and HMAC keys, custom key stores and aws_kms_external_key cannot rotate
#   automatically and are not applicable; aws_kms_replica_key follows its primary. A key whose
#   custom_key_store_id is known only after apply and that does not turn rotation on is
#   unverifiable.
# scope: package
# custom:
#   id: CRM-ENC-001
#   severity: high
#   family: ENC
#   controls:
#     aws-fsbp: [KMS.4]
#     cis-aws-3.0: ["3.6"]
#     iso27001-2022: [A.8.24]
#     gdpr: [Art. 32]
#   remediation: >-
#     CDKTF: on KmsKey set `enableKeyRotation: true` (and `rotationPeriodInDays` ≤ 365 if you set it).
#     Terraform: `enable_key_rotation = true` on `aws_kms_key`, `rotation_period_in_days` between 90 and 365.
package crm.rules.encryption.kms_key_rotation

import data.crm.lib.tf

_max_period := 365

# Symmetric encryption keys in the AWS key store; an unknown spec or usage stays in scope (fail closed).
_keys[k.address] := k if {
	some k in _symmetric
	not k.values.custom_key_store_id
}

# An empty custom_key_store_id is unset (the AWS key store).
_keys[k.address] := k if {
	some k in _symmetric
	k.values.custom_key_store_id == ""
}

_symmetric contains k if {
	some k in tf.resources("aws_kms_key")
	_is(k, "customer_master_key_spec", "SYMMETRIC_DEFAULT")
	_is(k, "key_usage", "ENCRYPT_DECRYPT")
}

# A key store known only after apply: rotation applies unless it names a custom key store, so a
# key that does not turn rotation on cannot be judged either way.
deny contains tf.unverifiable(k, "custom_key_store_id", "the key is in a custom key store (exempt from rotation); in the AWS key store it would not rotate, as `enable_key_rotation` is not true") if {
	some k in _symmetric
	tf.unknown(k, "custom_key_store_id")
	tf.value(k, "enable_key_rotation", false) != true
}

_is(k, attr, _) if tf.unknown(k, attr)

_is(k, attr, want) if tf.value(k, attr, want) == want

deny contains tf.unverifiable(k, "enable_key_rotation", "automatic key rotation is on") if {
	some k in _keys
	tf.unknown(k, "enable_key_rotation")
}

deny contains tf.finding(k, msg) if {
	some k in _keys
	not tf.unknown(k, "enable_key_rotation")
	tf.value(k, "enable_key_rotation", false) != true
	msg := concat("", ["`", k.address, "` has ", tf.shown(k, "enable_key_rotation"), "; set it to true so the key material rotates at least yearly"])
}

deny contains tf.unverifiable(k, "rotation_period_in_days", "the key rotates at least every 365 days") if {
	some k in _keys
	k.values.enable_key_rotation == true
	tf.unknown(k, "rotation_period_in_days")
}

deny contains tf.finding(k, msg) if {
	some k in _keys
	k.values.enable_key_rotation == true
	not tf.unknown(k, "rotation_period_in_days")
	to_number(k.values.rotation_period_in_days) > _max_period
	msg := concat("", ["`", k.address, "` has ", tf.shown(k, "rotation_period_in_days"), "; rotate at least every 365 days (set it to 365 or less)"])
}
