package crm.rules.backup_dr.rds_multi_az_test

import data.crm.lib.fixtures as fx
import data.crm.rules.backup_dr.rds_multi_az as rule

_dr(r) := fx.merged(r, {"region": "eu-central-1", "provider": "aws.dr"})

_cluster := fx.resource("aws_rds_cluster.crm", {"engine": "aurora-postgresql", "cluster_identifier": "crm"})

_member(name, values) := fx.with_refs(
	fx.resource(concat(".", ["aws_rds_cluster_instance", name]), object.union({"cluster_identifier": "${aws_rds_cluster.crm.id}"}, values)),
	{"cluster_identifier": ["aws_rds_cluster.crm"]},
)

test_multi_az_instance_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_db_instance.crm", {"multi_az": true})])
}

test_single_az_instance_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_db_instance.crm", {"multi_az": false})])
	f.resource == "aws_db_instance.crm"
	contains(f.message, "`multi_az = false`")
}

test_absent_multi_az_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_db_instance.crm", {})])
	contains(f.message, "`multi_az` absent")
}

test_unknown_multi_az_unverifiable if {
	db := fx.with_unknown(fx.resource("aws_db_instance.crm", {"multi_az": "${var.ha}"}), ["multi_az"])
	some f in rule.deny with input as fx.model([db])
	f.unverifiable == true
}

test_dr_region_replica_exempt if {
	db := _dr(fx.resource("aws_db_instance.crm_dr", {"replicate_source_db": "${aws_db_instance.crm.arn}"}))
	count(rule.deny) == 0 with input as fx.model([db])
}

test_primary_region_replica_not_exempt if {
	db := fx.resource("aws_db_instance.read", {"replicate_source_db": "crm"})
	count(rule.deny) == 1 with input as fx.model([db])
}

test_aurora_two_members_passes if {
	count(rule.deny) == 0 with input as fx.model([_cluster, _member("a", {}), _member("b", {})])
}

test_aurora_one_member_fails if {
	some f in rule.deny with input as fx.model([_cluster, _member("a", {})])
	f.resource == "aws_rds_cluster.crm"
	contains(f.message, "1 aws_rds_cluster_instance member(s)")
}

test_aurora_count_two_passes if {
	count(rule.deny) == 0 with input as fx.model([_cluster, _member("a", {"count": 2})])
}

test_aurora_unknown_count_unverifiable if {
	m := fx.with_unknown(_member("a", {"count": "${var.n}"}), ["count"])
	some f in rule.deny with input as fx.model([_cluster, m])
	f.unverifiable == true
}

test_aurora_same_az_fails if {
	rs := [_cluster, _member("a", {"availability_zone": "eu-west-1a"}), _member("b", {"availability_zone": "eu-west-1a"})]
	some f in rule.deny with input as fx.model(rs)
	contains(f.message, "pinned to `availability_zone` eu-west-1a")
}

test_aurora_distinct_azs_pass if {
	rs := [_cluster, _member("a", {"availability_zone": "eu-west-1a"}), _member("b", {"availability_zone": "eu-west-1b"})]
	count(rule.deny) == 0 with input as fx.model(rs)
}

test_aurora_literal_cluster_identifier_binds if {
	a := fx.resource("aws_rds_cluster_instance.a", {"cluster_identifier": "crm"})
	b := fx.resource("aws_rds_cluster_instance.b", {"cluster_identifier": "crm"})
	count(rule.deny) == 0 with input as fx.model([_cluster, a, b])
}

test_multi_az_db_cluster_passes if {
	c := fx.resource("aws_rds_cluster.mz", {"engine": "postgres", "db_cluster_instance_class": "db.r6gd.large"})
	count(rule.deny) == 0 with input as fx.model([c])
}

test_dr_secondary_cluster_exempt if {
	c := _dr(fx.resource("aws_rds_cluster.sec", {"global_cluster_identifier": "${aws_rds_global_cluster.g.id}"}))
	count(rule.deny) == 0 with input as fx.model([c])
}

test_aurora_for_each_members_count if {
	count(rule.deny) == 0 with input as fx.model([_cluster, _member("a", {"for_each": {"one": "eu-west-1a", "two": "eu-west-1b"}})])
	count(rule.deny) == 1 with input as fx.model([_cluster, _member("a", {"for_each": ["one"]})])
}

test_aurora_unknown_for_each_unverifiable if {
	some f in rule.deny with input as fx.model([_cluster, _member("a", {"for_each": "${var.members}"})])
	f.unverifiable == true
}

test_aurora_unknown_azs_unverifiable if {
	rs := [_cluster, _member("a", {"availability_zone": "eu-west-1a"}), _member("b", {"availability_zone": "${var.az}"})]
	some f in rule.deny with input as fx.model(rs)
	f.unverifiable == true
	contains(f.message, "partly from expressions")
}
