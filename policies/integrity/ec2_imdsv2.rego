# METADATA
# title: EC2 instances require IMDSv2
# description: >-
#   IMDSv1 turns any SSRF in the CRM web tier into credential theft. aws_instance,
#   aws_launch_template and aws_launch_configuration must set `metadata_options.http_tokens =
#   "required"` (or `http_endpoint = "disabled"`). When `http_tokens` is absent they pass only if an
#   aws_ec2_instance_metadata_defaults in the same region sets `http_tokens = "required"`; without
#   it the historic default (optional) applies and they fail. An explicit "optional" always fails.
#   An aws_instance without its own `metadata_options` that is launched from an
#   aws_launch_template of this configuration (`launch_template.id` / `.name`) takes the template's
#   options and passes when the template requires tokens.
#   Values known only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-INT-002
#   severity: high
#   family: INT
#   controls:
#     aws-fsbp: [EC2.8, EC2.170, AutoScaling.3]
#     cis-aws-3.0: ["5.6"]
#     iso27001-2022: ["A.8.9?"]
#   remediation: >-
#     CDKTF: `metadataOptions: { httpTokens: "required", httpEndpoint: "enabled",
#     httpPutResponseHopLimit: 1 }` on Instance / LaunchTemplate (or an Ec2InstanceMetadataDefaults
#     with `httpTokens: "required"` per region). Terraform: `metadata_options { http_tokens =
#     "required" }` or `resource "aws_ec2_instance_metadata_defaults" { http_tokens = "required" }`.
package crm.rules.integrity.ec2_imdsv2

import data.crm.lib.dr
import data.crm.lib.tf

_types := ["aws_instance", "aws_launch_template", "aws_launch_configuration"]

_required_regions := {d.region |
	some d in tf.resources("aws_ec2_instance_metadata_defaults")
	d.values.http_tokens == "required"
}

_options(r) := object.union_n(array.concat([{}], tf.blocks(object.get(r.values, "metadata_options", []))))

_tokens(r) := object.get(_options(r), "http_tokens", null)

_hosts[r.address] := r if {
	some type in _types
	some r in tf.resources(type)
}

_own_ok(r) if _tokens(r) == "required"

_own_ok(r) if object.get(_options(r), "http_endpoint", null) == "disabled"

_own_ok(r) if {
	_tokens(r) == null
	r.region in _required_regions
}

# An instance launched from a launch template without its own metadata_options takes the
# template's metadata options.
_templates(r) := [input.resources[a] |
	r.type == "aws_instance"
	count(object.keys(_options(r))) == 0
	some path in ["launch_template.id", "launch_template.name"]
	some a in tf.refs(r, path)
	input.resources[a].type == "aws_launch_template"
]

_ok(r) if _own_ok(r)

_ok(r) if {
	some lt in _templates(r)
	_own_ok(lt)
}

_own_unknown(r) if dr.expr(_tokens(r))

_own_unknown(r) if dr.expr(object.get(_options(r), "http_endpoint", null))

_unknown(r) if _own_unknown(r)

_unknown(r) if {
	some lt in _templates(r)
	_own_unknown(lt)
}

deny contains tf.finding(r, msg) if {
	some r in _hosts
	not _ok(r)
	not _unknown(r)
	msg := concat("", [
		"`", r.address, "` allows IMDSv1 (", _shown_tokens(_tokens(r)), _default_note(r),
		"); set `metadata_options { http_tokens = \"required\" }`",
	])
}

_shown_tokens(null) := "`metadata_options.http_tokens` absent"

_shown_tokens(v) := concat("", ["`metadata_options.http_tokens = ", tf.show(v), "`"]) if v != null

_default_note(r) := ", and no aws_ec2_instance_metadata_defaults requires tokens in its region" if _tokens(r) == null

_default_note(r) := "" if _tokens(r) != null

deny contains {"resource": r.address, "message": msg, "unverifiable": true} if {
	some r in _hosts
	not _ok(r)
	_unknown(r)
	msg := concat("", [
		"`", r.address, "` sets `metadata_options` from expressions known only after apply, so it cannot be proven that IMDSv2 is required",
	])
}
