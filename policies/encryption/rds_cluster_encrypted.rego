# METADATA
# title: Aurora / RDS clusters (incl. global clusters) are encrypted with a CMK
# description: >-
#   Same data as CRM-ENC-004 when the CRM runs on Aurora or Multi-AZ DB clusters. Every
#   aws_rds_cluster must set storage_encrypted = true (default false for provisioned clusters;
#   serverless v1 clusters are always encrypted) with kms_key_id naming a customer-managed key.
#   Secondary clusters (global_cluster_identifier without master credentials, or
#   replication_source_identifier) inherit encryption but must name their own region's CMK in
#   kms_key_id. An aws_rds_global_cluster must set storage_encrypted = true unless it is created
#   from an existing cluster (source_db_cluster_identifier), whose encryption it inherits.
# scope: package
# custom:
#   id: CRM-ENC-005
#   severity: high
#   family: ENC
#   controls:
#     aws-fsbp: [RDS.27]
#     iso27001-2022: [A.8.24]
#     gdpr: [Art. 32]
#   remediation: >-
#     CDKTF: on RdsCluster set `storageEncrypted: true` and `kmsKeyId: key.arn` (a KmsKey in the
#     cluster's region); on RdsGlobalCluster set `storageEncrypted: true`.
#     Terraform: `storage_encrypted = true`, `kms_key_id = aws_kms_key.<name>.arn` on `aws_rds_cluster`;
#     `storage_encrypted = true` on `aws_rds_global_cluster`.
package crm.rules.encryption.rds_cluster_encrypted

import data.crm.lib.kms
import data.crm.lib.tf

_secondary(c) if c.values.replication_source_identifier

_secondary(c) if {
	c.values.global_cluster_identifier
	not c.values.master_username
	not c.values.snapshot_identifier
}

_serverless_v1(c) if c.values.engine_mode == "serverless"

_primaries[c.address] := c if {
	some c in tf.resources("aws_rds_cluster")
	not _secondary(c)
	not _serverless_v1(c)
}

deny contains tf.unverifiable(c, "storage_encrypted", "storage is encrypted") if {
	some c in _primaries
	tf.unknown(c, "storage_encrypted")
}

deny contains tf.finding(c, msg) if {
	some c in _primaries
	not tf.unknown(c, "storage_encrypted")
	tf.value(c, "storage_encrypted", false) != true
	msg := concat("", ["`", c.address, "` has ", tf.shown(c, "storage_encrypted"), "; set it to true and give `kms_key_id` a customer-managed key"])
}

# Every cluster that is (or inherits being) encrypted must name a CMK.
_keyed[c.address] := c if {
	some c in _primaries
	c.values.storage_encrypted == true
}

_keyed[c.address] := c if {
	some c in tf.resources("aws_rds_cluster")
	_secondary(c)
}

_keyed[c.address] := c if {
	some c in tf.resources("aws_rds_cluster")
	_serverless_v1(c)
}

deny contains tf.finding(c, msg) if {
	some c in _keyed
	kms.key(c, "kms_key_id") in {"absent", "aws-managed"}
	msg := concat("", ["`", c.address, "` uses an AWS-managed key (", tf.shown(c, "kms_key_id"), "); set `kms_key_id` to a customer-managed aws_kms_key in the cluster's region"])
}

deny contains tf.unverifiable(c, "kms_key_id", "the key is customer-managed") if {
	some c in _keyed
	kms.key(c, "kms_key_id") == "unknown"
}

_global_needs_flag[g.address] := g if {
	some g in tf.resources("aws_rds_global_cluster")
	not g.values.source_db_cluster_identifier
}

deny contains tf.finding(g, msg) if {
	some g in _global_needs_flag
	not tf.unknown(g, "storage_encrypted")
	tf.value(g, "storage_encrypted", false) != true
	msg := concat("", ["`", g.address, "` has ", tf.shown(g, "storage_encrypted"), "; set it to true so every member cluster is encrypted"])
}

deny contains tf.unverifiable(g, "storage_encrypted", "the global cluster is encrypted") if {
	some g in _global_needs_flag
	tf.unknown(g, "storage_encrypted")
}
