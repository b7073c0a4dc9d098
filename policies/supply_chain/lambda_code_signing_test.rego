package crm.rules.supply_chain.lambda_code_signing_test

import data.crm.lib.fixtures as fx
import data.crm.rules.supply_chain.lambda_code_signing as rule

_config(policy, arns) := fx.resource("aws_lambda_code_signing_config.csc", {
	"allowed_publishers": {"signing_profile_version_arns": arns},
	"policies": {"untrusted_artifact_on_deployment": policy},
})

_fn := fx.with_refs(fx.resource("aws_lambda_function.f", {"code_signing_config_arn": "${aws_lambda_code_signing_config.csc.arn}"}), {"code_signing_config_arn": ["aws_lambda_code_signing_config.csc"]})

test_enforced_signing_passes if {
	count(rule.deny) == 0 with input as fx.model([_fn, _config("Enforce", ["${aws_signer_signing_profile.p.version_arn}"])])
}

test_missing_config_fails if {
	some f in rule.deny with input as fx.model([fx.resource("aws_lambda_function.f", {"filename": "f.zip"})])
	contains(f.message, "has no `code_signing_config_arn`")
}

test_warn_policy_fails if {
	some f in rule.deny with input as fx.model([_fn, _config("Warn", ["arn:aws:signer:eu-west-1:123456789012:/signing-profiles/p/abc"])])
	contains(f.message, "not \"Enforce\"")
}

test_no_publishers_fails if {
	some f in rule.deny with input as fx.model([_fn, _config("Enforce", [])])
	contains(f.message, "names no `allowed_publishers")
}

test_image_function_ignored if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_lambda_function.img", {"package_type": "Image"})])
}

test_foreign_config_unverifiable if {
	fn := fx.resource("aws_lambda_function.f", {"code_signing_config_arn": "arn:aws:lambda:eu-west-1:123456789012:code-signing-config:csc-1"})
	some f in rule.deny with input as fx.model([fn])
	f.unverifiable == true
}
