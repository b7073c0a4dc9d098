package crm.rules.integrity.ec2_ssm_patching_test

import data.crm.lib.fixtures as fx
import data.crm.rules.integrity.ec2_ssm_patching as rule

_role := fx.resource("aws_iam_role.host", {"name": "crm-host"})

_attach := fx.with_refs(
	fx.resource("aws_iam_role_policy_attachment.ssm", {"role": "${aws_iam_role.host.name}", "policy_arn": "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"}),
	{"role": ["aws_iam_role.host"]},
)

_profile := fx.with_refs(fx.resource("aws_iam_instance_profile.host", {"name": "crm-host", "role": "${aws_iam_role.host.name}"}), {"role": ["aws_iam_role.host"]})

_instance(values) := fx.with_refs(
	fx.resource("aws_instance.web", object.union({"iam_instance_profile": "${aws_iam_instance_profile.host.name}", "tags": {"PatchGroup": "crm"}}, values)),
	{"iam_instance_profile": ["aws_iam_instance_profile.host"]},
)

_association(targets) := fx.resource("aws_ssm_association.patch", {"name": "AWS-RunPatchBaseline", "parameters": {"Operation": "Install"}, "targets": targets})

_by_tag := _association([{"key": "tag:PatchGroup", "values": ["crm"]}])

test_managed_and_patched_passes if {
	count(rule.deny) == 0 with input as fx.model([_role, _attach, _profile, _instance({}), _by_tag])
}

test_no_profile_fails if {
	i := fx.resource("aws_instance.web", {"tags": {"PatchGroup": "crm"}})
	some f in rule.deny with input as fx.model([i, _by_tag])
	contains(f.message, "instance profile (none)")
}

test_role_without_core_policy_fails if {
	some f in rule.deny with input as fx.model([_role, _profile, _instance({}), _by_tag])
	contains(f.message, "is not SSM-managed")
}

test_managed_policy_arns_on_role_pass if {
	role := fx.resource("aws_iam_role.host", {"name": "crm-host", "managed_policy_arns": ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]})
	count(rule.deny) == 0 with input as fx.model([role, _profile, _instance({}), _by_tag])
}

test_exclusive_attachments_pass if {
	ex := fx.with_refs(fx.resource("aws_iam_role_policy_attachments_exclusive.host", {"role_name": "${aws_iam_role.host.name}", "policy_arns": ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]}), {"role_name": ["aws_iam_role.host"]})
	count(rule.deny) == 0 with input as fx.model([_role, ex, _profile, _instance({}), _by_tag])
}

test_literal_profile_and_role_names_bind if {
	p := fx.resource("aws_iam_instance_profile.host", {"name": "crm-host", "role": "crm-host"})
	i := fx.resource("aws_instance.web", {"iam_instance_profile": "crm-host", "tags": {"PatchGroup": "crm"}})
	count(rule.deny) == 0 with input as fx.model([_role, _attach, p, i, _by_tag])
}

test_default_host_management_counts if {
	s := fx.resource("aws_ssm_service_setting.dhmc", {"setting_id": "arn:aws:ssm:eu-west-1:123456789012:servicesetting/ssm/managed-instance/default-ec2-instance-management-role", "setting_value": "service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole"})
	i := fx.resource("aws_instance.web", {"tags": {"PatchGroup": "crm"}})
	count(rule.deny) == 0 with input as fx.model([s, i, _by_tag])
}

test_external_profile_unverifiable if {
	i := fx.resource("aws_instance.web", {"iam_instance_profile": "shared-profile", "tags": {"PatchGroup": "crm"}})
	some f in rule.deny with input as fx.model([i, _by_tag])
	f.unverifiable == true
}

test_unpatched_host_fails if {
	some f in rule.deny with input as fx.model([_role, _attach, _profile, _instance({})])
	contains(f.message, "on no patch schedule")
}

test_scan_only_association_does_not_count if {
	a := fx.resource("aws_ssm_association.patch", {"name": "AWS-RunPatchBaseline", "targets": [{"key": "tag:PatchGroup", "values": ["crm"]}]})
	count(rule.deny) == 1 with input as fx.model([_role, _attach, _profile, _instance({}), a])
}

