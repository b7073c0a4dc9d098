package crm.rules.integrity.ec2_imdsv2_test

import data.crm.lib.fixtures as fx
import data.crm.rules.integrity.ec2_imdsv2 as rule

test_required_tokens_pass if {
	i := fx.resource("aws_instance.web", {"metadata_options": {"http_tokens": "required"}})
	t := fx.resource("aws_launch_template.web", {"metadata_options": [{"http_tokens": "required"}]})
	count(rule.deny) == 0 with input as fx.model([i, t])
}

test_disabled_endpoint_passes if {
	i := fx.resource("aws_instance.web", {"metadata_options": {"http_endpoint": "disabled"}})
	count(rule.deny) == 0 with input as fx.model([i])
}

test_optional_tokens_fail if {
	i := fx.resource("aws_instance.web", {"metadata_options": {"http_tokens": "optional"}})
	some f in rule.deny with input as fx.model([i])
	f.resource == "aws_instance.web"
	contains(f.message, "`metadata_options.http_tokens = \"optional\"`")
}

test_absent_without_account_default_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_launch_configuration.web", {})])
	contains(f.message, "(`metadata_options.http_tokens` absent, and no aws_ec2_instance_metadata_defaults")
}

test_absent_with_account_default_passes if {
	d := fx.resource("aws_ec2_instance_metadata_defaults.d", {"http_tokens": "required"})
	count(rule.deny) == 0 with input as fx.model([d, fx.resource("aws_instance.web", {})])
}

test_account_default_in_other_region_does_not_count if {
	d := fx.merged(fx.resource("aws_ec2_instance_metadata_defaults.d", {"http_tokens": "required"}), {"region": "eu-central-1"})
	count(rule.deny) == 1 with input as fx.model([d, fx.resource("aws_instance.web", {})])
}

test_explicit_optional_beats_account_default if {
	d := fx.resource("aws_ec2_instance_metadata_defaults.d", {"http_tokens": "required"})
	i := fx.resource("aws_instance.web", {"metadata_options": {"http_tokens": "optional"}})
	count(rule.deny) == 1 with input as fx.model([d, i])
}

test_unknown_tokens_unverifiable if {
	i := fx.resource("aws_instance.web", {"metadata_options": {"http_tokens": "${var.tokens}"}})
	some f in rule.deny with input as fx.model([i])
	f.unverifiable == true
}

test_unknown_endpoint_unverifiable if {
	i := fx.resource("aws_instance.web", {"metadata_options": {"http_tokens": "optional", "http_endpoint": "${var.e}"}})
	some f in rule.deny with input as fx.model([i])
	f.unverifiable == true
}

_lt(options) := fx.resource("aws_launch_template.web", {"metadata_options": options})

_from_lt(values, path) := fx.with_refs(fx.resource("aws_instance.web", values), {path: ["aws_launch_template.web"]})

test_instance_inherits_required_tokens_from_launch_template if {
	every path in ["launch_template.id", "launch_template.name"] {
		i := _from_lt({"launch_template": [{"id": "${aws_launch_template.web.id}"}]}, path)
		count(rule.deny) == 0 with input as fx.model([i, _lt([{"http_tokens": "required"}])])
	}
}

test_instance_with_optional_launch_template_fails_on_both if {
	i := _from_lt({"launch_template": [{"id": "${aws_launch_template.web.id}"}]}, "launch_template.id")
	fs := rule.deny with input as fx.model([i, _lt([{"http_tokens": "optional"}])])
	{f.resource | some f in fs} == {"aws_instance.web", "aws_launch_template.web"}
}

test_instance_own_options_override_template if {
	i := _from_lt({"launch_template": [{"id": "x"}], "metadata_options": {"http_tokens": "optional"}}, "launch_template.id")
	fs := rule.deny with input as fx.model([i, _lt([{"http_tokens": "required"}])])
	{f.resource | some f in fs} == {"aws_instance.web"}
}

test_instance_from_unknown_template_options_unverifiable if {
	i := _from_lt({"launch_template": [{"id": "${aws_launch_template.web.id}"}]}, "launch_template.id")
	fs := rule.deny with input as fx.model([i, _lt([{"http_tokens": "${var.tokens}"}])])
	every f in fs {
		f.unverifiable == true
	}
	count(fs) == 2
}
