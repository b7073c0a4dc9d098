# METADATA
# title: S3 buckets are versioned
# description: >-
#   Versioning is the undo for overwritten or deleted attachments and the prerequisite of
#   replication and Object Lock. Every aws_s3_bucket needs an aws_s3_bucket_versioning bound
#   through `bucket` (reference or literal name) with `versioning_configuration.status =
#   "Enabled"`, or, with AWS provider v3 and no split resource, the legacy inline `versioning {
#   enabled = true }`. `Suspended`, `Disabled` or no binding fail; a status known only after apply
#   is unverifiable.
# scope: package
# custom:
#   id: CRM-BDR-009
#   severity: medium
#   family: BDR
#   controls:
#     aws-fsbp: [S3.14]
#     iso27001-2022: ["A.8.13?"]
#   remediation: >-
#     CDKTF: `new S3BucketVersioningA(this, "versioning", { bucket: bucket.id,
#     versioningConfiguration: { status: "Enabled" } })`. Terraform: `resource
#     "aws_s3_bucket_versioning" { bucket = aws_s3_bucket.<name>.id versioning_configuration { status
#     = "Enabled" } }`.
package crm.rules.backup_dr.s3_versioning

import data.crm.lib.dr
import data.crm.lib.tf

# Each bucket with its versioning states, computed once (wasm memoizes no function call).
_buckets := [[b, dr.versioning_status(b)] | some b in tf.resources("aws_s3_bucket")]

_on(states) if {
	some st in states
	dr.versioning_on(st)
}

_unknown(states) if {
	some st in states
	dr.expr(st.value)
}

_unresolved := tf.unresolved("aws_s3_bucket_versioning", "bucket")

# A versioning resource whose `bucket` cannot be resolved may be this bucket's: unverifiable.
deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some [b, states] in _buckets
	count(states) == 0
	count(_unresolved) > 0
	msg := concat("", [
		"`", b.address, "` has no aws_s3_bucket_versioning bound to it by reference or name, and `", _unresolved[0],
		"` names its bucket by an expression known only after apply; it cannot be proven that the bucket is versioned",
	])
}

deny contains tf.finding(b, msg) if {
	some [b, states] in _buckets
	count(states) == 0
	count(_unresolved) == 0
	msg := concat("", [
		"`", b.address, "` has no aws_s3_bucket_versioning bound through `bucket` (nor a legacy `versioning` block); ",
		"add one with `versioning_configuration.status = \"Enabled\"`",
	])
}

deny contains tf.finding(b, msg) if {
	some [b, states] in _buckets
	not _on(states)
	not _unknown(states)
	some st in states
	msg := concat("", [
		"`", b.address, "` is not versioned (", _where(b, st), "`", st.attr, " = ", tf.show(st.value), "`); set it to ",
		_fix(st),
	])
}

_where(_, st) := concat("", ["`", st.resource, "` has "]) if st.resource != ""

_where(b, st) := concat("", ["`", b.address, "` has "]) if st.resource == ""

_fix(st) := "\"Enabled\"" if st.attr == "versioning_configuration.status"

_fix(st) := "true (or move to an aws_s3_bucket_versioning resource)" if st.attr != "versioning_configuration.status"

deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some [b, states] in _buckets
	not _on(states)
	_unknown(states)
	msg := concat("", [
		"`", b.address, "` takes its versioning state from an expression known only after apply, ",
		"so it cannot be proven that the bucket is versioned",
	])
}
