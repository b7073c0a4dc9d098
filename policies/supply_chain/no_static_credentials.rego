# METADATA
# title: No static credentials in provider or backend configuration
# description: >-
#   Keys in synthesized JSON end up in repositories, CI logs and state. No AWS provider
#   configuration may set `access_key`, `secret_key` or `token`, and an S3 backend may not set
#   `access_key`, `secret_key` or `token`; any value fails, literal or reference (a reference still
#   puts the secret into the configuration). Use role assumption, SSO or environment credentials.
# scope: package
# custom:
#   id: CRM-SUP-004
#   severity: critical
#   family: SUP
#   controls:
#     iso27001-2022: ["A.5.17?"]
#   remediation: >-
#     CDKTF: remove `accessKey`/`secretKey`/`token` from AwsProvider and S3Backend; use `assumeRole:
#     [{ roleArn }]`, `profile`, or the CI's OIDC credentials in the environment. Terraform: delete
#     `access_key`, `secret_key`, `token` from `provider "aws"` and `backend "s3"`.
package crm.rules.supply_chain.no_static_credentials

_secret_attrs := ["access_key", "secret_key", "token"]

_set(values, attr) if {
	v := values[attr]
	v != null
	v != ""
}

deny contains {"resource": concat(".", ["provider", p.key]), "message": msg} if {
	some p in input.providers
	p.name == "aws"
	some attr in _secret_attrs
	_set(p.values, attr)
	msg := concat("", [
		"provider `", p.key, "` sets `", attr, "` in the configuration, so the credential is written to the synthesized",
		" JSON and state; remove it and use role assumption or environment credentials",
	])
}

deny contains {"resource": "terraform.backend.s3", "message": msg} if {
	input.terraform.backend.type == "s3"
	some attr in _secret_attrs
	_set(input.terraform.backend.config, attr)
	msg := concat("", [
		"the S3 backend sets `", attr, "` in the configuration, so the credential is written to the synthesized JSON;",
		" remove it and use role assumption (`assume_role`) or environment credentials",
	])
}
