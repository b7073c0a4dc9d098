package crm.rules.backup_dr.elasticache_ha_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.elasticache_ha as rule

_good := {"automatic_failover_enabled": true, "multi_az_enabled": true, "num_cache_clusters": 2, "snapshot_retention_limit": 7}

_group(values) := fx.resource("aws_elasticache_replication_group.sessions", values)

test_ha_group_passes if {
	count(rule.deny) == 0 with input as fx.model([_group(_good)])
}

test_cluster_mode_with_replicas_passes if {
	g := _group(object.union(object.remove(_good, ["num_cache_clusters"]), {"num_node_groups": 2, "replicas_per_node_group": 1}))
	count(rule.deny) == 0 with input as fx.model([g])
}

test_bare_group_fails_every_gap if {
	fs := rule.deny with input as fx.model([_group({})])
	count(fs) == 4
}

test_single_node_fails if {
	some f in rule.deny with input as fx.model([_group(object.union(_good, {"num_cache_clusters": 1}))])
	contains(f.message, "`num_cache_clusters = 1`")
}

test_cluster_mode_without_replicas_fails if {
	g := _group(object.union(object.remove(_good, ["num_cache_clusters"]), {"num_node_groups": 2}))
	some f in rule.deny with input as fx.model([g])
	contains(f.message, "`replicas_per_node_group` absent")
}

test_failover_off_fails if {
	some f in rule.deny with input as fx.model([_group(object.union(_good, {"automatic_failover_enabled": false}))])
	contains(f.message, "`automatic_failover_enabled = false`")
}

test_no_snapshots_fails if {
	some f in rule.deny with input as fx.model([_group(object.union(_good, {"snapshot_retention_limit": 0}))])
	contains(f.message, "keeps no automatic snapshots")
}

test_unknown_value_unverifiable if {
	g := fx.with_unknown(_group(object.union(_good, {"num_cache_clusters": "${var.n}"})), ["num_cache_clusters"])
	some f in rule.deny with input as fx.model([g])
	f.unverifiable == true
}

test_replicas_without_node_groups_is_cluster_mode if {
	g := _group(object.union(object.remove(_good, ["num_cache_clusters"]), {"replicas_per_node_group": 2}))
	count(rule.deny) == 0 with input as fx.model([g])
}
