# METADATA
# title: RDS automated backups are kept at least the minimum retention
# description: >-
#   Point-in-time recovery is the first remedy for ransomware and bad migrations. Every
#   aws_db_instance (read replicas excluded) and aws_rds_cluster must keep automated backups for at
#   least `min_backup_retention_days` (default 7). An absent value means the RDS default of one day.
# scope: package
# custom:
#   id: CRM-BDR-002
#   severity: high
#   family: BDR
#   controls:
#     aws-fsbp: [RDS.11]
#     iso27001-2022: ["A.8.13?"]
#     gdpr: [Art. 32]
#   remediation: >-
#     CDKTF: set `backupRetentionPeriod: 7` (or more) on DbInstance / RdsCluster.
#     Terraform: `backup_retention_period = 7` or more (the config key min_backup_retention_days sets the floor).
package crm.rules.backup_dr.rds_backup_retention

import data.crm.lib.tf

_databases[r.address] := r if {
	some r in tf.resources("aws_db_instance")
	not r.values.replicate_source_db
}

_databases[r.address] := r if some r in tf.resources("aws_rds_cluster")

deny contains tf.finding(r, msg) if {
	some r in _databases
	not tf.unknown(r, "backup_retention_period")
	days := tf.value(r, "backup_retention_period", 1)
	days < data.config.min_backup_retention_days
	msg := concat("", [
		"`", r.address, "` keeps automated backups for ", format_int(days, 10), " day(s) (", tf.shown(r, "backup_retention_period"),
		"); set `backup_retention_period` to at least ", format_int(data.config.min_backup_retention_days, 10),
	])
}

deny contains tf.unverifiable(r, "backup_retention_period", "backups are retained long enough") if {
	some r in _databases
	tf.unknown(r, "backup_retention_period")
}
