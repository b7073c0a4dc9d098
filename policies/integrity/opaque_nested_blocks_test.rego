package crm.rules.integrity.opaque_nested_blocks_test

import data.crm.lib.fixtures as fx
import data.crm.rules.integrity.opaque_nested_blocks as rule

_instance := fx.with_unknown(fx.resource("aws_instance.web", {"ebs_block_device": "${var.devices}"}), ["ebs_block_device"])

test_block_given_by_one_expression_unverifiable if {
	some f in rule.deny with input as object.union(fx.model([_instance]), {"opaque_blocks": {"aws_instance.web": ["ebs_block_device"]}})
	f.resource == "aws_instance.web"
	f.unverifiable
	contains(f.message, "gives `ebs_block_device` as one expression known only after apply (\"${var.devices}\")")
}

test_nested_path_named_without_value if {
	acl := fx.resource("aws_s3_bucket_acl.a", {"access_control_policy": [{"grant": "${var.grants}"}]})
	some f in rule.deny with input as object.union(fx.model([acl]), {"opaque_blocks": {"aws_s3_bucket_acl.a": ["access_control_policy.grant"]}})
	contains(f.message, "gives `access_control_policy.grant` as one expression known only after apply, so no check")
}

test_written_blocks_pass if {
	count(rule.deny) == 0 with input as object.union(fx.model([fx.resource("aws_instance.web", {"ebs_block_device": [{"encrypted": true}]})]), {"opaque_blocks": {}})
}

test_model_without_the_fact_passes if {
	count(rule.deny) == 0 with input as fx.model([_instance])
}
