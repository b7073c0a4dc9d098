package crm.rules.encryption.elasticache_at_rest_cmk_test

import data.crm.lib.fixtures as fx
import data.crm.rules.encryption.elasticache_at_rest_cmk as rule

_rg(values) := fx.with_refs(fx.resource("aws_elasticache_replication_group.cache", values), {"kms_key_id": ["aws_kms_key.k"]})

test_encrypted_with_cmk_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, _rg({"at_rest_encryption_enabled": true, "kms_key_id": "${aws_kms_key.k.arn}"})])
	count(rule.deny) == 0 with input as fx.model([fx.kms_key, _rg({"at_rest_encryption_enabled": "true", "kms_key_id": "${aws_kms_key.k.arn}"})])
}

test_unencrypted_fails if {
	some f in rule.deny with input as fx.model([_rg({})])
	f.resource == "aws_elasticache_replication_group.cache"
	contains(f.message, "`at_rest_encryption_enabled` absent")
}

test_aws_managed_key_fails if {
	some f in rule.deny with input as fx.model([_rg({"at_rest_encryption_enabled": true})])
	contains(f.message, "AWS-managed key")
}

test_serverless_needs_cmk if {
	some f in rule.deny with input as fx.model([fx.resource("aws_elasticache_serverless_cache.s", {"engine": "valkey"})])
	f.resource == "aws_elasticache_serverless_cache.s"
}

test_unknowns_are_unverifiable if {
	g := fx.with_unknown(_rg({"at_rest_encryption_enabled": "${var.e}"}), ["at_rest_encryption_enabled"])
	some f in rule.deny with input as fx.model([g])
	f.unverifiable == true
	g2 := fx.with_unknown(_rg({"at_rest_encryption_enabled": true, "kms_key_id": "${var.k}"}), ["kms_key_id"])
	some f2 in rule.deny with input as fx.model([g2])
	f2.unverifiable == true
}

test_bare_cluster_with_crm_data_fails if {
	c := fx.resource("aws_elasticache_cluster.memcached", {"engine": "memcached", "tags": {"DataClassification": "confidential"}})
	some f in rule.deny with input as fx.model([c])
	contains(f.message, "standalone cache cluster")
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_elasticache_cluster.memcached", {"engine": "memcached", "tags": {"DataClassification": "internal"}})])
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_elasticache_cluster.member", {"replication_group_id": "crm", "tags": {"DataClassification": "confidential"}})])
}