test_wildcard_and_instance_id_targets if {
	star := _association([{"key": "InstanceIds", "values": ["*"]}])
	count(rule.deny) == 0 with input as fx.model([_role, _attach, _profile, _instance({"tags": {}}), star])
	byid := fx.with_refs(_association([{"key": "InstanceIds", "values": ["${aws_instance.web.id}"]}]), {"targets.values": ["aws_instance.web"]})
	count(rule.deny) == 0 with input as fx.model([_role, _attach, _profile, _instance({"tags": {}}), byid])
}

test_unknown_target_unverifiable if {
	a := _association([{"key": "tag:PatchGroup", "values": "${var.groups}"}])
	some f in rule.deny with input as fx.model([_role, _attach, _profile, _instance({"tags": {}}), a])
	f.unverifiable == true
}

test_unknown_target_key_unverifiable if {
	a := _association([{"key": "${var.key}", "values": ["crm"]}])
	some f in rule.deny with input as fx.model([_role, _attach, _profile, _instance({"tags": {}}), a])
	f.unverifiable == true
}

test_maintenance_window_task_through_window_target if {
	wt := fx.resource("aws_ssm_maintenance_window_target.crm", {"targets": [{"key": "tag:PatchGroup", "values": ["crm"]}]})
	task := fx.with_refs(
		fx.resource("aws_ssm_maintenance_window_task.patch", {
			"task_arn": "AWS-RunPatchBaseline",
			"targets": [{"key": "WindowTargetIds", "values": ["${aws_ssm_maintenance_window_target.crm.id}"]}],
			"task_invocation_parameters": {"run_command_parameters": {"parameter": [{"name": "Operation", "values": ["Install"]}]}},
		}),
		{"targets.values": ["aws_ssm_maintenance_window_target.crm"]},
	)
	count(rule.deny) == 0 with input as fx.model([_role, _attach, _profile, _instance({}), wt, task])
}

test_maintenance_window_task_direct_targets if {
	task := fx.resource("aws_ssm_maintenance_window_task.patch", {
		"task_arn": "AWS-RunPatchBaseline",
		"targets": {"key": "tag:PatchGroup", "values": ["crm"]},
		"task_invocation_parameters": {"run_command_parameters": {"parameter": {"name": "Operation", "values": ["Install"]}}},
	})
	count(rule.deny) == 0 with input as fx.model([_role, _attach, _profile, _instance({}), task])
}

test_asg_through_launch_template if {
	lt := fx.with_refs(fx.resource("aws_launch_template.web", {"iam_instance_profile": {"name": "${aws_iam_instance_profile.host.name}"}}), {"iam_instance_profile.name": ["aws_iam_instance_profile.host"]})
	asg := fx.with_refs(fx.resource("aws_autoscaling_group.web", {"launch_template": {"id": "${aws_launch_template.web.id}"}, "tag": [{"key": "PatchGroup", "value": "crm", "propagate_at_launch": true}]}), {"launch_template.id": ["aws_launch_template.web"]})
	count(rule.deny) == 0 with input as fx.model([_role, _attach, _profile, lt, asg, _by_tag])
}

test_asg_through_launch_configuration_without_propagated_tag if {
	lc := fx.with_refs(fx.resource("aws_launch_configuration.web", {"iam_instance_profile": "${aws_iam_instance_profile.host.name}"}), {"iam_instance_profile": ["aws_iam_instance_profile.host"]})
	asg := fx.with_refs(fx.resource("aws_autoscaling_group.web", {"launch_configuration": "${aws_launch_configuration.web.name}", "tag": [{"key": "PatchGroup", "value": "crm", "propagate_at_launch": false}]}), {"launch_configuration": ["aws_launch_configuration.web"]})
	some f in rule.deny with input as fx.model([_role, _attach, _profile, lc, asg, _by_tag])
	contains(f.message, "on no patch schedule")
}

test_slow_patch_baseline_fails if {
	b := fx.resource("aws_ssm_patch_baseline.crm", {"approval_rule": [{"approve_after_days": 14}]})
	some f in rule.deny with input as fx.model([b])
	contains(f.message, "approve_after_days = 14")
}

test_variable_profile_unverifiable if {
	i := fx.resource("aws_instance.web", {"iam_instance_profile": "${var.profile}", "tags": {"PatchGroup": "crm"}})
	some f in rule.deny with input as fx.model([i, _by_tag])
	f.unverifiable == true
}
