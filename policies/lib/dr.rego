# METADATA
# title: Disaster-recovery helpers
# description: >-
#   Facts the BDR and CMP rules share, the static counterparts of the DR drill (dr-model §5.5-5.6):
#   the DR region (config `dr_region`, else the region of the provider alias `dr`), the region a
#   KMS key or ARN lives in, where an S3 replication rule or AWS Backup copy action sends data,
#   and which AWS Backup selections cover a resource. Every lookup goes through the model's
#   indexes (refs, referrers, by_type); nothing compares resources pairwise.
# scope: package
package crm.lib.dr

import data.crm.lib.tags
import data.crm.lib.tf

# METADATA
# title: DR region
# description: "`dr_region` from the configuration, else the region of the provider alias `dr` (baseline §1.3); undefined when neither is set."
region := data.config.dr_region if is_string(data.config.dr_region)

region := input.providers["aws.dr"].region if {
	not is_string(data.config.dr_region)
	is_string(input.providers["aws.dr"].region)
}

# METADATA
# title: DR region for messages
# description: The DR region, or a placeholder naming how to set it.
region_text := region

region_text := "(no DR region: set dr_region or an aws provider alias `dr`)" if not region

# METADATA
# title: Resource lives in the DR region
# description: Its effective region is the DR region.
in_dr(r) if r.region == region

# METADATA
# title: Allowed regions
# description: The residency allow-list (config `allowed_regions`).
allowed := {x | some x in data.config.allowed_regions}

# METADATA
# title: Region is a valid recovery target
# description: >-
#   A copy in `target` protects data living in `source` against the loss of `source`: the target is
#   the DR region (or, without a configured DR region, any other region) and differs from the source.
target_ok(target, source) if {
	is_string(target)
	target == region
	target != source
}

target_ok(target, source) if {
	not region
	is_string(target)
	target != source
}

# METADATA
# title: Region of a literal ARN
# description: The region segment of a literal ARN (`arn:aws:kms:eu-west-1:...`); undefined for expressions and region-less ARNs.
arn_region(s) := p[3] if {
	is_string(s)
	not contains(s, "${")
	p := split(s, ":")
	count(p) >= 6
	p[0] == "arn"
	p[3] != ""
}

# METADATA
# title: Value is an expression
# description: True for a string holding a Terraform expression.
expr(v) if {
	is_string(v)
	contains(v, "${")
}

# METADATA
# title: References of one list item
# description: >-
#   The addresses one item value `v` (found at attribute `path` of `r`) refers to. Refs are kept per
#   path without list indices, so the item's own expression picks its targets; when the value is
#   absent (plan JSON leaves unknown values out) every reference of the path is returned.
item_refs(r, path, v) := {a | some a in tf.refs(r, path); tf.mentions(v, a)} if expr(v)

item_refs(r, path, v) := {a | some a in tf.refs(r, path)} if not is_string(v)

item_refs(_, _, v) := set() if {
	is_string(v)
	not expr(v)
}

_key_types := tf.kms_key_types

# METADATA
# title: Keys behind a referenced resource
# description: >-
#   The customer-managed key addresses behind the resource at `a`: itself for a key of
#   tf.kms_key_types, the keys an aws_kms_alias targets, else none.
keys_behind(a) := _behind(a, input.resources[a].type)

keys_behind(a) := set() if not input.resources[a].type

_behind(a, type) := {a} if _key_types[type]

_behind(a, "aws_kms_alias") := {k |
	some k in tf.refs(input.resources[a], "target_key_id")
	_key_types[input.resources[k].type]
}

_behind(_, type) := set() if {
	not _key_types[type]
	type != "aws_kms_alias"
}

# METADATA
# title: Keys behind a key attribute value
# description: >-
#   The customer-managed keys a key attribute value names, as {key, region} objects: the
#   aws_kms_key / aws_kms_replica_key it references (directly or through an aws_kms_alias), with the
#   key resource's effective region, or a literal key ARN with its region segment. `region` is null
#   when it cannot be proven. Empty for absent values and AWS-managed aliases (`alias/aws/...`).
keys(r, path, v) := {{"key": k, "region": input.resources[k].region} |
	some a in item_refs(r, path, v)
	some k in keys_behind(a)
} if not _literal_key(v)

keys(_, _, v) := {{"key": v, "region": arn_region(v)}} if _literal_key(v)

_literal_key(v) if {
	arn_region(v)
	contains(v, ":kms:")
}

