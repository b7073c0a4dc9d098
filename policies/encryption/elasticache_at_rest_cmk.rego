# METADATA
# title: ElastiCache (sessions/cache of CRM objects) encrypted at rest with a CMK
# description: >-
#   Caches hold denormalised customer records and session tokens. Every
#   aws_elasticache_replication_group must set at_rest_encryption_enabled = true (default false;
#   bool or the string "true") with kms_key_id naming a customer-managed key;
#   aws_elasticache_serverless_cache is always encrypted but needs kms_key_id for a CMK. A bare
#   aws_elasticache_cluster (not a replication-group member) cannot encrypt at rest and fails when
#   it holds CRM data (tagged DataClassification confidential or restricted). Values known only
#   after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-ENC-014
#   severity: medium
#   family: ENC
#   controls:
#     aws-fsbp: [ElastiCache.4]
#     iso27001-2022: [A.8.24]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: on ElasticacheReplicationGroup set `atRestEncryptionEnabled: true` and `kmsKeyId:
#     key.arn`; on ElasticacheServerlessCache set `kmsKeyId: key.arn`; replace PII-holding bare
#     ElasticacheCluster resources with a replication group.
#     Terraform: `at_rest_encryption_enabled = true`, `kms_key_id = aws_kms_key.<name>.arn` on
#     `aws_elasticache_replication_group`; `kms_key_id` on `aws_elasticache_serverless_cache`.
package crm.rules.encryption.elasticache_at_rest_cmk

import data.crm.lib.kms
import data.crm.lib.tags
import data.crm.lib.tf

_on(v) if v == true

_on(v) if v == "true"

deny contains tf.unverifiable(g, "at_rest_encryption_enabled", "the cache is encrypted at rest") if {
	some g in tf.resources("aws_elasticache_replication_group")
	tf.unknown(g, "at_rest_encryption_enabled")
}

deny contains tf.finding(g, msg) if {
	some g in tf.resources("aws_elasticache_replication_group")
	not tf.unknown(g, "at_rest_encryption_enabled")
	not _on(object.get(g.values, "at_rest_encryption_enabled", false))
	msg := concat("", ["`", g.address, "` has ", tf.shown(g, "at_rest_encryption_enabled"), "; set it to true and give `kms_key_id` a customer-managed key"])
}

_keyed[g.address] := g if {
	some g in tf.resources("aws_elasticache_replication_group")
	_on(g.values.at_rest_encryption_enabled)
}

_keyed[c.address] := c if some c in tf.resources("aws_elasticache_serverless_cache")

deny contains tf.finding(g, msg) if {
	some g in _keyed
	kms.key(g, "kms_key_id") in {"absent", "aws-managed"}
	msg := concat("", ["`", g.address, "` is encrypted with an AWS-managed key (", tf.shown(g, "kms_key_id"), "); set `kms_key_id` to a customer-managed aws_kms_key"])
}

deny contains tf.unverifiable(g, "kms_key_id", "the key is customer-managed") if {
	some g in _keyed
	kms.key(g, "kms_key_id") == "unknown"
}

deny contains tf.finding(c, msg) if {
	some c in tf.resources("aws_elasticache_cluster")
	not c.values.replication_group_id
	tags.tag(c, "DataClassification") in tags.sensitive_classes
	msg := concat("", [
		"`", c.address, "` is a standalone cache cluster tagged DataClassification ", tags.tag(c, "DataClassification"),
		", which cannot be encrypted at rest; use an aws_elasticache_replication_group with `at_rest_encryption_enabled = true` and a CMK",
	])
}
