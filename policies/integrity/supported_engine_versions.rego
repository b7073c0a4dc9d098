# METADATA
# title: Databases and caches run a supported engine version
# description: >-
#   An engine past end of standard support gets no security fixes (and RDS Extended Support bills
#   for the delay). The `engine_version` of aws_db_instance, aws_rds_cluster,
#   aws_elasticache_replication_group and aws_elasticache_cluster (and `major_engine_version` of
#   aws_elasticache_serverless_cache) must not be below its engine's `min` in
#   `supported_engine_versions` (config table with the end-of-support reason; versions compare by
#   their leading dotted numbers, so "8.0.mysql_aurora.3.05.2" is 8.0). No version set means the
#   current default and passes; a read replica follows its source; a version known only after
#   apply is unverifiable; engines absent from the table are not checked.
# scope: package
# custom:
#   id: CRM-INT-012
#   severity: medium
#   family: INT
#   controls:
#     iso27001-2022: [A.8.8]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: raise `engineVersion` on DbInstance / RdsCluster / ElasticacheReplicationGroup to a
#     supported major (with `allowMajorVersionUpgrade: true` for the upgrade). Terraform: raise
#     `engine_version` (e.g. "16.4" for PostgreSQL, "8.4.3" for MySQL, "7.1" for Redis OSS).
package crm.rules.integrity.supported_engine_versions

import data.crm.lib.dr
import data.crm.lib.rds
import data.crm.lib.tf

_version_attr := {
	"aws_db_instance": "engine_version",
	"aws_rds_cluster": "engine_version",
	"aws_elasticache_replication_group": "engine_version",
	"aws_elasticache_cluster": "engine_version",
	"aws_elasticache_serverless_cache": "major_engine_version",
}

# ElastiCache's engine defaults to redis when absent.
_engine(r) := rds.engine(r) if not startswith(r.type, "aws_elasticache")

_engine(r) := object.get(r.values, "engine", "redis") if startswith(r.type, "aws_elasticache")

# A list, not a set: no hashing of every resource on insert.
_checked := [[r, attr, spec] |
	some type, attr in _version_attr
	some r in tf.resources(type)
	spec := data.config.supported_engine_versions[_engine(r)]
]

# The leading dotted numbers of a version: "8.0.mysql_aurora.3.05.2" → [8, 0].
_numbers(v) := [to_number(p) | some i, p in parts; i < _numeric_prefix(parts)] if {
	is_string(v)
	parts := split(v, ".")
}

_numeric_prefix(parts) := min({i | some i, p in parts; not regex.match(`^[0-9]+$`, p)} | {count(parts)})

# v < min, comparing the components min names (a missing component of v counts as 0).
_below(v, min) if {
	some i, m in min
	_at(v, i) < m
	count([j | some j, mj in min; j < i; _at(v, j) != mj]) == 0
}

_at(v, i) := v[i] if i < count(v)

_at(v, i) := 0 if i >= count(v)

# The numbers of each distinct version and minimum, computed once (wasm memoizes no function call,
# and each number is tested with a regex).
_version_numbers[v] := _numbers(v) if {
	some [r, attr, spec] in _checked
	some v in [r.values[attr], spec.min]
}

deny contains tf.finding(r, msg) if {
	some [r, attr, spec] in _checked
	_below(_version_numbers[r.values[attr]], _version_numbers[spec.min])
	msg := concat("", [
		"`", r.address, "` runs ", _engine(r), " ", tf.shown(r, attr), ", below the oldest supported version ", spec.min,
		" (", spec.because, "); upgrade the engine",
	])
}

deny contains tf.unverifiable(r, attr, "the engine version is supported") if {
	some [r, attr, _] in _checked
	dr.expr(r.values[attr])
}
