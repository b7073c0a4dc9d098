# METADATA
# title: Resources carry data-classification and owner tags
# description: >-
#   Classification drives which controls apply and who answers for a finding (ISO asset inventory
#   and labelling). Every taggable AWS resource (one that declares `tags` / `tags_all`, or of a
#   commonly tagged type) must carry, in its effective tags (its own `tags` over the provider's
#   `default_tags`, or `tags_all` in plans), each key of `required_tags` (default: DataClassification
#   in public/internal/confidential/restricted, Owner non-empty) with an allowed value. A CRM data
#   store (bucket, database, cluster, cache, file system, table, vault, secret) must not be
#   classified `public`. A tag value, or a whole tag map, known only after apply is unverifiable;
#   an absent key fails.
# scope: package
# custom:
#   id: CRM-CMP-003
#   severity: medium
#   family: CMP
#   controls:
#     iso27001-2022: ["A.5.12?", A.5.13, "A.5.9?"]
#     gdpr: ["Art. 30?"]
#   remediation: >-
#     CDKTF: `new AwsProvider(this, "aws", { region, defaultTags: [{ tags: { DataClassification:
#     "confidential", Owner: "crm-platform" } }] })`, overriding `tags` per resource where the
#     classification differs. Terraform: `provider "aws" { default_tags { tags = { DataClassification =
#     "confidential", Owner = "crm-platform" } } }`.
package crm.rules.compliance.required_tags

import data.crm.lib.tags
import data.crm.lib.tf

_taggable_types := {
	"aws_s3_bucket", "aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance", "aws_elasticache_replication_group",
	"aws_elasticache_cluster", "aws_efs_file_system", "aws_dynamodb_table", "aws_backup_vault", "aws_backup_plan",
	"aws_secretsmanager_secret", "aws_kms_key", "aws_kms_replica_key", "aws_vpc", "aws_subnet", "aws_security_group",
	"aws_route_table", "aws_internet_gateway", "aws_nat_gateway", "aws_eip", "aws_vpc_endpoint", "aws_lb", "aws_alb",
	"aws_lb_target_group", "aws_instance", "aws_launch_template", "aws_ebs_volume", "aws_ecs_cluster", "aws_ecs_service",
	"aws_ecs_task_definition", "aws_ecr_repository", "aws_lambda_function", "aws_sqs_queue", "aws_sns_topic",
	"aws_cloudwatch_log_group", "aws_cloudtrail", "aws_iam_role", "aws_acm_certificate", "aws_wafv2_web_acl",
	"aws_db_subnet_group", "aws_db_parameter_group", "aws_guardduty_detector", "aws_flow_log", "aws_network_acl",
}

# The taggable resources that may need a finding, as a list built in one pass: whole types
# through by_type, then the resources of other types that declare tags (the only per-resource
# scan). A resource that is _quiet is dropped before its mode is read (most resources are).
# Every per-resource lookup costs: the resources object, the judged providers and the required
# keys are read once per comprehension (not once per resource), and each value once. (The
# resources object is read with object.get: a bare `input.resources` would make the catalog list
# this rule's subjects as every type.)
_loud := array.concat(
	[r |
		resources := object.get(input, "resources", {})
		by_type := input.by_type
		fine := _defaults_fine
		keys := _required_keys
		some t in _taggable_types
		some a in object.get(by_type, t, [])
		r := resources[a]
		not _quiet(fine, keys, r.provider, r.values)
		r.mode == "managed"
	],
	[r |
		resources := object.get(input, "resources", {})
		fine := _defaults_fine
		keys := _required_keys
		some t, addresses in input.by_type
		not _taggable_types[t]
		some a in addresses
		r := resources[a]
		values := r.values
		_declares_tags(values)
		not _quiet(fine, keys, r.provider, values)
		r.mode == "managed"
	],
)

# Key lookups, not object.keys (which builds a set of every key of every resource); the key is
# present whatever its value (null and false included).
_declares_tags(values) if _ = values.tags

_declares_tags(values) if _ = values.tags_all

_required := object.get(data.config, "required_tags", {})

# Stands for an absent tag: a set, which no tag value read from JSON can be.
_absent := {"(absent)"}

_allowed_text(values) := "any non-empty value" if count(values) == 0

_allowed_text(values) := concat(", ", values) if count(values) > 0

