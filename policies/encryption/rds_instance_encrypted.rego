# METADATA
# title: RDS DB instances are encrypted at rest with a customer-managed key
# description: >-
#   The CRM database holds the bulk of customer PII and sales data. Every aws_db_instance must set
#   storage_encrypted = true with kms_key_id naming a customer-managed KMS key (the AWS-managed
#   aws/rds key cannot be restricted or shared with the DR region), and Performance Insights, when
#   on (aws_db_instance or Aurora's aws_rds_cluster_instance), must use a CMK too. Read replicas inherit encryption from their source.
# scope: package
# custom:
#   id: CRM-ENC-004
#   severity: high
#   family: ENC
#   controls:
#     aws-fsbp: [RDS.3]
#     cis-aws-3.0: ["2.3.1"]
#     iso27001-2022: [A.8.24]
#     gdpr: [Art. 32]
#   remediation: >-
#     CDKTF: on DbInstance set `storageEncrypted: true` and `kmsKeyId: key.arn` (a KmsKey you own);
#     with Performance Insights also set `performanceInsightsKmsKeyId: key.arn`.
#     Terraform: `storage_encrypted = true`, `kms_key_id = aws_kms_key.<name>.arn`,
#     `performance_insights_kms_key_id = aws_kms_key.<name>.arn`.
package crm.rules.encryption.rds_instance_encrypted

import data.crm.lib.kms
import data.crm.lib.tf

# Instances and their keys as lists, each key judged once (wasm memoizes rules, not function calls).
_instances := [db |
	some db in tf.resources("aws_db_instance")
	not db.values.replicate_source_db
]

_encrypted := [[db, kms.key(db, "kms_key_id")] |
	some db in _instances
	db.values.storage_encrypted == true
]

deny contains tf.unverifiable(db, "storage_encrypted", "storage is encrypted") if {
	some db in _instances
	tf.unknown(db, "storage_encrypted")
}

deny contains tf.finding(db, msg) if {
	some db in _instances
	not tf.unknown(db, "storage_encrypted")
	tf.value(db, "storage_encrypted", false) != true
	msg := concat("", ["`", db.address, "` has ", tf.shown(db, "storage_encrypted"), "; set it to true and give `kms_key_id` a customer-managed key"])
}

deny contains tf.finding(db, msg) if {
	some [db, key] in _encrypted
	key in {"absent", "aws-managed"}
	msg := concat("", ["`", db.address, "` is encrypted with an AWS-managed key (", tf.shown(db, "kms_key_id"), "); set `kms_key_id` to a customer-managed aws_kms_key"])
}

deny contains tf.unverifiable(db, "kms_key_id", "the key is customer-managed") if {
	some [db, "unknown"] in _encrypted
}

# Performance Insights runs per DB instance: stand-alone instances and Aurora cluster members.
_pi_hosts := [[db, kms.key(db, "performance_insights_kms_key_id")] |
	some type in ["aws_db_instance", "aws_rds_cluster_instance"]
	some db in tf.resources(type)
	db.values.performance_insights_enabled == true
]

deny contains tf.finding(db, msg) if {
	some [db, key] in _pi_hosts
	key in {"absent", "aws-managed"}
	msg := concat("", ["`", db.address, "` has Performance Insights on with ", tf.shown(db, "performance_insights_kms_key_id"), "; set it to a customer-managed aws_kms_key"])
}

deny contains tf.unverifiable(db, "performance_insights_kms_key_id", "Performance Insights uses a customer-managed key") if {
	some [db, "unknown"] in _pi_hosts
}
