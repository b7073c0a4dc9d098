# METADATA
# title: Databases are Multi-AZ
# description: >-
#   An Availability Zone outage must not take the CRM database down. Every aws_db_instance must set
#   `multi_az = true` (absent means false). An Aurora aws_rds_cluster needs at least two
#   aws_rds_cluster_instance members (bound through `cluster_identifier`, `count` included) that
#   are not all pinned to the same `availability_zone` (an absent AZ is placed by RDS), unless it
#   is a Multi-AZ DB cluster (`db_cluster_instance_class` set). Members whose AZs are all set but
#   partly known only after apply are unverifiable. Read replicas and clusters that are
#   replicas (global secondaries, `replication_source_identifier`) in the DR region are exempt:
#   they are the recovery copies. A `multi_az` or member `count` / `for_each` known only after
#   apply is reported as unverifiable.
# scope: package
# custom:
#   id: CRM-BDR-001
#   severity: high
#   family: BDR
#   controls:
#     aws-fsbp: [RDS.5, RDS.15]
#     iso27001-2022: [A.8.14]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: set `multiAz: true` on DbInstance; for Aurora create at least two RdsClusterInstance
#     constructs with `clusterIdentifier: cluster.id` in different AZs (or leave
#     `availabilityZone` unset). Terraform: `multi_az = true` on aws_db_instance; two or more
#     aws_rds_cluster_instance with `cluster_identifier = aws_rds_cluster.<name>.id`.
package crm.rules.backup_dr.rds_multi_az

import data.crm.lib.dr
import data.crm.lib.tf

_dr_replica(r) if {
	dr.in_dr(r)
	some attr in ["replicate_source_db", "replication_source_identifier", "global_cluster_identifier"]
	r.values[attr]
}

_instances[db.address] := db if {
	some db in tf.resources("aws_db_instance")
	not _dr_replica(db)
}

deny contains tf.finding(db, msg) if {
	some db in _instances
	not tf.unknown(db, "multi_az")
	tf.value(db, "multi_az", false) != true
	msg := concat("", [
		"`", db.address, "` is a single-AZ database (", tf.shown(db, "multi_az"),
		"); set `multi_az = true` so RDS keeps a synchronous standby in another Availability Zone",
	])
}

deny contains tf.unverifiable(db, "multi_az", "the database is Multi-AZ") if {
	some db in _instances
	tf.unknown(db, "multi_az")
}

_clusters[c.address] := c if {
	some c in tf.resources("aws_rds_cluster")
	not _dr_replica(c)
	not c.values.db_cluster_instance_class
}

# Members bound by reference, or by a literal `cluster_identifier` equal to the cluster's.
_members(c) := {input.resources[a] | some a in tf.bound(c.address, "aws_rds_cluster_instance", "cluster_identifier")} | {m |
	is_string(c.values.cluster_identifier)
	not dr.expr(c.values.cluster_identifier)
	some m in object.get(_by_literal_id, c.values.cluster_identifier, [])
}

_literal_members := [m |
	some m in tf.resources("aws_rds_cluster_instance")
	is_string(m.values.cluster_identifier)
	not dr.expr(m.values.cluster_identifier)
]

_by_literal_id := {id: [m | some m in _literal_members; m.values.cluster_identifier == id] |
	some m0 in _literal_members
	id := m0.values.cluster_identifier
}

_weight(m) := 1 if {
	not "count" in object.keys(m.values)
	not "for_each" in object.keys(m.values)
}

_weight(m) := m.values.count if is_number(m.values.count)

_weight(m) := count(m.values.for_each) if {
	not "count" in object.keys(m.values)
	some check in [is_array(m.values.for_each), is_object(m.values.for_each)]
	check
}

_count_unknown(c) if {
	some m in _members(c)
	not _weight(m)
}

_size(c) := sum([_weight(m) | some m in _members(c)])

_pinned_azs(c) := {m.values.availability_zone |
	some m in _members(c)
	is_string(m.values.availability_zone)
	not dr.expr(m.values.availability_zone)
}

_all_pinned(c) if every m in _members(c) {
	is_string(m.values.availability_zone)
	not dr.expr(m.values.availability_zone)
}

# Every member sets an AZ, some only known after apply, and the literal ones do not prove two AZs.
_az_unknown(c) if {
	every m in _members(c) {
		"availability_zone" in object.keys(m.values)
	}
	some m in _members(c)
	dr.expr(m.values.availability_zone)
	count(_pinned_azs(c)) < 2
}

deny contains tf.finding(c, msg) if {
	some c in _clusters
	not _count_unknown(c)
	_size(c) < 2
	msg := concat("", [
		"`", c.address, "` has ", format_int(_size(c), 10), " aws_rds_cluster_instance member(s) bound through `cluster_identifier`",
		", so an AZ failure leaves no replica to promote; add a second instance in another Availability Zone",
	])
}

deny contains tf.finding(c, msg) if {
	some c in _clusters
	not _count_unknown(c)
	_size(c) >= 2
	_all_pinned(c)
	count(_pinned_azs(c)) < 2
	msg := concat("", [
		"`", c.address, "` has all its instances pinned to `availability_zone` ", concat(", ", sort(_pinned_azs(c))),
		"; place at least one instance in a second Availability Zone (or leave `availability_zone` unset)",
	])
}

deny contains {"resource": c.address, "message": msg, "unverifiable": true} if {
	some c in _clusters
	not _count_unknown(c)
	_size(c) >= 2
	_az_unknown(c)
	msg := concat("", [
		"`", c.address, "` pins its instances' `availability_zone` partly from expressions known only after apply, ",
		"so it cannot be proven that they span two Availability Zones",
	])
}

deny contains {"resource": c.address, "message": msg, "unverifiable": true} if {
	some c in _clusters
	_count_unknown(c)
	msg := concat("", [
		"`", c.address, "` has aws_rds_cluster_instance members whose `count` or `for_each` is known only after apply, ",
		"so it cannot be proven that the cluster has instances in two Availability Zones",
	])
}
