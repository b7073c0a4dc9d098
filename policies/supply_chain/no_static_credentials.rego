# METADATA
# title: No static credentials in provider or backend configuration
# description: >-
#   Keys in synthesized JSON end up in repositories, CI logs and state. No AWS provider
#   configuration may set `access_key`, `secret_key` or `token`, and an S3 backend may not set
#   `access_key`, `secret_key` or `token`; any value fails, literal or reference (a reference still
#   puts the secret into the configuration). A literal `assume_role_with_web_identity.
#   web_identity_token` (provider or S3 backend) fails too, and so does a `token` in a `remote`
#   backend or `cloud` block. Use role assumption, SSO or environment credentials.
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

# `assume_role_with_web_identity.web_identity_token` written as a literal is a bearer token in the
# configuration; `web_identity_token_file` or an expression reading the CI's token is the intended use.
_literal_token(values) := [b.web_identity_token |
	some b in _blocks(object.get(values, "assume_role_with_web_identity", []))
	is_string(b.web_identity_token)
	b.web_identity_token != ""
	not contains(b.web_identity_token, "${")
]

_blocks(v) := v if is_array(v)

_blocks(v) := [v] if is_object(v)

deny contains {"resource": concat(".", ["provider", p.key]), "message": msg} if {
	some p in input.providers
	p.name == "aws"
	count(_literal_token(p.values)) > 0
	msg := concat("", [
		"provider `", p.key, "` sets a literal `assume_role_with_web_identity.web_identity_token`, so the token is written to the",
		" synthesized JSON and state; use `web_identity_token_file` (or the AWS_WEB_IDENTITY_TOKEN_FILE environment variable)",
	])
}

deny contains {"resource": "terraform.backend.s3", "message": msg} if {
	input.terraform.backend.type == "s3"
	count(_literal_token(input.terraform.backend.config)) > 0
	msg := concat("", [
		"the S3 backend sets a literal `assume_role_with_web_identity.web_identity_token`, so the token is written to the",
		" synthesized JSON; use `web_identity_token_file` or environment credentials",
	])
}

deny contains {"resource": concat(".", ["terraform.backend", input.terraform.backend.type]), "message": msg} if {
	input.terraform.backend.type in {"remote", "cloud"}
	_set(input.terraform.backend.config, "token")
	msg := concat("", [
		"the `", input.terraform.backend.type, "` backend sets `token` in the configuration, so the HCP Terraform / Terraform",
		" Enterprise API token is written to the synthesized JSON; remove it and use `terraform login` or the TF_TOKEN_<host>",
		" environment variable",
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
