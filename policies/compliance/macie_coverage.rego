# METADATA
# title: Sensitive-data discovery (Macie) covers the CRM buckets
# description: >-
#   GDPR records and breach assessment require knowing where PII actually sits. Every region hosting
#   a CRM bucket (an aws_s3_bucket outside the DR region whose effective `DataClassification` is
#   confidential or restricted; DR replicas are copies of already-scanned data) needs an
#   aws_macie2_account that is not `PAUSED`, and each such bucket must be listed (reference or literal
#   name) in `s3_job_definition.bucket_definitions.buckets` of an aws_macie2_classification_job. A
#   job selecting buckets by `bucket_criteria` makes coverage unverifiable. Macie and automated
#   discovery are account-level: when `account_baseline_external` is true the control is not
#   applicable.
# scope: package
# custom:
#   id: CRM-CMP-004
#   severity: medium
#   family: CMP
#   controls:
#     aws-fsbp: [Macie.1]
#     cis-aws-3.0: ["2.1.3"]
#     iso27001-2022: ["A.5.12?", "A.8.12?"]
#     gdpr: ["Art. 30?", "Art. 32?"]
#   remediation: >-
#     CDKTF: `new Macie2Account(this, "macie", { findingPublishingFrequency: "FIFTEEN_MINUTES" })` and a
#     Macie2ClassificationJob `{ jobType: "SCHEDULED", scheduleFrequency: { dailySchedule: true },
#     s3JobDefinition: { bucketDefinitions: [{ accountId, buckets: [bucket.bucket] }] } }`. Terraform:
#     `aws_macie2_account` and `aws_macie2_classification_job` with `s3_job_definition {
#     bucket_definitions { account_id = ..., buckets = [aws_s3_bucket.<name>.bucket] } }`.
package crm.rules.compliance.macie_coverage

import data.crm.lib.dr
import data.crm.lib.regions
import data.crm.lib.tags
import data.crm.lib.tf

_buckets[b.address] := b if {
	not regions.external
	some b in tf.resources("aws_s3_bucket")
	not dr.in_dr(b)
	lower(tags.tag_or(b, "DataClassification", "")) in tags.sensitive_classes
}

_enabled_regions := {m.region |
	some m in tf.resources("aws_macie2_account")
	object.get(m.values, "status", "ENABLED") != "PAUSED"
}

_jobs := tf.resources("aws_macie2_classification_job")

_path := "s3_job_definition.bucket_definitions.buckets"

_names(j) := [n |
	some d in tf.blocks(object.get(j.values, "s3_job_definition", []))
	some bd in tf.blocks(object.get(d, "bucket_definitions", []))
	some n in object.get(bd, "buckets", [])
]

_literal(v) if {
	is_string(v)
	not dr.expr(v)
}

_jobs_named := {n: [j.address | some j in _jobs; n in _names(j)] |
	some j0 in _jobs
	some n in _names(j0)
	_literal(n)
}

_covered(b) if count(tf.bound(b.address, "aws_macie2_classification_job", _path)) > 0

_covered(b) if {
	_literal(object.get(b.values, "bucket", null))
	count(object.get(_jobs_named, b.values.bucket, [])) > 0
}

_criteria_jobs := [j |
	some j in _jobs
	some d in tf.blocks(object.get(j.values, "s3_job_definition", []))
	count(tf.blocks(object.get(d, "bucket_criteria", []))) > 0
]

deny contains {"resource": regions.anchor(region), "message": msg} if {
	some region in {b.region | some b in _buckets; is_string(b.region)}
	not region in _enabled_regions
	msg := concat("", [
		"region ", region, " hosts CRM buckets classified confidential/restricted but has no enabled aws_macie2_account; ",
		"enable Macie there (or set account_baseline_external when an account baseline owns it)",
	])
}

deny contains tf.finding(b, msg) if {
	some b in _buckets
	not _covered(b)
	count(_criteria_jobs) == 0
	msg := concat("", [
		"`", b.address, "` holds ", tags.tag(b, "DataClassification"), " data but no aws_macie2_classification_job lists it in `", _path,
		"`; add it to a scheduled classification job",
	])
}

deny contains {"resource": b.address, "message": msg, "unverifiable": true} if {
	some b in _buckets
	not _covered(b)
	count(_criteria_jobs) > 0
	msg := concat("", [
		"`", b.address, "` is not listed by name in a Macie classification job and jobs selecting buckets by `bucket_criteria` ",
		"exist, so it cannot be proven that sensitive-data discovery covers it",
	])
}
