# METADATA
# title: EC2 hosts are SSM-managed and on a patch schedule
# description: >-
#   Patch management is an explicit requirement; unmanaged hosts drift. Every aws_instance and
#   aws_autoscaling_group must be (1) SSM-managed: its instance profile (`iam_instance_profile`,
#   or the launch template's / launch configuration's) is an aws_iam_instance_profile whose `role`
#   has AmazonSSMManagedInstanceCore (`managed_policy_arns`, an aws_iam_role_policy_attachment or
#   aws_iam_role_policy_attachments_exclusive), unless an aws_ssm_service_setting turns on Default
#   Host Management in its region; and (2) patched: targeted (InstanceIds `*` or a reference to it,
#   or a `tag:<key>` target matching one of its tags) by an aws_ssm_association running
#   AWS-RunPatchBaseline with `parameters.Operation = "Install"`, or by an
#   aws_ssm_maintenance_window_task running AWS-RunPatchBaseline with Operation Install (directly
#   or through an aws_ssm_maintenance_window_target). Custom aws_ssm_patch_baseline approval rules
#   must approve within 7 days. Profiles outside the configuration and targets known only after
#   apply are unverifiable. Fargate and Lambda are not hosts (CRM-INT-009).
# scope: package
# custom:
#   id: CRM-INT-003
#   severity: high
#   family: INT
#   controls:
#     aws-fsbp: [SSM.1, SSM.2]
#     iso27001-2022: ["A.8.8?"]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: attach `arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore` to the instance role
#     (IamRolePolicyAttachment) and add an SsmAssociation `{ name: "AWS-RunPatchBaseline", parameters:
#     { Operation: "Install" }, scheduleExpression: "cron(0 3 ? * SUN *)", targets: [{ key:
#     "tag:PatchGroup", values: ["crm"] }] }`. Terraform: `aws_iam_role_policy_attachment` with that
#     policy ARN and `aws_ssm_association { name = "AWS-RunPatchBaseline" parameters = { Operation =
#     "Install" } targets { key = "tag:PatchGroup" values = ["crm"] } }`.
package crm.rules.integrity.ec2_ssm_patching

import data.crm.lib.dr
import data.crm.lib.tags
import data.crm.lib.tf

_core := "AmazonSSMManagedInstanceCore"

_hosts := array.concat(tf.resources("aws_instance"), tf.resources("aws_autoscaling_group"))

# --- SSM-managed -------------------------------------------------------------------------------

_dhmc_regions := {s.region |
	some s in tf.resources("aws_ssm_service_setting")
	endswith(object.get(s.values, "setting_id", ""), "default-ec2-instance-management-role")
}

_literal(v) if {
	is_string(v)
	not dr.expr(v)
}

# Name -> every profile / role declaring it (sets: the same name in two accounts never aborts the run).
_profiles_named[p.values.name] contains p.address if {
	some p in tf.resources("aws_iam_instance_profile")
	_literal(p.values.name)
}

_roles_named[r.values.name] contains r.address if {
	some r in tf.resources("aws_iam_role")
	_literal(r.values.name)
}

# Where the host's instance profile is named: [resource, path, value].
_profile_sources(h) := [[h, "iam_instance_profile", object.get(h.values, "iam_instance_profile", null)]] if h.type == "aws_instance"

_profile_sources(h) := array.concat(
	[[input.resources[t], "iam_instance_profile.name", object.get(p, "name", null)] |
		some t in array.concat(tf.refs(h, "launch_template.id"), tf.refs(h, "launch_template.name"))
		input.resources[t].type == "aws_launch_template"
		some p in tf.blocks(object.get(input.resources[t].values, "iam_instance_profile", []))
	],
	[[input.resources[c], "iam_instance_profile", object.get(input.resources[c].values, "iam_instance_profile", null)] |
		some c in tf.refs(h, "launch_configuration")
		input.resources[c].type == "aws_launch_configuration"
	],
) if h.type == "aws_autoscaling_group"

_profiles(h) := {a |
	some [r, path, v] in _profile_sources(h)
	some a in dr.item_refs(r, path, v)
	input.resources[a].type == "aws_iam_instance_profile"
} | {a |
	some [_, _, v] in _profile_sources(h)
	_literal(v)
	some a in _profiles_named[v]
}

_profile_unresolved(h) if {
	some [r, path, v] in _profile_sources(h)
	dr.expr(v)
	count({a | some a in dr.item_refs(r, path, v); input.resources[a].type == "aws_iam_instance_profile"}) == 0
}

_profile_unresolved(h) if {
	some [_, _, v] in _profile_sources(h)
	_literal(v)
	not _profiles_named[v]
}

_roles(p) := {a | some a in tf.refs(input.resources[p], "role"); input.resources[a].type == "aws_iam_role"} | {a |
	v := object.get(input.resources[p].values, "role", null)
	_literal(v)
	some a in _roles_named[v]
}

_has_core(role) if {
	some arn in object.get(input.resources[role].values, "managed_policy_arns", [])
	endswith(arn, _core)
}

_has_core(role) if {
	some a in tf.bound(role, "aws_iam_role_policy_attachment", "role")
	endswith(object.get(input.resources[a].values, "policy_arn", ""), _core)
}

_has_core(role) if {
	some a in tf.bound(role, "aws_iam_role_policy_attachments_exclusive", "role_name")
	some arn in object.get(input.resources[a].values, "policy_arns", [])
	endswith(arn, _core)
}

