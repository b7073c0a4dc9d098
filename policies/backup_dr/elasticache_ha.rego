# METADATA
# title: ElastiCache is highly available and snapshotted
# description: >-
#   Losing the session store or cache degrades the CRM, and Redis/Valkey used as a store needs
#   backups. Every aws_elasticache_replication_group needs `automatic_failover_enabled = true`,
#   `multi_az_enabled = true`, at least two nodes per shard (`num_cache_clusters >= 2`, or with
#   cluster mode `replicas_per_node_group >= 1`) and `snapshot_retention_limit >= 1` day. Absent
#   values mean the provider defaults (false / one node / 0 days); values known only after apply
#   are unverifiable.
# scope: package
# custom:
#   id: CRM-BDR-013
#   severity: medium
#   family: BDR
#   controls:
#     aws-fsbp: [ElastiCache.3, ElastiCache.1]
#     iso27001-2022: [A.8.14]
#   remediation: >-
#     CDKTF: on ElasticacheReplicationGroup set `automaticFailoverEnabled: true`, `multiAzEnabled:
#     true`, `numCacheClusters: 2` (or `replicasPerNodeGroup: 1` with cluster mode) and
#     `snapshotRetentionLimit: 7`. Terraform: `automatic_failover_enabled = true`, `multi_az_enabled =
#     true`, `num_cache_clusters = 2`, `snapshot_retention_limit = 7`.
package crm.rules.backup_dr.elasticache_ha

import data.crm.lib.tf

_groups := tf.resources("aws_elasticache_replication_group")

_flags := ["automatic_failover_enabled", "multi_az_enabled"]

deny contains tf.finding(g, msg) if {
	some g in _groups
	some attr in _flags
	not tf.unknown(g, attr)
	tf.value(g, attr, false) != true
	msg := concat("", ["`", g.address, "` has ", tf.shown(g, attr), "; set `", attr, "` to true so a replica in another AZ takes over"])
}

_cluster_mode(g) if "num_node_groups" in object.keys(g.values)

_cluster_mode(g) if "replicas_per_node_group" in object.keys(g.values)

deny contains tf.finding(g, msg) if {
	some g in _groups
	not _cluster_mode(g)
	attr := "num_cache_clusters"
	not tf.unknown(g, attr)
	n := tf.value(g, attr, 1)
	is_number(n)
	n < 2
	msg := concat("", ["`", g.address, "` runs a single node (", tf.shown(g, attr), "); set `num_cache_clusters` to at least 2"])
}

deny contains tf.finding(g, msg) if {
	some g in _groups
	_cluster_mode(g)
	attr := "replicas_per_node_group"
	not tf.unknown(g, attr)
	n := tf.value(g, attr, 0)
	is_number(n)
	n < 1
	msg := concat("", ["`", g.address, "` has shards without a replica (", tf.shown(g, attr), "); set `replicas_per_node_group` to at least 1"])
}

deny contains tf.finding(g, msg) if {
	some g in _groups
	attr := "snapshot_retention_limit"
	not tf.unknown(g, attr)
	n := tf.value(g, attr, 0)
	is_number(n)
	n < 1
	msg := concat("", ["`", g.address, "` keeps no automatic snapshots (", tf.shown(g, attr), "); set `snapshot_retention_limit` to at least 1 day"])
}

deny contains tf.unverifiable(g, attr, "the replication group is highly available and snapshotted") if {
	some g in _groups
	some attr in array.concat(_flags, ["num_cache_clusters", "replicas_per_node_group", "snapshot_retention_limit"])
	tf.unknown(g, attr)
}
