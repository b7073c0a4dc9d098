# METADATA
# title: CRM data buckets replicate to the DR region
# description: >-
#   Keeps attachments available after a regional loss: the static counterpart of the drill's rules
#   U1, U4 and U5. Every aws_s3_bucket outside the DR region whose effective `DataClassification`
#   tag is not `public` or `internal` needs a replication rule (a bound
#   aws_s3_bucket_replication_configuration, or the legacy inline `replication_configuration`)
#   with `status = "Enabled"`, no prefix/tag filter (a filtered rule leaves the rest of the bucket
#   single-region), and a destination bucket (`destination.bucket` referencing an aws_s3_bucket)
#   whose effective region is the DR region (config `dr_region`, else the provider alias `dr`) and
#   in `allowed_regions`. When the source bucket defaults to SSE-KMS, the rule must select
#   KMS-encrypted objects (`source_selection_criteria.sse_kms_encrypted_objects.status =
#   "Enabled"`) and name a customer-managed `replica_kms_key_id` (its region is CRM-BDR-012).
#   Versioning on both ends is CRM-BDR-009. A destination outside the configuration (a literal S3
#   ARN carries no region) or a status known only after apply is unverifiable.
# scope: package
# custom:
#   id: CRM-BDR-011
#   severity: medium
#   family: BDR
#   controls:
#     aws-fsbp: [S3.7]
#     iso27001-2022: [A.8.14]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: create the replica S3Bucket (versioned, SSE-KMS with a DR key) under the DR-region
#     provider and an S3BucketReplicationConfigurationA `{ bucket: src.id, role: role.arn, rule: [{
#     id: "dr", status: "Enabled", filter: {}, deleteMarkerReplication: { status: "Enabled" },
#     sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } }, destination: {
#     bucket: replica.arn, encryptionConfiguration: { replicaKmsKeyId: drKey.arn } } }] }`.
#     Terraform: the matching `aws_s3_bucket_replication_configuration` with `destination { bucket =
#     aws_s3_bucket.<replica>.arn }`.
package crm.rules.backup_dr.s3_replication_dr

import data.crm.lib.dr
import data.crm.lib.tags
import data.crm.lib.tf

# Each bucket with its replication rules, computed once (wasm memoizes no function call).
_buckets := [[b, dr.replications(b)] |
	some b in tf.resources("aws_s3_bucket")
	not dr.in_dr(b)
	not lower(tags.tag_or(b, "DataClassification", "")) in {"public", "internal"}
]

_sse_kms(b) if dr.sse_kms(b)

_sse_kms(b) := false if not dr.sse_kms(b)

_to_dr(b, x) if {
	some region in x.dest.regions
	dr.target_ok(region, b.region)
	region in dr.allowed
}

_kms_ok(_, false) := true

_kms_ok(x, true) if {
	x.sse_selected
	dr.cmk_value(input.resources[x.resource], x.key_path, x.key_value)
}

_good(b, x, kms) if {
	x.enabled
	x.full
	_to_dr(b, x)
	_kms_ok(x, kms)
}

_recoverable(b, xs, kms) if {
	some x in xs
	_good(b, x, kms)
}

_unknown(xs) if {
	some x in xs
	x.status_unknown
}

_unknown(xs) if {
	some x in xs
	x.dest.unknown
}

_reasons(b, x, kms) := ((({m |
	not x.enabled
	m := concat("", ["has `status = ", tf.show(x.status), "`"])
} | {m |
	not _to_dr(b, x)
	m := concat("", ["replicates to ", dr.regions_text(x.dest.regions), " (`destination.bucket`), not to DR region ", dr.region_text, " inside allowed_regions"])
}) | {m |
	not x.full
	m := "filters objects by prefix or tag, leaving the rest of the bucket in one region"
}) | {m |
	kms
	not x.sse_selected
	m := "does not select SSE-KMS objects (`source_selection_criteria.sse_kms_encrypted_objects.status` is not \"Enabled\"), so KMS-encrypted objects are silently skipped"
}) | {m |
	kms
	not dr.cmk_value(input.resources[x.resource], x.key_path, x.key_value)
	m := concat("", ["has no customer-managed `replica_kms_key_id` (", tf.show(x.key_value), ") for the KMS-encrypted objects"])
}

_describe(b, xs, kms) := concat("; ", sort([concat("", ["`", x.resource, "` rule ", x.rule, " ", concat(" and ", sort(_reasons(b, x, kms)))]) |
	some x in xs
]))

deny contains tf.finding(b, msg) if {
	some [b, xs] in _buckets
	count(xs) == 0
	msg := concat("", [
		"`", b.address, "` has no replication (no aws_s3_bucket_replication_configuration bound through `bucket`), ",
		"so its objects exist only in ", _text(b.region), "; replicate it to a versioned bucket in DR region ", dr.region_text,
	])
}

deny contains tf.finding(b, msg) if {
	some [b, xs] in _buckets
	count(xs) > 0
	kms := _sse_kms(b)
	not _recoverable(b, xs, kms)
	not _unknown(xs)
	msg := concat("", [
		"`", b.address, "` does not replicate all of its objects to DR region ", dr.region_text, ": ", _describe(b, xs, kms),
		"; add an Enabled, unfiltered rule whose `destination.bucket` is a bucket in the DR region",
	])
}

deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some [b, xs] in _buckets
	_unknown(xs)
	kms := _sse_kms(b)
	not _recoverable(b, xs, kms)
	msg := concat("", [
		"`", b.address, "` replicates to a destination or with a status that cannot be resolved from the configuration ",
		"(a literal S3 ARN carries no region), so it cannot be proven that its objects reach DR region ", dr.region_text,
	])
}

_text(r) := r if is_string(r)

_text(r) := "one region" if not is_string(r)