# METADATA
# title: Key value is unresolvable
# description: >-
#   True when a key attribute holds an expression that resolves to no key in the configuration
#   (a variable, remote state or a data source), so neither the key nor its region can be proven.
key_unresolved(r, path, v) if {
	expr(v)
	count(keys(r, path, v)) == 0
}

# METADATA
# title: Customer-managed key value
# description: True when the value names a customer-managed key (a key resource, alias to one, or a literal key ARN).
cmk_value(r, path, v) if count(keys(r, path, v)) > 0

# METADATA
# title: Destination of a copy
# description: >-
#   Where a copy goes, as {regions, unknown}: `regions` the proven regions of the `types` resources
#   the value references (or of a literal ARN), `unknown` true when part of it cannot be proven
#   (a literal without a region such as an S3 ARN, a reference outside the configuration, a target
#   whose region is not provable).
destination(_, _, v, _) := {"regions": {arn_region(v)}, "unknown": false} if arn_region(v)

destination(r, path, v, types) := {"regions": {t.region | some a in refs; t := input.resources[a]; t.type in types; is_string(t.region)}, "unknown": _dest_unknown(refs, types)} if {
	not arn_region(v)
	refs := item_refs(r, path, v)
}

_dest_unknown(refs, _) if count(refs) == 0

_dest_unknown(refs, types) if {
	some a in refs
	not _proven(input.resources[a], types)
}

_dest_unknown(refs, types) := false if {
	count(refs) > 0
	every a in refs {
		_proven(input.resources[a], types)
	}
}

_proven(t, types) if {
	t.type in types
	is_string(t.region)
}

# METADATA
# title: Regions as text
# description: A sorted, comma-separated rendering of a set of regions for messages.
regions_text(s) := "none" if count(s) == 0

regions_text(s) := concat(", ", sort(s)) if count(s) > 0

# --- S3 replication -------------------------------------------------------------------------

# METADATA
# title: S3 bucket is versioned
# description: >-
#   A bound aws_s3_bucket_versioning (split, provider v4+; it wins when present) with
#   `versioning_configuration.status = "Enabled"`, or the legacy inline `versioning.enabled = true`.
versioning_status(b) := _versioning_status(b, tf.bound(b.address, "aws_s3_bucket_versioning", "bucket"))

_versioning_status(_, bound) := [_split_status(input.resources[a]) | some a in bound] if count(bound) > 0

_versioning_status(b, bound) := [_legacy_status(v) | some v in tf.blocks(object.get(b.values, "versioning", []))] if count(bound) == 0

_split_status(s) := {"resource": s.address, "attr": "versioning_configuration.status", "value": object.get(c, "status", null)} if {
	cs := tf.blocks(object.get(s.values, "versioning_configuration", []))
	count(cs) > 0
	c := cs[0]
}

_split_status(s) := {"resource": s.address, "attr": "versioning_configuration.status", "value": null} if {
	count(tf.blocks(object.get(s.values, "versioning_configuration", []))) == 0
}

_legacy_status(v) := {"resource": "", "attr": "versioning.enabled", "value": object.get(v, "enabled", false)}

# METADATA
# title: Versioning state is Enabled
# description: True for the split status "Enabled" or the legacy boolean true.
versioning_on(st) if st.value == "Enabled"

versioning_on(st) if st.value == true

_bucket_types := {"aws_s3_bucket"}

# METADATA
# title: Replication rules of a bucket
# description: >-
#   One object per (rule, destination) of the bucket's replication: each bound
#   aws_s3_bucket_replication_configuration (split; wins when present) or, without one, the legacy
#   inline `replication_configuration.rules`. Fields: resource, rule (id or index text), status,
#   enabled, dest {regions, unknown}, dest_value, full (no narrowing filter), sse_selected,
#   key_path, key_value.
replications(b) := _replications(b, tf.bound(b.address, "aws_s3_bucket_replication_configuration", "bucket"))

_replications(_, bound) := [x |
	some a in bound
	c := input.resources[a]
	some i, rule in tf.blocks(object.get(c.values, "rule", []))
	some d in tf.blocks(object.get(rule, "destination", []))
	x := _replication(c, rule, i, d, false)
] if count(bound) > 0

_replications(b, bound) := [x |
	some cfg in tf.blocks(object.get(b.values, "replication_configuration", []))
	some i, rule in tf.blocks(object.get(cfg, "rules", []))
	some d in tf.blocks(object.get(rule, "destination", []))
	x := _replication(b, rule, i, d, true)
] if count(bound) == 0

