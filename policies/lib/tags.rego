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

_default_tags(r) := object.get(_provider_defaults, r.provider, {})

_own(r, attr) := v if {
	v := object.get(r.values, attr, {})
	is_object(v)
}

_own(r, attr) := {} if not is_object(object.get(r.values, attr, {}))

# METADATA
# title: Effective tags
# description: Provider default tags, overridden by `tags_all` and then by the resource's own `tags`.
effective(r) := object.union_n([_default_tags(r), _own(r, "tags_all"), _own(r, "tags")])

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
tag(r, key) := effective(r)[key]

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
