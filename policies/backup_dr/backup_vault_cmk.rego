# METADATA
# title: Backup vaults are encrypted with a customer-managed key
# description: >-
#   Recovery points are full copies of customer PII. Every aws_backup_vault must set `kms_key_arn`
#   to a customer-managed key: a reference to an aws_kms_key / aws_kms_replica_key (directly or
#   through an aws_kms_alias) or a literal key ARN. Absent means the AWS-managed aws/backup key,
#   which cannot be restricted or shared. An expression that resolves to no key in the
#   configuration is unverifiable. That the key lives in the vault's region is CRM-BDR-012.
# scope: package
# custom:
#   id: CRM-BDR-006
#   severity: medium
#   family: BDR
#   controls:
#     aws-fsbp: [Backup.1]
#     iso27001-2022: [A.8.24, A.8.13]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: `new BackupVault(this, "vault", { name, kmsKeyArn: key.arn })` with a KmsKey in the
#     vault's region. Terraform: `kms_key_arn = aws_kms_key.<name>.arn` on aws_backup_vault.
package crm.rules.backup_dr.backup_vault_cmk

import data.crm.lib.tf

deny contains tf.finding(v, msg) if {
	some v in tf.resources("aws_backup_vault")
	not tf.unknown(v, "kms_key_arn")
	not tf.cmk(v, "kms_key_arn")
	msg := concat("", [
		"`", v.address, "` encrypts recovery points with the AWS-managed backup key (", tf.shown(v, "kms_key_arn"),
		"); set `kms_key_arn` to a customer-managed aws_kms_key",
	])
}

deny contains tf.unverifiable(v, "kms_key_arn", "the vault uses a customer-managed key") if {
	some v in tf.resources("aws_backup_vault")
	tf.unknown(v, "kms_key_arn")
	not tf.cmk(v, "kms_key_arn")
}
