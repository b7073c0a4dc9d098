# METADATA
# title: Tag helpers
# description: >-
#   Effective tags of a resource (baseline §1.2): the provider configuration's `default_tags`
#   merged under the resource's own `tags` (cdk.tf.json) or `tags_all` (plan JSON, already merged).
#   Also the "CRM data store" and classification predicates of baseline §1.3.
# scope: package
package crm.lib.tags

import data.crm.lib.tf

_objects(v) := [t | some t in tf.blocks(v); is_object(t)]

# Each provider configuration's default tags, merged once per evaluation (wasm memoizes rules,
# not function calls). object.union_n of an empty array is undefined in the wasm runtime (OPA
# gives {}): seed it with {}.
_provider_defaults[key] := object.union_n(array.concat([{}], [t |
	some dt in _objects(object.get(object.get(p, "values", {}), "default_tags", []))
	t := object.get(dt, "tags", {})
	is_object(t)
])) if {
	some key, p in input.providers
}

# One empty object for every resource without a tag map: a `{}` literal in a function body
# would be allocated again on every call.
_no_tags := {}

_default_tags(r) := object.get(_provider_defaults, r.provider, _no_tags)

# METADATA
# title: Default tags of a provider configuration
# description: The merged `default_tags` of the provider configuration with this key (empty when none).
provider_defaults(key) := object.get(_provider_defaults, key, _no_tags)

_own(r, attr) := _object_or_empty(object.get(r.values, attr, _no_tags))

_object_or_empty(v) := v if is_object(v)

_object_or_empty(v) := _no_tags if not is_object(v)

# METADATA
# title: Effective tags
# description: Provider default tags, overridden by `tags_all` and then by the resource's own `tags`.
effective(r) := object.union_n([_default_tags(r), _own(r, "tags_all"), _own(r, "tags")])

# METADATA
# title: Own tag map
# description: >-
#   The resource's own `tags` or `tags_all` (attr) as `effective` reads it: {} when absent or not
#   an object. With default_map, the three maps layered reads.
own_map(r, attr) := _own(r, attr)

# METADATA
# title: Provider default tag map
# description: The default tags of the resource's provider configuration, merged ({} when none).
default_map(r) := _default_tags(r)

# METADATA
# title: Tag value from the tag maps
# description: >-
#   object.get(effective(r), key, fallback) given own_map(r, "tags"), own_map(r, "tags_all") and
#   default_map(r) (read once per resource by a caller checking several keys), without merging every
#   tag: the value of the first map holding the key. An object value (which union_n would merge
#   with the lower maps' objects) takes the full merge.
layered(r, t, ta, d, key, fallback) := _resolved(r, key, fallback, object.get(t, key, object.get(ta, key, object.get(d, key, fallback))))

_resolved(_, _, _, v) := v if not is_object(v)

_resolved(r, key, fallback, v) := object.get(effective(r), key, fallback) if is_object(v)

# METADATA
# title: Tag value or a default
# description: object.get(effective(r), key, fallback), reading only that key.
tag_or(r, key, fallback) := layered(r, _own(r, "tags"), _own(r, "tags_all"), _default_tags(r), key, fallback)

# METADATA
# title: Tag map known only after apply
# description: True when the resource's `tags` as a whole is an expression (e.g. `${var.tags}`), so its keys cannot be listed.
tags_unknown(r) if tf.unknown(r, "tags")

tags_unknown(r) if {
	is_string(r.values.tags)
	contains(r.values.tags, "${")
}

# METADATA
# title: Tag value is an expression
# description: True when the tag's value holds a Terraform expression known only after apply.
value_unknown(v) if {
	is_string(v)
	contains(v, "${")
}

# METADATA
# title: Tag value
# description: The effective value of a tag, or undefined when absent.
tag(r, key) := _present(r, key, tag_or(r, key, _absent))

# Marks an absent tag: a set, which no JSON tag value can be (a tag holding this very set takes
# the full merge).
_absent := {"(absent)"}

_present(_, _, v) := v if v != _absent

_present(r, key, v) := effective(r)[key] if v == _absent

# METADATA
# title: Classification values that mark CRM data
# description: DataClassification values that make any resource a CRM data store (baseline §1.3).
sensitive_classes := {"confidential", "restricted"}

# METADATA
# title: CRM data store types
# description: Resource types that are CRM data stores whatever their tags (baseline §1.3).
data_store_types := {
	"aws_s3_bucket", "aws_db_instance", "aws_rds_cluster", "aws_elasticache_replication_group",
	"aws_efs_file_system", "aws_dynamodb_table", "aws_backup_vault", "aws_secretsmanager_secret",
}
