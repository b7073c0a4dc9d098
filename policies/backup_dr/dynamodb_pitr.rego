# METADATA
# title: DynamoDB tables have point-in-time recovery
# description: >-
#   Without continuous backups a bad write or a ransomware-style wipe of CRM session or activity
#   data is unrecoverable. Every aws_dynamodb_table needs `point_in_time_recovery { enabled = true
#   }` (absent means false). A value known only after apply is unverifiable. Deletion protection is
#   CRM-BDR-003.
# scope: package
# custom:
#   id: CRM-BDR-017
#   severity: medium
#   family: BDR
#   controls:
#     aws-fsbp: [DynamoDB.2]
#     iso27001-2022: ["A.8.13?"]
#     gdpr: ["Art. 32(1)(c)?"]
#   remediation: >-
#     CDKTF: `pointInTimeRecovery: { enabled: true }` on DynamodbTable. Terraform:
#     `point_in_time_recovery { enabled = true }` on aws_dynamodb_table.
package crm.rules.backup_dr.dynamodb_pitr

import data.crm.lib.dr
import data.crm.lib.tf

_pitr(t) := [object.get(p, "enabled", false) | some p in tf.blocks(object.get(t.values, "point_in_time_recovery", []))]

deny contains tf.finding(t, msg) if {
	some t in tf.resources("aws_dynamodb_table")
	not true in _pitr(t)
	not _unknown(t)
	msg := concat("", [
		"`", t.address, "` has no point-in-time recovery (", _shown(_pitr(t)),
		"); set `point_in_time_recovery { enabled = true }`",
	])
}

_shown([]) := "`point_in_time_recovery` absent"

_shown(v) := concat("", ["`point_in_time_recovery.enabled`: ", tf.show(v)]) if v != []

_unknown(t) if {
	some v in _pitr(t)
	dr.expr(v)
}

deny contains {"resource": t.address, "message": msg, "unverifiable": true} if {
	some t in tf.resources("aws_dynamodb_table")
	not true in _pitr(t)
	_unknown(t)
	msg := concat("", [
		"`", t.address, "` sets `point_in_time_recovery.enabled` from an expression known only after apply, ",
		"so it cannot be proven that the table has point-in-time recovery",
	])
}
