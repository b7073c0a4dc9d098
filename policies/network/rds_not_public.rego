# METADATA
# title: RDS instances are not publicly accessible and live in VPC subnets
# description: >-
#   A publicly accessible database endpoint is the most common cause of CRM data leaks. Every
#   aws_db_instance and aws_rds_cluster_instance must keep publicly_accessible false (the default)
#   and every aws_db_instance must be placed in a DB subnet group (the isolated data tier), not the
#   default VPC.
# scope: package
# custom:
#   id: CRM-NET-009
#   severity: critical
#   family: NET
#   controls:
#     aws-fsbp: [RDS.2, RDS.18]
#     cis-aws-3.0: ["2.3.3"]
#     iso27001-2022: ["A.8.20?", "A.8.3?"]
#     gdpr: ["Art. 25?"]
#   remediation: >-
#     CDKTF: on DbInstance / RdsClusterInstance set `publiclyAccessible: false` and
#     `dbSubnetGroupName: subnetGroup.name` (a DbSubnetGroup over the isolated data subnets).
#     Terraform: `publicly_accessible = false`, `db_subnet_group_name = aws_db_subnet_group.<name>.name`.
package crm.rules.network.rds_not_public

import data.crm.lib.tf

_databases[r.address] := r if some r in tf.resources("aws_db_instance")

_databases[r.address] := r if some r in tf.resources("aws_rds_cluster_instance")

deny contains tf.finding(r, msg) if {
	some r in _databases
	r.values.publicly_accessible == true
	msg := concat("", ["`", r.address, "` has `publicly_accessible = true`; set it to false and reach the database from the application tier only"])
}

deny contains tf.unverifiable(r, "publicly_accessible", "the database is private") if {
	some r in _databases
	tf.unknown(r, "publicly_accessible")
}

deny contains tf.finding(r, msg) if {
	some r in tf.resources("aws_db_instance")
	not r.values.db_subnet_group_name
	not r.values.replicate_source_db
	msg := concat("", ["`", r.address, "` has no `db_subnet_group_name`, so it lands in the default VPC; place it in a DB subnet group over the isolated data subnets"])
}
