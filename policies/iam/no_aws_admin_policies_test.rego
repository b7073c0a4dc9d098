package crm.rules.iam.no_aws_admin_policies_test

import data.crm.lib.fixtures as fx
import data.crm.rules.iam.no_aws_admin_policies as rule

_att(type, arn) := fx.resource(concat(".", [type, "a"]), {"role": "crm-app", "policy_arn": arn})

test_customer_policy_reference_passes if {
	pol := fx.resource("aws_iam_policy.app", {"policy": "{}"})
	a := fx.with_refs(_att("aws_iam_role_policy_attachment", "${aws_iam_policy.app.arn}"), {"policy_arn": ["aws_iam_policy.app"]})
	count(rule.deny) == 0 with input as fx.model([pol, a])
}

test_other_managed_policy_passes if {
	count(rule.deny) == 0 with input as fx.model([_att("aws_iam_role_policy_attachment", "arn:aws:iam::aws:policy/ReadOnlyAccess")])
}

test_admin_attachments_fail if {
	every type in ["aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_policy_attachment"] {
		every name in ["AdministratorAccess", "IAMFullAccess", "PowerUserAccess", "AWSCloudShellFullAccess"] {
			arn := concat("", ["arn:aws:iam::aws:policy/", name])
			fs := rule.deny with input as fx.model([_att(type, arn)])
			{f.resource | some f in fs} == {concat(".", [type, "a"])}
			every f in fs {
				contains(f.message, arn)
			}
		}
	}
}

test_role_managed_policy_arns_and_exclusive if {
	role := fx.resource("aws_iam_role.r", {"managed_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws-us-gov:iam::aws:policy/AdministratorAccess"]})
	ex := fx.resource("aws_iam_role_policy_attachments_exclusive.x", {"role_name": "crm", "policy_arns": "arn:aws:iam::aws:policy/PowerUserAccess"})
	{f.resource | some f in rule.deny} == {"aws_iam_role.r", "aws_iam_role_policy_attachments_exclusive.x"} with input as fx.model([role, ex])
}

_ds(values) := object.union(fx.resource("data.aws_iam_policy.admin", values), {"type": "data.aws_iam_policy", "name": "admin", "mode": "data"})

test_data_source_lookup if {
	ds := _ds({"name": "AdministratorAccess"})
	a := fx.with_refs(_att("aws_iam_role_policy_attachment", "${data.aws_iam_policy.admin.arn}"), {"policy_arn": ["data.aws_iam_policy.admin"]})
	some f in rule.deny with input as fx.model([ds, a])
	contains(f.message, "data.aws_iam_policy.admin")
	ro := _ds({"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"})
	count(rule.deny) == 0 with input as fx.model([ro, a])
	by_arn := _ds({"arn": "arn:aws:iam::aws:policy/IAMFullAccess"})
	count(rule.deny) == 1 with input as fx.model([by_arn, a])
}

test_unknown_arn_is_unverifiable if {
	a := fx.with_unknown(_att("aws_iam_role_policy_attachment", "${var.policy}"), ["policy_arn"])
	some f in rule.deny with input as fx.model([a])
	f.unverifiable == true
	role := fx.with_unknown(fx.resource("aws_iam_role.r", {"managed_policy_arns": "${var.arns}"}), ["managed_policy_arns"])
	some f2 in rule.deny with input as fx.model([role])
	f2.unverifiable == true
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_iam_role.r", {"managed_policy_arns": 3})])
}