# One pass: each resource's tag maps read once, each required key looked up in them (wasm
# memoizes no function call, and merging every tag of every resource cost most of the rule).
deny contains f if {
	some r in _loud
	t := tags.own_map(r, "tags")
	ta := tags.own_map(r, "tags_all")
	d := tags.default_map(r)
	some key, values in _required
	v := tags.layered(r, t, ta, d, key, _absent)
	not _fine(key, v)
	f := _key_finding(r, key, values, v)
}

# Most resources set none of the required keys themselves (in `tags` or `tags_all`; a value
# that is not an object sets none), and their provider's default tags satisfy them all: the
# defaults are judged once per provider configuration, not once per resource and key.
_quiet(fine, keys, provider, values) if {
	fine[provider]
	not _sets_required(keys, values)
}

# The tag map is read inside the function, once per map: an absent map leaves it undefined (a
# ref argument of a negated call would make the whole negation undefined).
_sets_required(keys, values) if {
	m := values.tags
	some key in keys
	_ = m[key]
}

_sets_required(keys, values) if {
	m := values.tags_all
	some key in keys
	_ = m[key]
}

_required_keys := [key | some key, _ in _required]

_defaults_fine contains p if {
	some p, _ in input.by_provider
	d := tags.provider_defaults(p)
	every key in _required_keys {
		_fine(key, object.get(d, key, _absent))
	}
}

# A value that needs no finding: an allowed value (a set lookup), or for a key without a list
# any non-empty string; never an expression (value_unknown).
_fine(key, v) if _allowed_values[key][v]

_fine(key, v) if {
	_any_value[key]
	is_string(v)
	trim_space(v) != ""
	not tags.value_unknown(v)
}

_allowed_values[key] := {v | some v in values; not tags.value_unknown(v)} if {
	some key, values in _required
	count(values) > 0
}

_any_value contains key if {
	some key, values in _required
	count(values) == 0
}

_key_finding(r, key, values, v) := tf.finding(r, msg) if {
	v == _absent
	not tags.tags_unknown(r)
	msg := concat("", [
		"`", r.address, "` has no `", key, "` tag (own `tags` or provider `default_tags`); tag it with ",
		_allowed_text(values),
	])
}

# Called only for a value that is not _fine: one that is present and no expression is invalid.
_key_finding(r, key, values, v) := tf.finding(r, msg) if {
	v != _absent
	not tags.value_unknown(v)
	msg := concat("", [
		"`", r.address, "` has `", key, " = ", tf.show(v), "`; use ", _allowed_text(values),
	])
}

_key_finding(r, key, _, v) := {"resource": r.address, "message": msg, "unverifiable": true} if {
	_unknown(r, v)
	msg := concat("", [
		"`", r.address, "` takes its `", key, "` tag from an expression known only after apply, ",
		"so it cannot be proven that the resource is classified and owned",
	])
}

_unknown(_, v) if tags.value_unknown(v)

_unknown(r, v) if {
	v == _absent
	tags.tags_unknown(r)
}

# The data stores among the taggable resources, through by_type (every data store type is a
# listed taggable type; the check keeps that true if the lists drift apart).
deny contains tf.finding(r, msg) if {
	some t in tags.data_store_types
	_taggable_types[t]
	some a in object.get(input.by_type, t, [])
	r := input.resources[a]
	_public(r)
	r.mode == "managed"
	msg := concat("", [
		"`", r.address, "` is a CRM data store classified `DataClassification = public`; classify it confidential or restricted ",
		"(or internal when it holds no customer data)",
	])
}

# tags.tag_or(r, "DataClassification", "") lowered is "public". A data store whose own `tags` /
# `tags_all` (when objects) hold no DataClassification key takes its provider's default: that is
# judged once per provider configuration, not once per resource.
_public(r) if {
	_own_class(r.values)
	lower(tags.tag_or(r, "DataClassification", "")) == "public"
}

_public(r) if {
	not _own_class(r.values)
	_public_default[r.provider]
}

_own_class(values) if _ = values.tags.DataClassification

_own_class(values) if _ = values.tags_all.DataClassification

_public_default contains p if {
	some p, _ in input.by_provider
	lower(object.get(tags.provider_defaults(p), "DataClassification", "")) == "public"
}
