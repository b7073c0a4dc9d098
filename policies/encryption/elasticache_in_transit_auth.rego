# METADATA
# title: ElastiCache encrypts in transit and requires authentication
# description: >-
#   Cache traffic carries session tokens, and an unauthenticated cache is a lateral-movement
#   target. Every aws_elasticache_replication_group must set transit_encryption_enabled = true
#   (default false; bool or "true"), leave transit_encryption_mode absent or "required"
#   ("preferred" is a migration state that still accepts plaintext), and authenticate clients
#   with auth_token (any value, including one known only after apply: presence is what counts) or
#   RBAC user_group_ids. A transit flag or mode known only after apply is unverifiable.
# scope: package
# custom:
#   id: CRM-ENC-015
#   severity: high
#   family: ENC
#   controls:
#     aws-fsbp: [ElastiCache.5, ElastiCache.6]
#     iso27001-2022: [A.8.24]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: on ElasticacheReplicationGroup set `transitEncryptionEnabled: true`, leave
#     `transitEncryptionMode` unset or "required", and set `authToken` (from a Secrets Manager
#     secret) or `userGroupIds: [group.id]`.
#     Terraform: `transit_encryption_enabled = true`, `auth_token = ...` or `user_group_ids = [...]`
#     on `aws_elasticache_replication_group`.
package crm.rules.encryption.elasticache_in_transit_auth

import data.crm.lib.tf

_on(v) if v == true

_on(v) if v == "true"

_groups := tf.resources("aws_elasticache_replication_group")

deny contains tf.unverifiable(g, "transit_encryption_enabled", "traffic to the cache is encrypted") if {
	some g in _groups
	tf.unknown(g, "transit_encryption_enabled")
}

deny contains tf.finding(g, msg) if {
	some g in _groups
	not tf.unknown(g, "transit_encryption_enabled")
	not _on(object.get(g.values, "transit_encryption_enabled", false))
	msg := concat("", ["`", g.address, "` has ", tf.shown(g, "transit_encryption_enabled"), "; set it to true so clients must use TLS"])
}

deny contains tf.unverifiable(g, "transit_encryption_mode", "the cache requires TLS") if {
	some g in _groups
	tf.unknown(g, "transit_encryption_mode")
}

deny contains tf.finding(g, msg) if {
	some g in _groups
	not tf.unknown(g, "transit_encryption_mode")
	object.get(g.values, "transit_encryption_mode", "required") != "required"
	msg := concat("", ["`", g.address, "` has ", tf.shown(g, "transit_encryption_mode"), ", which still accepts plaintext clients; set it to \"required\" (or remove it)"])
}

_authenticated(g) if g.values.auth_token

_authenticated(g) if tf.unknown(g, "auth_token")

_authenticated(g) if count(g.values.user_group_ids) > 0

_authenticated(g) if tf.unknown(g, "user_group_ids")

deny contains tf.finding(g, msg) if {
	some g in _groups
	not _authenticated(g)
	msg := concat("", ["`", g.address, "` has neither `auth_token` nor `user_group_ids`; require AUTH (auth_token from a secret) or RBAC user groups"])
}
