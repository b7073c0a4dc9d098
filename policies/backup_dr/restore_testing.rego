# METADATA
# title: Backed-up CRM data stores are restore-tested at least monthly
# description: >-
#   A backup nobody has restored is a hope, not a recovery point (ISO 27001 A.8.13 asks for tested
#   backups). Every data store an AWS Backup selection covers (CRM-BDR-005's stores) must be covered
#   by an aws_backup_restore_testing_selection whose `protected_resource_type` matches it (RDS,
#   Aurora, S3, DynamoDB, EFS, EBS, FSx, DocumentDB, Neptune) and whose `protected_resource_arns`
#   reference it or are "*" (with `protected_resource_conditions.string_equals` on
#   `aws:ResourceTag/<key>` matching its tags), bound through `restore_testing_plan_name` to an
#   aws_backup_restore_testing_plan scheduled at least monthly: `rate(N days)` with N ≤ 31, or a
#   `cron(...)` whose month field is `*` and whose day fields do not pick one day of a longer
#   period. Schedules or selections known only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-BDR-020
#   severity: medium
#   family: BDR
#   controls:
#     iso27001-2022: [A.8.13, A.5.30]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: add a BackupRestoreTestingPlan (`scheduleExpression: "cron(0 5 1 * ? *)"`,
#     `recoveryPointSelection: { algorithm: "LATEST_WITHIN_WINDOW", includeVaults: [vault.arn],
#     recoveryPointTypes: ["SNAPSHOT"] }`) and one BackupRestoreTestingSelection per resource type
#     (`protectedResourceType: "RDS"`, `protectedResourceArns: [db.arn]`, `restoreTestingPlanName:
#     plan.name`). Terraform: `aws_backup_restore_testing_plan` and
#     `aws_backup_restore_testing_selection` with the same arguments.
package crm.rules.backup_dr.restore_testing

import data.crm.lib.dr
import data.crm.lib.tags
import data.crm.lib.tf

_protected_type := {
	"aws_db_instance": "RDS", "aws_rds_cluster": "Aurora", "aws_s3_bucket": "S3", "aws_dynamodb_table": "DynamoDB",
	"aws_efs_file_system": "EFS", "aws_ebs_volume": "EBS", "aws_docdb_cluster": "DocumentDB", "aws_neptune_cluster": "Neptune",
	"aws_fsx_windows_file_system": "FSx", "aws_fsx_lustre_file_system": "FSx", "aws_fsx_ontap_file_system": "FSx",
	"aws_fsx_openzfs_file_system": "FSx",
}

# The stores some backup plan covers.
_backed_up[r.address] := r if {
	some type, _ in _protected_type
	some r in tf.resources(type)
	count(dr.selections(r)) > 0
}

# --- schedules ---------------------------------------------------------------------------------

_monthly(expr) if {
	m := regex.find_all_string_submatch_n(`^rate\(([0-9]+) days?\)$`, expr, 1)[0]
	to_number(m[1]) <= 31
}

_monthly(expr) if regex.match(`^rate\([0-9]+ (minutes?|hours?)\)$`, expr)

_monthly(expr) if {
	fields := split(trim_suffix(trim_prefix(expr, "cron("), ")"), " ")
	count(fields) == 6
	fields[3] == "*"
	fields[5] in {"*", "?"}
}

_plans[p.address] := p if some p in tf.resources("aws_backup_restore_testing_plan")

_schedule(p) := object.get(p.values, "schedule_expression", "")

_monthly_plan(p) if _monthly(_schedule(p))

deny contains tf.finding(p, msg) if {
	some p in _plans
	not dr.expr(_schedule(p))
	not _monthly_plan(p)
	msg := concat("", [
		"`", p.address, "` runs restore tests on ", tf.shown(p, "schedule_expression"), ", less often than monthly;",
		" schedule it at least monthly (e.g. \"cron(0 5 1 * ? *)\")",
	])
}

deny contains tf.unverifiable(p, "schedule_expression", "restore tests run at least monthly") if {
	some p in _plans
	dr.expr(_schedule(p))
}

# --- coverage ----------------------------------------------------------------------------------

# The testing plan of a selection: by reference, else by literal name.
_plan_of(s) := input.resources[a] if {
	some a in tf.refs(s, "restore_testing_plan_name")
	input.resources[a].type == "aws_backup_restore_testing_plan"
}

_plan_of(s) := p if {
	count(tf.refs(s, "restore_testing_plan_name")) == 0
	some p in _plans
	p.values.name == s.values.restore_testing_plan_name
}

_tag_conditions(s) := [c |
	some pc in tf.blocks(object.get(s.values, "protected_resource_conditions", []))
	some c in tf.blocks(object.get(pc, "string_equals", []))
]

_tags_match(s, r) if {
	every c in _tag_conditions(s) {
		startswith(c.key, "aws:ResourceTag/")
		object.get(tags.effective(r), substring(c.key, count("aws:ResourceTag/"), -1), null) == c.value
	}
}

_selects(s, r) if r.address in tf.refs(s, "protected_resource_arns")

_selects(s, r) if {
	"*" in object.get(s.values, "protected_resource_arns", [])
	_tags_match(s, r)
}

_tested(r) if {
	some s in tf.resources("aws_backup_restore_testing_selection")
	s.values.protected_resource_type == _protected_type[r.type]
	_selects(s, r)
	_monthly_plan(_plan_of(s))
}

_unknown_selections contains s.address if {
	some s in tf.resources("aws_backup_restore_testing_selection")
	some attr in ["protected_resource_type", "protected_resource_arns", "restore_testing_plan_name"]
	tf.unknown(s, attr)
	count(tf.refs(s, attr)) == 0
}

deny contains tf.finding(r, msg) if {
	some r in _backed_up
	not _tested(r)
	count(_unknown_selections) == 0
	msg := concat("", [
		"`", r.address, "` is backed up but no aws_backup_restore_testing_selection (protected_resource_type \"",
		_protected_type[r.type], "\") of a monthly aws_backup_restore_testing_plan covers it; add one so restores are tested",
	])
}

deny contains {"resource": r.address, "message": msg, "unverifiable": true} if {
	some r in _backed_up
	not _tested(r)
	count(_unknown_selections) > 0
	msg := concat("", [
		"`", r.address, "` is not covered by a known restore-testing selection, and selections ", json.marshal(sort(_unknown_selections)),
		" are known only after apply, so it cannot be proven that its restores are tested",
	])
}
