# METADATA
# title: DR-region resources are encrypted with keys that live in the DR region
# description: >-
#   A KMS key is regional: a cross-region key reference either fails at apply or silently couples
#   the DR copy to the region it must survive (drill rule U3). For every key binding (an attribute
#   named kms_key_id, kms_key_arn, kms_master_key_id, replica_kms_key_id, target_key_id, kms_key,
#   master_user_secret_kms_key_id or performance_insights_kms_key_id, at any depth) the key's
#   region (the effective region of the referenced aws_kms_key / aws_kms_replica_key, through an
#   aws_kms_alias too, or the region segment of a literal key ARN) must equal the region the data
#   lands in: the resource's effective region, except for S3 replication
#   (`destination.encryption_configuration.replica_kms_key_id`: the destination bucket's region),
#   Secrets Manager replicas (`replica.kms_key_id`: `replica.region`) and DynamoDB replicas
#   (`replica.kms_key_arn`: `replica.region_name`). DR copies in the DR region must not rely on an
#   AWS-managed key: cross-region read replicas and replica clusters (`kms_key_id`), automated
#   backup replications (`kms_key_id`), secret replicas and DynamoDB replicas there need a
#   customer-managed key. Literal alias names and key ids resolve in the caller's region and pass;
#   a DR copy whose key expression resolves to nothing in the configuration is unverifiable.
#   Multi-region keys: create an aws_kms_replica_key of the primary in the DR region.
# scope: package
# custom:
#   id: CRM-BDR-012
#   severity: high
#   family: BDR
#   controls:
#     iso27001-2022: ["A.8.24?", "A.5.30?"]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: create the key with the DR-region provider (`new KmsKey(this, "dr-key", { provider: drProvider
#     })` or a KmsReplicaKey of a multi-region primary) and pass `drKey.arn` to the DR resource's key
#     attribute. Terraform: `kms_key_id = aws_kms_key.<dr>.arn` where `aws_kms_key.<dr>` has `provider =
#     aws.dr` (or `aws_kms_replica_key { provider = aws.dr, primary_key_arn = aws_kms_key.<primary>.arn }`).
package crm.rules.backup_dr.dr_keys_in_region

import data.crm.lib.dr
import data.crm.lib.tf

_key_attrs := {
	"kms_key_id", "kms_key_arn", "kms_master_key_id", "replica_kms_key_id", "target_key_id", "kms_key",
	"master_user_secret_kms_key_id", "performance_insights_kms_key_id",
}

# Paths whose key protects a copy in another region; checked item by item below.
_destination_paths := {
	"aws_s3_bucket_replication_configuration": "rule.destination.encryption_configuration.replica_kms_key_id",
	"aws_s3_bucket": "replication_configuration.rules.destination.replica_kms_key_id",
	"aws_secretsmanager_secret": "replica.kms_key_id",
	"aws_dynamodb_table": "replica.kms_key_arn",
}

_key_types := tf.kms_key_types | {"aws_kms_alias"}

_last(path) := parts[count(parts) - 1] if parts := split(path, ".")

_generic_path(r, path) if {
	_key_attrs[_last(path)]
	path != object.get(_destination_paths, r.type, "")
}

# Bindings by reference: {resource, path, key, key_region, expected}, from each key's referrers.
# The keys of a path are the keys behind each of its references (dr.keys of an absent value).
# Only mismatched bindings are kept (the finding's condition, tested first: a binding object for
# every key reference cost most of the rule). Each key or alias is resolved once, before its
# referrers, so a referrer in the key's region is dismissed without reading its paths; a path
# referencing several keys is reached from each of them.
_bindings contains {"resource": r.address, "path": path, "key": k, "key_region": key_region, "expected": r.region} if {
	resources := input.resources
	referrers := input.referrers
	some type in _key_types
	some key in object.get(input.by_type, type, [])
	some k in dr.keys_behind(key)
	key_region := resources[k].region
	is_string(key_region)
	some refs in object.get(referrers, key, {})
	some a in refs
	r := resources[a]
	region := r.region
	is_string(region)
	key_region != region
	some path, targets in r.refs
	key in targets
	_generic_path(r, path)
}

