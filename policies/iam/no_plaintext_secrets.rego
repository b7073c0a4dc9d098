# METADATA
# title: No plaintext secrets in task definitions, function environments or user data
# description: >-
#   Environment variables and user data are readable by anyone with describe permissions and end up
#   in logs. ECS container_definitions environment[] entries and aws_lambda_function
#   environment.variables whose name looks like a credential (password, passwd, secret, token,
#   api key, private key, access key; names ending in ARN, ID, NAME, PARAM(ETER), PATH, URL, URI,
#   REF or TTL point at a secret and are exempt) must not carry a value (a value known only after
#   apply still counts: the name shows intent), and no value may hold an AWS access key id
#   (AKIA/ASIA...). aws_instance / aws_launch_configuration user_data, user_data_base64 and
#   aws_launch_template user_data (base64-decoded) must not contain access key ids or literal
#   credential assignments. aws_ssm_parameter of type String or StringList must not be named like a
#   credential (use SecureString). Container definitions or environments known only after apply are
#   unverifiable.
# scope: package
# custom:
#   id: CRM-IAM-017
#   severity: high
#   family: IAM
#   controls:
#     aws-fsbp: [ECS.8]
#     iso27001-2022: ["A.5.17?", "A.8.12?"]
#   remediation: >-
#     CDKTF: pass credentials through container `secrets: [{ name, valueFrom: secret.arn }]`, read
#     them from Secrets Manager in the function at runtime, store parameters as `type:
#     "SecureString"`, and keep user data free of keys.
#     Terraform: `secrets` instead of `environment` in `container_definitions`, no credential in
#     `environment { variables = {...} }` or `user_data`, `type = "SecureString"` on `aws_ssm_parameter`.
package crm.rules.iam.no_plaintext_secrets

import data.crm.lib.jsondoc
import data.crm.lib.tf

_name_pattern := `(?i)(^|[^a-z])pass(wd)?([^a-z]|$)|password|passwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key`

_reference_suffix := `(?i)(arn|[_-]id|name|param|parameter|path|url|uri|ref|ttl)$`

_key_pattern := `(A3T[A-Z0-9]|AKIA|ASIA)[A-Z0-9]{16}`

_assignment := `(?i)(password|passwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key)[a-z0-9_]*["']?\s*[=:]\s*["']?[^\s"'$]{6,}`

# The name looks like it holds a credential (and does not merely point at one).
credential_name(name) if {
	regex.match(_name_pattern, name)
	not regex.match(_reference_suffix, name)
}

_text(v) := v if is_string(v)

_text(v) := json.marshal(v) if not is_string(v)

_leaks(name, value) if {
	credential_name(name)
	_text(value) != ""
}

_leaks(_, value) if _access_key(_text(value))

# Every match holds one of these literal prefixes: the regex runs only on a text that has one.
_access_key(text) if {
	some prefix in ["A3T", "AKIA", "ASIA"]
	contains(text, prefix)
	regex.match(_key_pattern, text)
}

_what(value) := "an AWS access key id" if _access_key(_text(value))

_what(value) := "a value" if not _access_key(_text(value))

# --- ECS -----------------------------------------------------------------------------------------

# One parse (one lookup hashing the whole text), not a validity test and then an unmarshal.
_containers(td) := list if {
	v := td.values.container_definitions
	is_string(v)
	list := jsondoc.parse(v)
	is_array(list)
}

# Each task definition's containers read once, and each distinct environment variable name
# matched against the credential patterns once.
_definitions := [[td, _parsed(td)] | some td in tf.resources("aws_ecs_task_definition")]

_parsed(td) := [list] if {
	list := _containers(td)
} else := []

_credential_env_names := {name |
	some [_, [list]] in _definitions
	some c in list
	some e in object.get(c, "environment", [])
	name := object.get(e, "name", "")
	credential_name(name)
}

_env_leaks(name, value) if {
	name in _credential_env_names
	_text(value) != ""
}

_env_leaks(_, value) if _access_key(_text(value))

deny contains tf.finding(td, msg) if {
	some [td, [list]] in _definitions
	some c in list
	some e in object.get(c, "environment", [])
	name := object.get(e, "name", "")
	value := object.get(e, "value", "")
	_env_leaks(name, value)
	msg := concat("", [
		"`", td.address, "` container `", object.get(c, "name", "?"), "` sets environment variable `", name,
		"` to ", _what(value), " in `container_definitions`; pass it through `secrets` (valueFrom a Secrets Manager secret or SecureString parameter)",
	])
}

deny contains {"resource": td.address, "message": msg, "unverifiable": true} if {
	some [td, []] in _definitions
	msg := concat("", [
		"`", td.address, "` builds `container_definitions` from an expression known only after apply (or not as a JSON list)",
		"; it cannot be proven that no secret is passed in `environment`",
	])
}

# --- Lambda --------------------------------------------------------------------------------------

deny contains tf.finding(fn, msg) if {
	some fn in tf.resources("aws_lambda_function")
	some env in tf.blocks(object.get(fn.values, "environment", []))
	is_object(env.variables)
	some name, value in env.variables
	_leaks(name, value)
	msg := concat("", [
		"`", fn.address, "` sets environment variable `", name, "` to ", _what(value),
		" in `environment.variables`; read the credential from Secrets Manager at runtime and pass only its ARN",
	])
}

deny contains {"resource": fn.address, "message": msg, "unverifiable": true} if {
	some fn in tf.resources("aws_lambda_function")
	some env in tf.blocks(object.get(fn.values, "environment", []))
	is_string(env.variables)
	msg := concat("", ["`", fn.address, "` sets `environment.variables` from an expression known only after apply; it cannot be proven that no secret is passed"])
}

# --- user data -----------------------------------------------------------------------------------

# `user_data` written as `base64encode(...)` / `filebase64(...)` reaches the instance decoded: read it so.
_user_data contains [r, "user_data", _decoded(r.values.user_data)] if {
	some type in ["aws_instance", "aws_launch_configuration"]
	some r in tf.resources(type)
	is_string(r.values.user_data)
}

_user_data contains [r, "user_data_base64", base64.decode(r.values.user_data_base64)] if {
	some type in ["aws_instance", "aws_launch_configuration"]
	some r in tf.resources(type)
	base64.is_valid(r.values.user_data_base64)
}

_user_data contains [r, "user_data", _decoded(r.values.user_data)] if {
	some r in tf.resources("aws_launch_template")
	is_string(r.values.user_data)
}

_decoded(v) := base64.decode(v) if base64.is_valid(v)

_decoded(v) := v if not base64.is_valid(v)

deny contains tf.finding(r, msg) if {
	some [r, attr, text] in _user_data
	_access_key(text)
	msg := concat("", ["`", r.address, "` embeds an AWS access key id in `", attr, "`; use the instance profile role instead of static keys"])
}

deny contains tf.finding(r, msg) if {
	some [r, attr, text] in _user_data
	not _access_key(text)
	regex.match(_assignment, text)
	msg := concat("", ["`", r.address, "` assigns a literal credential in `", attr, "`; fetch it from Secrets Manager or SSM SecureString at boot"])
}

# --- SSM -----------------------------------------------------------------------------------------

deny contains tf.finding(p, msg) if {
	some p in tf.resources("aws_ssm_parameter")
	p.values.type in {"String", "StringList"}
	is_string(p.values.name)
	credential_name(p.values.name)
	msg := concat("", ["`", p.address, "` stores `", p.values.name, "` as `type = \"", p.values.type, "\"` (plaintext); use `type = \"SecureString\"` with a customer-managed key"])
}
