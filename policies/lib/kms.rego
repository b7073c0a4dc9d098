# METADATA
# title: KMS key binding
# description: >-
#   Classifies a key attribute (kms_key_id, kms_master_key_id, key_arn, ...) per baseline §1.3:
#   "cmk" (references a customer-managed key, tf.kms_key_types, directly or through an aws_kms_alias,
#   or is a literal key ARN), "aws-managed" (a literal alias/aws/<service>), "absent" (the service
#   falls back to its AWS-managed or AWS-owned key), or "unknown" (an expression or literal that
#   cannot be resolved to a key of this configuration: unverifiable). Works for nested blocks too
#   (key_at with the attribute's ref path), where only the references the value itself names count.
# scope: package
package crm.lib.kms

import data.crm.lib.tf

# METADATA
# title: Key state of a top-level attribute
# description: One of "cmk", "aws-managed", "absent", "unknown".
key(r, attr) := key_at(r, attr, object.get(r.values, attr, null))

# METADATA
# title: Key state of a value
# description: Like key, for value `v` found at ref path `path` (nested blocks, e.g. "replica.kms_key_id").
key_at(r, path, v) := "cmk" if {
	_cmk(r, path, v)
} else := "absent" if {
	_empty(v)
	not tf.unknown(r, path)
} else := "aws-managed" if {
	_aws_managed(v)
} else := "unknown"

_empty(v) if v == null

_empty(v) if v == ""

_aws_managed(v) if {
	is_string(v)
	startswith(v, "alias/aws/")
}

_aws_managed(v) if regex.match(`^arn:aws[a-z-]*:kms:[^:]*:[^:]*:alias/aws/`, v)

# Every literal form starts with `arn:`, `alias/`, a hex digit or `mrk-`, never `${`: an
# interpolation (the usual value) skips the regexes.
_cmk(_, _, v) if {
	not startswith(v, "${")
	tf.literal_cmk(v)
}

_cmk(r, path, v) if {
	is_string(v)
	some a in tf.refs(r, path)
	tf.mentions(v, a)
	cmk_address(a)
}

# METADATA
# title: Address is a customer-managed key
# description: A key of tf.kms_key_types, or an aws_kms_alias whose target_key_id references one.
cmk_address(a) if input.resources[a].type in tf.kms_key_types

cmk_address(a) if {
	input.resources[a].type == "aws_kms_alias"
	some k in tf.refs(input.resources[a], "target_key_id")
	input.resources[k].type in tf.kms_key_types
}

# METADATA
# title: Key attribute rendering for messages
# description: "`path = value`, or `path` absent."
shown(path, v) := concat("", ["`", path, " = ", json.marshal(v), "`"]) if not _empty(v)

shown(path, v) := concat("", ["`", path, "` absent"]) if _empty(v)
