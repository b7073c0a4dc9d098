# METADATA
# title: Resources carry data-classification and owner tags
# description: >-
#   Classification drives which controls apply and who answers for a finding (ISO asset inventory
#   and labelling). Every taggable AWS resource (one that declares `tags` / `tags_all`, or of a
#   commonly tagged type) must carry, in its effective tags (its own `tags` over the provider's
#   `default_tags`, or `tags_all` in plans), each key of `required_tags` (default: DataClassification
#   in public/internal/confidential/restricted, Owner non-empty) with an allowed value. A CRM data
#   store (bucket, database, cluster, cache, file system, table, vault, secret) must not be
#   classified `public`. A tag value, or a whole tag map, known only after apply is unverifiable;
#   an absent key fails.
# scope: package
# custom:
#   id: CRM-CMP-003
#   severity: medium
#   family: CMP
#   controls:
#     iso27001-2022: ["A.5.12?", A.5.13, "A.5.9?"]
#     gdpr: ["Art. 30?"]
#   remediation: >-
#     CDKTF: `new AwsProvider(this, "aws", { region, defaultTags: [{ tags: { DataClassification:
#     "confidential", Owner: "crm-platform" } }] })`, overriding `tags` per resource where the
#     classification differs. Terraform: `provider "aws" { default_tags { tags = { DataClassification =
#     "confidential", Owner = "crm-platform" } } }`.
package crm.rules.compliance.required_tags

import data.crm.lib.tags
import data.crm.lib.tf

_taggable_types := {
	"aws_s3_bucket", "aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance", "aws_elasticache_replication_group",
	"aws_elasticache_cluster", "aws_efs_file_system", "aws_dynamodb_table", "aws_backup_vault", "aws_backup_plan",
	"aws_secretsmanager_secret", "aws_kms_key", "aws_kms_replica_key", "aws_vpc", "aws_subnet", "aws_security_group",
	"aws_route_table", "aws_internet_gateway", "aws_nat_gateway", "aws_eip", "aws_vpc_endpoint", "aws_lb", "aws_alb",
	"aws_lb_target_group", "aws_instance", "aws_launch_template", "aws_ebs_volume", "aws_ecs_cluster", "aws_ecs_service",
	"aws_ecs_task_definition", "aws_ecr_repository", "aws_lambda_function", "aws_sqs_queue", "aws_sns_topic",
	"aws_cloudwatch_log_group", "aws_cloudtrail", "aws_iam_role", "aws_acm_certificate", "aws_wafv2_web_acl",
	"aws_db_subnet_group", "aws_db_parameter_group", "aws_guardduty_detector", "aws_flow_log", "aws_network_acl",
}

_taggable[r.address] := r if {
	some r in input.resources
	r.mode == "managed"
	_taggable_resource(r)
}

# A set lookup: `in` compares with every member in wasm.
_taggable_resource(r) if _taggable_types[r.type]

# Key lookups, not object.keys (which builds a set of every key of every resource).
_taggable_resource(r) if _has(r.values, "tags")

_taggable_resource(r) if _has(r.values, "tags_all")

# The key is present, whatever its value (null and false included).
_has(o, key) if _ = o[key]

_required := object.get(data.config, "required_tags", {})

# Effective tags computed once per resource (wasm does not memoize function calls).
_effective[a] := tags.effective(r) if some a, r in _taggable

_allowed_text(values) := "any non-empty value" if count(values) == 0

_allowed_text(values) := concat(", ", values) if count(values) > 0

deny contains tf.finding(r, msg) if {
	some r in _taggable
	some key, _ in _required
	not _has(_effective[r.address], key)
	not tags.tags_unknown(r)
	msg := concat("", [
		"`", r.address, "` has no `", key, "` tag (own `tags` or provider `default_tags`); tag it with ",
		_allowed_text(_required[key]),
	])
}

deny contains tf.finding(r, msg) if {
	some r in _taggable
	some key, values in _required
	v := _effective[r.address][key]
	not tags.value_unknown(v)
	not _valid(v, values)
	msg := concat("", [
		"`", r.address, "` has `", key, " = ", tf.show(v), "`; use ", _allowed_text(values),
	])
}

_valid(v, values) if {
	count(values) == 0
	is_string(v)
	trim_space(v) != ""
}

_valid(v, values) if {
	count(values) > 0
	v in values
}

deny contains {"resource": r.address, "message": msg, "unverifiable": true} if {
	some r in _taggable
	some key, _ in _required
	_unknown(r, key)
	msg := concat("", [
		"`", r.address, "` takes its `", key, "` tag from an expression known only after apply, ",
		"so it cannot be proven that the resource is classified and owned",
	])
}

_unknown(r, key) if tags.value_unknown(_effective[r.address][key])

_unknown(r, key) if {
	not _has(_effective[r.address], key)
	tags.tags_unknown(r)
}

deny contains tf.finding(r, msg) if {
	some r in _taggable
	r.type in tags.data_store_types
	lower(_effective[r.address].DataClassification) == "public"
	msg := concat("", [
		"`", r.address, "` is a CRM data store classified `DataClassification = public`; classify it confidential or restricted ",
		"(or internal when it holds no customer data)",
	])
}
