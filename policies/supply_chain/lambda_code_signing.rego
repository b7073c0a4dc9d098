# METADATA
# title: Lambda code is signed and enforced
# description: >-
#   Code signing prevents the deployment of tampered function packages. Every zip-packaged
#   aws_lambda_function (`package_type` Zip, the default; image functions rely on CRM-SUP-006) must set
#   `code_signing_config_arn` to an aws_lambda_code_signing_config of the stack whose
#   `policies.untrusted_artifact_on_deployment` is "Enforce" (the default is "Warn") and whose
#   `allowed_publishers.signing_profile_version_arns` is non-empty. A signing configuration outside
#   the configuration cannot be checked and is unverifiable.
# scope: package
# custom:
#   id: CRM-SUP-007
#   severity: medium
#   family: SUP
#   controls:
#     iso27001-2022: ["A.5.21?", "A.8.25?"]
#   remediation: >-
#     CDKTF: create a SignerSigningProfile (`platformId: "AWSLambda-SHA384-ECDSA"`), a
#     LambdaCodeSigningConfig with `allowedPublishers: { signingProfileVersionArns:
#     [profile.versionArn] }` and `policies: { untrustedArtifactOnDeployment: "Enforce" }`, and set
#     `codeSigningConfigArn: config.arn` on each LambdaFunction. Terraform: the same with
#     `aws_signer_signing_profile`, `aws_lambda_code_signing_config` and `code_signing_config_arn`.
package crm.rules.supply_chain.lambda_code_signing

import data.crm.lib.tf

_zip_functions contains fn if {
	some fn in tf.resources("aws_lambda_function")
	tf.value(fn, "package_type", "Zip") == "Zip"
}

_configs(fn) := [input.resources[a] | some a in tf.refs(fn, "code_signing_config_arn"); input.resources[a].type == "aws_lambda_code_signing_config"]

_enforced(c) if {
	some p in tf.blocks(object.get(c.values, "policies", []))
	p.untrusted_artifact_on_deployment == "Enforce"
}

_publishers(c) if {
	some p in tf.blocks(object.get(c.values, "allowed_publishers", []))
	count(object.get(p, "signing_profile_version_arns", [])) > 0
}

deny contains tf.finding(fn, msg) if {
	some fn in _zip_functions
	not fn.values.code_signing_config_arn
	msg := concat("", ["`", fn.address, "` has no `code_signing_config_arn`, so unsigned or tampered packages deploy; attach a code signing config that enforces signatures"])
}

deny contains tf.finding(fn, msg) if {
	some fn in _zip_functions
	some c in _configs(fn)
	not _enforced(c)
	msg := concat("", [
		"`", fn.address, "` uses `", c.address, "`, whose `policies.untrusted_artifact_on_deployment` is not \"Enforce\" (",
		tf.show(object.get(c.values, "policies", null)), "); unsigned code would only warn",
	])
}

deny contains tf.finding(fn, msg) if {
	some fn in _zip_functions
	some c in _configs(fn)
	not _publishers(c)
	msg := concat("", ["`", fn.address, "` uses `", c.address, "`, which names no `allowed_publishers.signing_profile_version_arns`; list the signing profile"])
}

deny contains {"resource": fn.address, "message": msg, "unverifiable": true} if {
	some fn in _zip_functions
	fn.values.code_signing_config_arn
	count(_configs(fn)) == 0
	msg := concat("", [
		"`", fn.address, "` uses code signing config ", tf.show(fn.values.code_signing_config_arn),
		", which is not in this configuration, so it cannot be proven that signatures are enforced",
	])
}