_paths(false) := {
	"dest": "rule.destination.bucket",
	"key": "rule.destination.encryption_configuration.replica_kms_key_id",
}

_paths(true) := {
	"dest": "replication_configuration.rules.destination.bucket",
	"key": "replication_configuration.rules.destination.replica_kms_key_id",
}

_replication(c, rule, i, d, legacy) := {
	"resource": c.address,
	"rule": _rule_name(rule, i),
	"status": object.get(rule, "status", null),
	"enabled": object.get(rule, "status", null) == "Enabled",
	"status_unknown": count([1 | expr(object.get(rule, "status", null))]) > 0,
	"dest_value": object.get(d, "bucket", null),
	"dest": destination(c, _paths(legacy).dest, object.get(d, "bucket", null), _bucket_types),
	"full": count([1 | _full(rule)]) > 0,
	"sse_selected": count([1 | _sse_selected(rule, legacy)]) > 0,
	"key_path": _paths(legacy).key,
	"key_value": _replica_key(d, legacy),
}

_rule_name(rule, _) := rule.id if is_string(rule.id)

_rule_name(rule, i) := concat("", ["#", format_int(i, 10)]) if not is_string(object.get(rule, "id", null))

_replica_key(d, false) := object.get(tf.blocks(object.get(d, "encryption_configuration", []))[0], "replica_kms_key_id", null) if {
	count(tf.blocks(object.get(d, "encryption_configuration", []))) > 0
}

_replica_key(d, false) := null if count(tf.blocks(object.get(d, "encryption_configuration", []))) == 0

_replica_key(d, true) := object.get(d, "replica_kms_key_id", null)

_sse_selected(rule, false) if {
	some s in tf.blocks(object.get(rule, "source_selection_criteria", []))
	some k in tf.blocks(object.get(s, "sse_kms_encrypted_objects", []))
	k.status == "Enabled"
}

_sse_selected(rule, true) if {
	some s in tf.blocks(object.get(rule, "source_selection_criteria", []))
	some k in tf.blocks(object.get(s, "sse_kms_encrypted_objects", []))
	k.enabled == true
}

# A rule replicates the whole bucket when it has no prefix, tag or `and` filter.
_full(rule) if {
	object.get(rule, "prefix", "") == ""
	every f in tf.blocks(object.get(rule, "filter", [])) {
		object.get(f, "prefix", "") == ""
		count(tf.blocks(object.get(f, "tag", []))) == 0
		count(tf.blocks(object.get(f, "and", []))) == 0
	}
}

# METADATA
# title: Bucket default encryption uses SSE-KMS
# description: >-
#   The bucket's default encryption (a bound aws_s3_bucket_server_side_encryption_configuration, or
#   the legacy inline `server_side_encryption_configuration`) names `aws:kms` or `aws:kms:dsse`.
sse_kms(b) if {
	some a in tf.bound(b.address, "aws_s3_bucket_server_side_encryption_configuration", "bucket")
	some rule in tf.blocks(object.get(input.resources[a].values, "rule", []))
	_kms_default(rule)
}

sse_kms(b) if {
	some cfg in tf.blocks(object.get(b.values, "server_side_encryption_configuration", []))
	some rule in tf.blocks(object.get(cfg, "rule", []))
	_kms_default(rule)
}

_kms_default(rule) if {
	some d in tf.blocks(object.get(rule, "apply_server_side_encryption_by_default", []))
	d.sse_algorithm in {"aws:kms", "aws:kms:dsse"}
}

# --- AWS Backup ------------------------------------------------------------------------------

_vault_types := {"aws_backup_vault"}

# METADATA
# title: Copy actions of a backup plan
# description: >-
#   One object per (rule, copy_action) of an aws_backup_plan: rule name, destination
#   {regions, unknown} resolved from `destination_vault_arn` (reference to an aws_backup_vault or a
#   literal vault ARN).
copy_actions(p) := [{
	"rule": object.get(rule, "rule_name", "?"),
	"dest_value": object.get(ca, "destination_vault_arn", null),
	"dest": destination(p, "rule.copy_action.destination_vault_arn", object.get(ca, "destination_vault_arn", null), _vault_types),
} |
	some rule in tf.blocks(object.get(p.values, "rule", []))
	some ca in tf.blocks(object.get(rule, "copy_action", []))
]