_managed(h) if h.region in _dhmc_regions

_managed(h) if {
	some p in _profiles(h)
	some role in _roles(p)
	_has_core(role)
}

deny contains tf.finding(h, msg) if {
	some h in _hosts
	not _managed(h)
	not _profile_unresolved(h)
	msg := concat("", [
		"`", h.address, "` is not SSM-managed: its instance profile (", _profile_text(h), ") has no role with ", _core,
		" and no aws_ssm_service_setting enables Default Host Management in ", tf.show(h.region),
		"; attach ", _core, " to the instance role",
	])
}

_profile_text(h) := "none" if count(_profiles(h)) == 0

_profile_text(h) := concat(", ", sort(_profiles(h))) if count(_profiles(h)) > 0

deny contains {"resource": h.address, "message": msg, "unverifiable": true} if {
	some h in _hosts
	not _managed(h)
	_profile_unresolved(h)
	msg := concat("", [
		"`", h.address, "` uses an instance profile outside this configuration or known only after apply, ",
		"so it cannot be proven that the host is SSM-managed",
	])
}

# --- patching ----------------------------------------------------------------------------------

_patch_documents := {"AWS-RunPatchBaseline", "AWS-RunPatchBaselineWithHooks"}

_installing_associations contains a if {
	some a in tf.resources("aws_ssm_association")
	object.get(a.values, "name", "") in _patch_documents
	_install_param(object.get(object.get(a.values, "parameters", {}), "Operation", null))
}

_install_param(v) if v == "Install"

_install_param(v) if "Install" in v

_installing_tasks[t.address] := t if {
	some t in tf.resources("aws_ssm_maintenance_window_task")
	object.get(t.values, "task_arn", "") in _patch_documents
	some ip in tf.blocks(object.get(t.values, "task_invocation_parameters", []))
	some rc in tf.blocks(object.get(ip, "run_command_parameters", []))
	some p in tf.blocks(object.get(rc, "parameter", []))
	p.name == "Operation"
	_install_param(p.values)
}

# Target blocks as [resource, block] pairs, window targets resolved.
_targets contains [a, t] if {
	some a in _installing_associations
	some t in tf.blocks(object.get(a.values, "targets", []))
}

_targets contains [task, t] if {
	some task in _installing_tasks
	some t in tf.blocks(object.get(task.values, "targets", []))
	t.key != "WindowTargetIds"
}

_targets contains [input.resources[w], t] if {
	some task in _installing_tasks
	some wt in tf.blocks(object.get(task.values, "targets", []))
	wt.key == "WindowTargetIds"
	some w in tf.refs(task, "targets.values")
	input.resources[w].type == "aws_ssm_maintenance_window_target"
	some t in tf.blocks(object.get(input.resources[w].values, "targets", []))
}

_patch_all if {
	some [_, t] in _targets
	t.key == "InstanceIds"
	"*" in _values(t)
}

_patched_ids contains a if {
	some [r, t] in _targets
	t.key == "InstanceIds"
	some v in _values(t)
	some a in dr.item_refs(r, "targets.values", v)
}

_patch_tags contains concat("=", [trim_prefix(t.key, "tag:"), v]) if {
	some [_, t] in _targets
	startswith(t.key, "tag:")
	some v in _values(t)
	_literal(v)
}

_targets_unknown if {
	some [r, t] in _targets
	some v in _values(t)
	dr.expr(v)
	count(dr.item_refs(r, "targets.values", v)) == 0
}

_targets_unknown if {
	some [_, t] in _targets
	dr.expr(object.get(t, "key", null))
}

_values(t) := v if {
	v := object.get(t, "values", [])
	is_array(v)
}

_values(t) := [v] if {
	v := object.get(t, "values", [])
	is_string(v)
}

_host_tags(h) := {concat("=", [k, v]) | some k, v in tags.effective(h); is_string(v)} if h.type == "aws_instance"

_host_tags(h) := {concat("=", [t.key, t.value]) |
	some t in tf.blocks(object.get(h.values, "tag", []))
	t.propagate_at_launch == true
	is_string(t.value)
} if h.type == "aws_autoscaling_group"

_patched(_) if _patch_all

_patched(h) if h.address in _patched_ids

_patched(h) if {
	some pair in _host_tags(h)
	pair in _patch_tags
}

deny contains tf.finding(h, msg) if {
	some h in _hosts
	not _patched(h)
	not _targets_unknown
	msg := concat("", [
		"`", h.address, "` is on no patch schedule: no aws_ssm_association or maintenance window task running ",
		"AWS-RunPatchBaseline with `Operation = \"Install\"` targets it (by instance id, `*` or one of its tags); add one",
	])
}

deny contains {"resource": h.address, "message": msg, "unverifiable": true} if {
	some h in _hosts
	not _patched(h)
	_targets_unknown
	msg := concat("", [
		"`", h.address, "` is not targeted by a literal patch target and some AWS-RunPatchBaseline targets are known only after apply, ",
		"so it cannot be proven that the host is patched",
	])
}

deny contains tf.finding(b, msg) if {
	some b in tf.resources("aws_ssm_patch_baseline")
	some rule in tf.blocks(object.get(b.values, "approval_rule", []))
	days := object.get(rule, "approve_after_days", null)
	is_number(days)
	days > 7
	msg := concat("", [
		"`", b.address, "` approves patches only after `approval_rule.approve_after_days = ", format_int(days, 10),
		"`; approve critical and important patches within 7 days",
	])
}
