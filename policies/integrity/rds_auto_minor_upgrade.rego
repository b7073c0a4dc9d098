# METADATA
# title: RDS engines receive minor-version (security) upgrades automatically
# description: >-
#   Unpatched database engine CVEs are directly exploitable against customer PII. aws_db_instance,
#   aws_rds_cluster_instance and aws_rds_cluster must not turn auto_minor_version_upgrade off
#   (absent means the AWS default, true).
# scope: package
# custom:
#   id: CRM-INT-001
#   severity: high
#   family: INT
#   controls:
#     aws-fsbp: [RDS.13, RDS.35]
#     cis-aws-3.0: ["2.3.2"]
#     iso27001-2022: ["A.8.8?"]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: set `autoMinorVersionUpgrade: true` (or leave it unset) on DbInstance,
#     RdsClusterInstance and RdsCluster. Terraform: `auto_minor_version_upgrade = true`.
package crm.rules.integrity.rds_auto_minor_upgrade

import data.crm.lib.tf

_types := ["aws_db_instance", "aws_rds_cluster_instance", "aws_rds_cluster"]

deny contains tf.finding(r, msg) if {
	some type in _types
	some r in tf.resources(type)
	r.values.auto_minor_version_upgrade == false
	msg := concat("", ["`", r.address, "` has `auto_minor_version_upgrade = false`; set it to true so engine security patches are applied in the maintenance window"])
}

deny contains tf.unverifiable(r, "auto_minor_version_upgrade", "minor-version security upgrades are applied") if {
	some type in _types
	some r in tf.resources(type)
	tf.unknown(r, "auto_minor_version_upgrade")
}
