# METADATA
# title: Logging helpers
# description: >-
#   S3 facts the LOG rules share: whether a bucket has server access logging (split
#   aws_s3_bucket_logging or the legacy inline `logging` block) and whether a bucket is itself a
#   server-access-log target. Bucket binding goes through the referrers index (baseline §1.3).
#   CloudTrail: whether a trail's event selectors are known only in part before apply.
# scope: package
package crm.lib.logging

import data.crm.lib.tf

# METADATA
# title: Access-logging configurations of a bucket
# description: >-
#   The bucket's logging configurations as {resource, target, target_refs} objects: each bound
#   aws_s3_bucket_logging (split, provider v4+; wins when present) and, without one, the legacy
#   inline `logging` block on the bucket.
access_logging(b) := _access_logging(b, tf.bound(b.address, "aws_s3_bucket_logging", "bucket"))

# The bound configurations are looked up once (wasm memoizes no function call).
_access_logging(_, bound) := [_split_logging(input.resources[a]) | some a in bound] if count(bound) > 0

_access_logging(b, bound) := [{"resource": b.address, "target": object.get(l, "target_bucket", null), "target_refs": tf.refs(b, "logging.target_bucket")} |
	some l in tf.blocks(object.get(b.values, "logging", []))
] if count(bound) == 0

_split_logging(l) := {"resource": l.address, "target": object.get(l.values, "target_bucket", null), "target_refs": tf.refs(l, "target_bucket")}

# METADATA
# title: Bucket is a server-access-log target
# description: Another bucket's access logging (split or inline) delivers into this bucket (a bucket logging into itself is not exempted).
log_target(b) if {
	some a in tf.referrers(b.address, "aws_s3_bucket_logging")
	b.address in tf.refs(input.resources[a], "target_bucket")
	not b.address in tf.refs(input.resources[a], "bucket")
}

log_target(b) if {
	some a in tf.referrers(b.address, "aws_s3_bucket")
	a != b.address
	b.address in tf.refs(input.resources[a], "logging.target_bucket")
}

# METADATA
# title: Trail selectors known only in part
# description: >-
#   True when what a trail's `event_selector` or `advanced_event_selector` blocks select is known
#   only after apply: the blocks themselves (a dynamic block over values known later, a token for
#   the blocks) or an attribute that decides what they select. Resource ARNs built from
#   references (`${aws_s3_bucket.b.arn}/`) are not such an attribute: the rules resolve those.
selectors_unknown(t) if {
	some path, _ in t.unknown
	_structural[path]
}

_structural := {
	"event_selector",
	"event_selector.include_management_events",
	"event_selector.read_write_type",
	"event_selector.exclude_management_event_sources",
	"event_selector.data_resource",
	"event_selector.data_resource.type",
	"advanced_event_selector",
	"advanced_event_selector.field_selector",
	"advanced_event_selector.field_selector.field",
}
