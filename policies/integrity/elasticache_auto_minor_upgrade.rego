# METADATA
# title: ElastiCache applies minor-version upgrades automatically
# description: >-
#   Cache engines are internal-only but still need security patches. aws_elasticache_replication_group
#   and aws_elasticache_cluster must not turn `auto_minor_version_upgrade` off (absent means the
#   default, true; the provider types it as a string "true"/"false" on replication groups, so both
#   forms are read). A value known only after apply is unverifiable.
# scope: package
# custom:
#   id: CRM-INT-010
#   severity: low
#   family: INT
#   controls:
#     aws-fsbp: [ElastiCache.2]
#     iso27001-2022: ["A.8.8?"]
#   remediation: >-
#     CDKTF: `autoMinorVersionUpgrade: "true"` (or leave it unset) on ElasticacheReplicationGroup /
#     ElasticacheCluster. Terraform: `auto_minor_version_upgrade = true`.
package crm.rules.integrity.elasticache_auto_minor_upgrade

import data.crm.lib.tf

_types := ["aws_elasticache_replication_group", "aws_elasticache_cluster"]

deny contains tf.finding(r, msg) if {
	some type in _types
	some r in tf.resources(type)
	r.values.auto_minor_version_upgrade in {false, "false"}
	msg := concat("", [
		"`", r.address, "` has ", tf.shown(r, "auto_minor_version_upgrade"),
		"; set it to true so engine security patches are applied in the maintenance window",
	])
}

deny contains tf.unverifiable(r, "auto_minor_version_upgrade", "minor-version upgrades are applied") if {
	some type in _types
	some r in tf.resources(type)
	tf.unknown(r, "auto_minor_version_upgrade")
}
