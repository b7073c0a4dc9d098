# METADATA
# title: Nested settings the checks read are written in the configuration
# description: >-
#   A nested block (`ebs_block_device`, `ingress`, `environment`, `inline_policy`,
#   `access_control_policy.grant`, a backup plan's `rule`, ...) given as one expression known only
#   after apply (`ebs_block_device = var.devices`, `ingress = data.aws_security_group.x.ingress`, a
#   `for` over a data source) hides every setting inside it from the checks before apply: an
#   unencrypted volume, a public grant, a plaintext secret or an open port in it would pass
#   unseen. Each such attribute is reported unverifiable. Blocks written out, or a `dynamic` block
#   over a collection known at plan time, are read and checked by the rules that own them.
# scope: package
# custom:
#   id: CRM-INT-013
#   severity: high
#   family: INT
#   controls:
#     iso27001-2022: ["A.8.9", "A.8.32?"]
#   remediation: >-
#     Write the blocks in the configuration: CDKTF: pass the list of objects itself (not a token of
#     a variable or data source), or a TerraformIterator over a list known at synth time. Terraform:
#     `ebs_block_device { ... }` blocks, or `dynamic "ebs_block_device" { for_each = local.devices
#     ... }` over a value known at plan time; a value only a data source or an apply knows cannot be
#     checked before apply (check the plan after the data source is read, or waive with a reason).
package crm.rules.integrity.opaque_nested_blocks

deny contains {"resource": address, "message": msg, "unverifiable": true} if {
	some address, paths in object.get(input, "opaque_blocks", {})
	some path in paths
	msg := concat("", [
		"`", address, "` gives `", path, "` as one expression known only after apply",
		_shown(address, path),
		", so no check can see the settings of its blocks (encryption, exposure, grants, secrets); ",
		"write the blocks in the configuration",
	])
}

_shown(address, path) := concat("", [" (", json.marshal(v), ")"]) if {
	not contains(path, ".")
	v := input.resources[address].values[path]
} else := ""
