# METADATA
# title: Secrets, keys and images are available in the DR region
# description: >-
#   DR workloads cannot start without credentials, decryptable data and container images (drill
#   preconditions "Keys", "Secrets", "Images"). Outside the DR region (config `dr_region`, else the
#   provider alias `dr`): every aws_secretsmanager_secret needs a `replica` block whose `region` is
#   the DR region (or a secret with the same literal `name` declared in the DR region); every
#   aws_kms_key needs an aws_kms_replica_key of it (`primary_key_arn`) in the DR region, unless the
#   configuration creates its own keys in the DR region (aws_kms_key / aws_kms_replica_key there);
#   every aws_ecr_repository needs an aws_ecr_replication_configuration in its region with a
#   `rule.destination.region` equal to the DR region. A replica region known only after apply is
#   unverifiable.
# scope: package
# custom:
#   id: CRM-BDR-016
#   severity: medium
#   family: BDR
#   controls:
#     iso27001-2022: ["A.5.30?", "A.8.14?"]
#   remediation: >-
#     CDKTF: `replica: [{ region: drRegion, kmsKeyId: drKey.arn }]` on SecretsmanagerSecret; a KmsKey
#     with `multiRegion: true` plus a KmsReplicaKey `{ provider: drProvider, primaryKeyArn: key.arn }`
#     (or DR-native KmsKey resources); an EcrReplicationConfiguration `{ replicationConfiguration: {
#     rule: [{ destination: [{ region: drRegion, registryId: account }] }] } }`. Terraform: `replica {
#     region = "eu-central-1" }`, `aws_kms_replica_key { provider = aws.dr, primary_key_arn =
#     aws_kms_key.<name>.arn }`, `aws_ecr_replication_configuration` with `destination { region =
#     "eu-central-1" }`.
package crm.rules.backup_dr.dr_enablers

import data.crm.lib.dr
import data.crm.lib.tf

_primary(type) := [r | some r in tf.resources(type); not dr.in_dr(r)]

# --- secrets -----------------------------------------------------------------------------------

_replica_regions(s) := [object.get(x, "region", null) | some x in tf.blocks(object.get(s.values, "replica", []))]

_dr_secret_names := {n |
	some s in tf.resources("aws_secretsmanager_secret")
	dr.in_dr(s)
	n := s.values.name
	is_string(n)
}

_secret_ok(s) if dr.region in _replica_regions(s)

_secret_ok(s) if s.values.name in _dr_secret_names

_secret_unknown(s) if {
	some x in _replica_regions(s)
	dr.expr(x)
}

deny contains tf.finding(s, msg) if {
	some s in _primary("aws_secretsmanager_secret")
	not _secret_ok(s)
	not _secret_unknown(s)
	msg := concat("", [
		"`", s.address, "` has no replica in DR region ", dr.region_text, " (`replica.region`: ", tf.show(_replica_regions(s)),
		"); add `replica { region = \"", dr.region_text, "\", kms_key_id = <DR key> }` so the DR workload can read it",
	])
}

deny contains {"resource": s.address, "message": msg, "unverifiable": true} if {
	some s in _primary("aws_secretsmanager_secret")
	not _secret_ok(s)
	_secret_unknown(s)
	msg := concat("", [
		"`", s.address, "` sets `replica.region` from an expression known only after apply, ",
		"so it cannot be proven that the secret is available in DR region ", dr.region_text,
	])
}

# --- keys --------------------------------------------------------------------------------------

_dr_native_keys := [k |
	some type in ["aws_kms_key", "aws_kms_replica_key"]
	some k in tf.resources(type)
	dr.in_dr(k)
]

_key_replicated(k) if {
	some a in tf.bound(k.address, "aws_kms_replica_key", "primary_key_arn")
	dr.in_dr(input.resources[a])
}

deny contains tf.finding(k, msg) if {
	some k in _primary("aws_kms_key")
	not _key_replicated(k)
	count(_dr_native_keys) == 0
	msg := concat("", [
		"`", k.address, "` has no aws_kms_replica_key in DR region ", dr.region_text, " and the configuration creates no key there, ",
		"so nothing it encrypts can be decrypted after a region loss; set `multi_region = true` and add an aws_kms_replica_key ",
		"with the DR provider (or create DR-region keys for the DR copies)",
	])
}

# --- images ------------------------------------------------------------------------------------

_ecr_destinations(c) := [object.get(d, "region", null) |
	some rc in tf.blocks(object.get(c.values, "replication_configuration", []))
	some rule in tf.blocks(object.get(rc, "rule", []))
	some d in tf.blocks(object.get(rule, "destination", []))
]

_replicated_regions := {c.region |
	some c in tf.resources("aws_ecr_replication_configuration")
	dr.region in _ecr_destinations(c)
}

_unknown_regions := {c.region |
	some c in tf.resources("aws_ecr_replication_configuration")
	some d in _ecr_destinations(c)
	dr.expr(d)
}

deny contains tf.finding(repo, msg) if {
	some repo in _primary("aws_ecr_repository")
	not repo.region in _replicated_regions
	not repo.region in _unknown_regions
	msg := concat("", [
		"`", repo.address, "` is not replicated to DR region ", dr.region_text, ": no aws_ecr_replication_configuration in its region ",
		"has `rule.destination.region = \"", dr.region_text, "\"`; add one so DR tasks can pull their images",
	])
}

deny contains {"resource": repo.address, "message": msg, "unverifiable": true} if {
	some repo in _primary("aws_ecr_repository")
	not repo.region in _replicated_regions
	repo.region in _unknown_regions
	msg := concat("", [
		"`", repo.address, "` is covered by an aws_ecr_replication_configuration whose destination region is known only after apply, ",
		"so it cannot be proven that images reach DR region ", dr.region_text,
	])
}