# Bindings by literal key ARN, at any depth (the model's `literal_arns`).
_bindings contains {"resource": r.address, "path": path, "key": v, "key_region": dr.arn_region(v), "expected": r.region} if {
	some a, arns in input.literal_arns
	some {"path": p, "value": v} in arns
	contains(v, ":kms:")
	p[count(p) - 1] in _key_attrs
	dr.arn_region(v)
	r := input.resources[a]
	path := concat(".", [x | some x in p; is_string(x)])
	_generic_path(r, path)
}

# S3 replication: the replica key must live with the destination bucket.
_bindings contains {"resource": x.resource, "path": x.key_path, "key": k.key, "key_region": k.region, "expected": region} if {
	some b in tf.resources("aws_s3_bucket")
	some x in dr.replications(b)
	some k in dr.keys(input.resources[x.resource], x.key_path, x.key_value)
	some region in x.dest.regions
}

_replica_blocks := [
	["aws_secretsmanager_secret", "replica", "kms_key_id", "region"],
	["aws_dynamodb_table", "replica", "kms_key_arn", "region_name"],
]

_replicas contains {"resource": r, "path": concat(".", [block, attr]), "value": object.get(item, attr, null), "region": object.get(item, region_attr, null)} if {
	some [type, block, attr, region_attr] in _replica_blocks
	some r in tf.resources(type)
	some item in tf.blocks(object.get(r.values, block, []))
}

_bindings contains {"resource": x.resource.address, "path": x.path, "key": k.key, "key_region": k.region, "expected": x.region} if {
	some x in _replicas
	some k in dr.keys(x.resource, x.path, x.value)
}

deny contains {"resource": b.resource, "message": msg} if {
	some b in _bindings
	is_string(b.key_region)
	is_string(b.expected)
	b.key_region != b.expected
	msg := concat("", [
		"`", b.resource, "` protects data in ", b.expected, " with `", b.path, "` = key `", b.key, "` from ", b.key_region,
		"; use a key that lives in ", b.expected, " (an aws_kms_key or aws_kms_replica_key created with that region's provider)",
	])
}

# DR copies in the DR region must use a customer-managed key.
_dr_copies contains {"resource": r, "path": "kms_key_id", "value": object.get(r.values, "kms_key_id", null), "what": "cross-region read replica"} if {
	some r in tf.resources("aws_db_instance")
	dr.in_dr(r)
	r.values.replicate_source_db
}

_dr_copies contains {"resource": r, "path": "kms_key_id", "value": object.get(r.values, "kms_key_id", null), "what": "replica cluster"} if {
	some r in tf.resources("aws_rds_cluster")
	dr.in_dr(r)
	some attr in ["replication_source_identifier", "global_cluster_identifier"]
	r.values[attr]
}

_dr_copies contains {"resource": r, "path": "kms_key_id", "value": object.get(r.values, "kms_key_id", null), "what": "automated backup replication"} if {
	some r in tf.resources("aws_db_instance_automated_backups_replication")
	dr.in_dr(r)
}

_dr_copies contains {"resource": x.resource, "path": x.path, "value": x.value, "what": "replica"} if {
	some x in _replicas
	x.region == dr.region
}

deny contains {"resource": c.resource.address, "message": msg} if {
	some c in _dr_copies
	not dr.cmk_value(c.resource, c.path, c.value)
	not dr.expr(c.value)
	msg := concat("", [
		"`", c.resource.address, "` is a ", c.what, " in DR region ", dr.region_text, " relying on an AWS-managed key (`", c.path, " = ",
		tf.show(c.value), "`); set it to a customer-managed key created in ", dr.region_text,
	])
}

deny contains {"resource": c.resource.address, "message": msg, "unverifiable": true} if {
	some c in _dr_copies
	dr.key_unresolved(c.resource, c.path, c.value)
	msg := concat("", [
		"`", c.resource.address, "` (", c.what, " in DR region ", dr.region_text, ") takes `", c.path, "` from an expression that ",
		"resolves to no key in the configuration (", tf.show(c.value), "), so it cannot be proven that the key lives in the DR region",
	])
}
