# METADATA
# title: SQS queues and SNS topics are encrypted (CMK for PII-bearing ones)
# description: >-
#   Event payloads (lead updates, export jobs) routinely contain PII. An aws_sqs_queue is
#   encrypted by SSE-SQS unless sqs_managed_sse_enabled = false, or by kms_master_key_id; an
#   aws_sns_topic only by kms_master_key_id. PII-bearing queues and topics (tagged
#   DataClassification confidential or restricted, provider default_tags included) need a
#   customer-managed key; others may use SSE-SQS or alias/aws/sns. A key, flag or classification
#   known only after apply is unverifiable when it decides the outcome. Topics fed by CloudWatch
#   alarms or EventBridge need a CMK whose key policy admits that service anyway.
# scope: package
# custom:
#   id: CRM-ENC-016
#   severity: medium
#   family: ENC
#   controls:
#     aws-fsbp: [SQS.1, SNS.1]
#     iso27001-2022: [A.8.24]
#     gdpr: [Art. 32]
#   remediation: >-
#     CDKTF: set `kmsMasterKeyId: key.arn` on SqsQueue and SnsTopic (a KmsKey whose policy admits
#     the publishing services).
#     Terraform: `kms_master_key_id = aws_kms_key.<name>.arn` on `aws_sqs_queue` and `aws_sns_topic`.
package crm.rules.encryption.sqs_sns_encrypted

import data.crm.lib.kms
import data.crm.lib.tags
import data.crm.lib.tf

_pii(r) if tags.tag(r, "DataClassification") in tags.sensitive_classes

_pii_unknown(r) if {
	not _pii(r)
	tags.tags_unknown(r)
}

_pii_unknown(r) if {
	not _pii(r)
	tags.value_unknown(tags.tag(r, "DataClassification"))
}

_all[r.address] := r if {
	some type in ["aws_sqs_queue", "aws_sns_topic"]
	some r in tf.resources(type)
}

_key(r) := kms.key(r, "kms_master_key_id")

deny contains tf.finding(r, msg) if {
	some r in _all
	_pii(r)
	_key(r) in {"absent", "aws-managed"}
	msg := concat("", [
		"`", r.address, "` is tagged DataClassification ", tags.tag(r, "DataClassification"), " but has ", tf.shown(r, "kms_master_key_id"),
		"; set `kms_master_key_id` to a customer-managed aws_kms_key",
	])
}

deny contains tf.unverifiable(r, "kms_master_key_id", "PII is encrypted with a customer-managed key") if {
	some r in _all
	_pii(r)
	_key(r) == "unknown"
}

deny contains {"resource": r.address, "message": msg, "unverifiable": true} if {
	some r in _all
	_pii_unknown(r)
	_key(r) != "cmk"
	msg := concat("", [
		"`", r.address, "` has a DataClassification known only after apply and ", tf.shown(r, "kms_master_key_id"),
		"; it cannot be proven that it carries no PII, so set `kms_master_key_id` to a customer-managed aws_kms_key",
	])
}

deny contains tf.finding(t, msg) if {
	some t in tf.resources("aws_sns_topic")
	not _pii(t)
	not _pii_unknown(t)
	_key(t) == "absent"
	msg := concat("", ["`", t.address, "` has `kms_master_key_id` absent, so messages are stored unencrypted; set it to a customer-managed aws_kms_key"])
}

deny contains tf.finding(q, msg) if {
	some q in tf.resources("aws_sqs_queue")
	not _pii(q)
	not _pii_unknown(q)
	_key(q) == "absent"
	q.values.sqs_managed_sse_enabled == false
	msg := concat("", ["`", q.address, "` has `sqs_managed_sse_enabled = false` and no `kms_master_key_id`; set `kms_master_key_id` to a customer-managed aws_kms_key"])
}

deny contains tf.unverifiable(q, "sqs_managed_sse_enabled", "the queue is encrypted") if {
	some q in tf.resources("aws_sqs_queue")
	not _pii(q)
	not _pii_unknown(q)
	_key(q) == "absent"
	tf.unknown(q, "sqs_managed_sse_enabled")
}
