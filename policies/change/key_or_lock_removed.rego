# METADATA
# title: A plan does not delete or disable KMS keys, nor remove vault or object locks
# description: >-
#   Destroying an aws_kms_key (or aws_kms_replica_key) schedules its deletion: after the waiting
#   period every backup, snapshot and object encrypted under it is unreadable — a crypto-shredding
#   of the CRM data. Fires when a key is planned for delete or replace (with the forcing attributes)
#   or updated to `is_enabled = false`, and when an aws_backup_vault_lock_configuration or
#   aws_s3_bucket_object_lock_configuration (the ransomware protection of backups and records) is
#   destroyed. Evaluated on plans and on `--compare-to` input; a deliberate key retirement is
#   approved with a waiver.
# scope: package
# custom:
#   id: CRM-CHG-005
#   severity: critical
#   enforcement: hard-mandatory
#   waivable: true
#   family: CHG
#   controls:
#     iso27001-2022: [A.8.24, A.8.13, A.8.32]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF and Terraform alike: keep CRM keys enabled and in the configuration (rotate with `enable_key_rotation` instead of
#     replacing them), and keep vault locks and object locks; retire a key only after every copy
#     encrypted under it is re-encrypted or expired, with a waiver.
package crm.rules.change.key_or_lock_removed

import data.crm.lib.changes

deny contains {"resource": c.address, "message": msg} if {
	some type in ["aws_kms_key", "aws_kms_replica_key"]
	some c in changes.of_type(type)
	changes.destroys(c)
	msg := concat("", [
		"`", c.address, "` is planned to be ", changes.verb(c), changes.forcing(c), ": destroying a KMS key schedules its",
		" deletion, after which everything encrypted under it (backups, snapshots, objects) is unreadable; keep the key",
	])
}

deny contains {"resource": c.address, "message": msg} if {
	some type in ["aws_kms_key", "aws_kms_replica_key"]
	some c in changes.of_type(type)
	changes.updates(c)
	changes.before(c, "is_enabled", true) == true
	changes.after(c, "is_enabled", true) == false
	msg := concat("", ["`", c.address, "` is planned to be disabled (`is_enabled` true → false): data encrypted under it cannot be decrypted"])
}

_locks := {
	"aws_backup_vault_lock_configuration": "the backup vault lock (recovery points become deletable)",
	"aws_s3_bucket_object_lock_configuration": "the bucket's object-lock default retention",
}

deny contains {"resource": c.address, "message": msg} if {
	some type, what in _locks
	some c in changes.of_type(type)
	changes.destroys(c)
	not changes.replaces(c)
	msg := concat("", ["`", c.address, "` is planned to be destroyed: ", what, " is removed; keep it"])
}