# METADATA
# title: Backup plan has a scheduled rule
# description: At least one rule with a non-empty `schedule` or continuous backup enabled.
scheduled(p) if {
	some rule in tf.blocks(object.get(p.values, "rule", []))
	_scheduled_rule(rule)
}

_scheduled_rule(rule) if {
	is_string(rule.schedule)
	rule.schedule != ""
}

_scheduled_rule(rule) if rule.enable_continuous_backup == true

_plans(sel) := {p | some p in tf.refs(sel, "plan_id"); input.resources[p].type == "aws_backup_plan"}

# Tag pairs ("key=value") a selection matches on: selection_tag STRINGEQUALS and
# condition.string_equals on aws:ResourceTag/<key>.
_selection_pairs(sel) := {concat("=", [t.key, t.value]) |
	some t in tf.blocks(object.get(sel.values, "selection_tag", []))
	upper(object.get(t, "type", "STRINGEQUALS")) == "STRINGEQUALS"
	is_string(t.key)
	is_string(t.value)
} | {concat("=", [trim_prefix(c.key, "aws:ResourceTag/"), c.value]) |
	some cond in tf.blocks(object.get(sel.values, "condition", []))
	some c in tf.blocks(object.get(cond, "string_equals", []))
	startswith(c.key, "aws:ResourceTag/")
	is_string(c.value)
}

_selections := tf.resources("aws_backup_selection")

_pair_index := {pair: {s.address | some s in _selections; pair in _selection_pairs(s)} |
	some s0 in _selections
	some pair in _selection_pairs(s0)
}

_wildcard := {s.address |
	some s in _selections
	"*" in object.get(s.values, "resources", [])
	count([c | some cond in tf.blocks(object.get(s.values, "condition", [])); some c in _condition_entries(cond)]) == 0
}

_condition_entries(cond) := [e |
	some op in ["string_equals", "string_like", "string_not_equals", "string_not_like"]
	some e in tf.blocks(object.get(cond, op, []))
]

# METADATA
# title: Selections that cannot be resolved
# description: >-
#   aws_backup_selection resources whose tag keys/values, or whose `resources` entries, are
#   expressions that resolve to nothing in the configuration (variables, remote state), so what
#   they select is only known after apply.
unknown_selections := {s.address |
	some s in _selections
	some t in tf.blocks(object.get(s.values, "selection_tag", []))
	some v in [object.get(t, "key", null), object.get(t, "value", null)]
	expr(v)
} | {s.address |
	some s in _selections
	some v in _as_list(object.get(s.values, "resources", []))
	expr(v)
	count(item_refs(s, "resources", v)) == 0
}

_as_list(v) := v if is_array(v)

_as_list(v) := [v] if not is_array(v)

# Selections whose pair matches one of r's string tags. Each pair of the (small) index is looked
# up in r's tags rather than every effective tag of r being merged and formatted.
_by_tags(r) := {a |
	some pair, sels in _pair_index
	_has_pair(r, pair)
	some a in sels
}

# Key and value may both hold "=": every split of the pair is tried, so this holds exactly when
# some string tag k = v of r has concat("=", [k, v]) == pair.
_has_pair(r, pair) if {
	parts := split(pair, "=")
	some i in numbers.range(1, count(parts) - 1)
	tags.tag_or(r, concat("=", array.slice(parts, 0, i)), null) == concat("=", array.slice(parts, i, count(parts)))
}

_excluded(sel, r) if r.address in tf.refs(sel, "not_resources")

# METADATA
# title: AWS Backup selections that cover a resource
# description: >-
#   Addresses of aws_backup_selection resources selecting `r`: its ARN referenced from
#   `resources`, a `selection_tag` / `condition.string_equals` matching one of its effective tags,
#   or `resources = ["*"]` without conditions; minus selections that list it in `not_resources`.
selections(r) := {a |
	some a in (({a2 | some a2 in tf.bound(r.address, "aws_backup_selection", "resources")} | _by_tags(r)) | _wildcard)
	not _excluded(input.resources[a], r)
} if count(_selections) > 0

# Without any aws_backup_selection nothing selects a resource: no sets built per resource.
selections(_) := _none if count(_selections) == 0

_none := set()

# METADATA
# title: Plans behind selections
# description: The aws_backup_plan resources the given selections belong to (through `plan_id`).
plans(sels) := {p | some s in sels; some p in _plans(input.resources[s])}
