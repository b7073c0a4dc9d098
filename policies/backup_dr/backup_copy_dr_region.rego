# METADATA
# title: Backup plans copy recovery points to the DR region
# description: >-
#   A single-region vault dies with its region or account. Every rule of every aws_backup_plan
#   outside the DR region needs a `copy_action` whose `destination_vault_arn` resolves (a reference
#   to an aws_backup_vault and its effective region, or the region segment of a literal vault ARN)
#   to the DR region (config `dr_region`, else the provider alias `dr`), inside `allowed_regions`,
#   keeping the copy at least as long as the source (`copy_action.lifecycle.delete_after` not below
#   the rule's; absent means kept forever). A destination that cannot be resolved is unverifiable.
# scope: package
# custom:
#   id: CRM-BDR-008
#   severity: high
#   family: BDR
#   controls:
#     iso27001-2022: ["A.8.13?", "A.8.14?"]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: give each BackupPlan rule `copyAction: [{ destinationVaultArn: drVault.arn, lifecycle:
#     { deleteAfter: <source days> } }]` with the BackupVault created under the DR-region provider.
#     Terraform: `copy_action { destination_vault_arn = aws_backup_vault.<dr>.arn lifecycle {
#     delete_after = 35 } }` inside each `rule` block.
package crm.rules.backup_dr.backup_copy_dr_region

import data.crm.lib.dr
import data.crm.lib.tf

_plans[p.address] := p if {
	some p in tf.resources("aws_backup_plan")
	not dr.in_dr(p)
}

_path := "rule.copy_action.destination_vault_arn"

_rules(p) := [{"name": object.get(rule, "rule_name", "?"), "block": rule} | some rule in tf.blocks(object.get(p.values, "rule", []))]

_copies(p, rule) := [{"dest": dr.destination(p, _path, v, {"aws_backup_vault"}), "value": v, "keep": _keep(ca)} |
	some ca in tf.blocks(object.get(rule.block, "copy_action", []))
	v := object.get(ca, "destination_vault_arn", null)
]

_keep(x) := object.get(ls[0], "delete_after", null) if {
	ls := tf.blocks(object.get(x, "lifecycle", []))
	count(ls) > 0
}

_keep(x) := null if count(tf.blocks(object.get(x, "lifecycle", []))) == 0

_to_dr(p, c) if {
	some region in c.dest.regions
	dr.target_ok(region, p.region)
	region in dr.allowed
}

# Copy retention is at least the source's: forever (null) covers anything; numbers compare.
_keeps_long_enough(_, null)

_keeps_long_enough(rule, days) if {
	is_number(days)
	src := _keep(rule.block)
	is_number(src)
	days >= src
}

_good(p, rule) if {
	some c in _copies(p, rule)
	_to_dr(p, c)
	_keeps_long_enough(rule, c.keep)
}

_unknown(p, rule) if {
	some c in _copies(p, rule)
	c.dest.unknown
}

_regions(p, rule) := {r | some c in _copies(p, rule); some r in c.dest.regions}

deny contains tf.finding(p, msg) if {
	some p in _plans
	some rule in _rules(p)
	count(_copies(p, rule)) == 0
	msg := concat("", [
		"`", p.address, "` rule `", rule.name, "` has no `copy_action`, so its recovery points stay in the source region ",
		_text(p.region), "; add `copy_action { destination_vault_arn = <vault in ", dr.region_text, ">.arn }`",
	])
}

deny contains tf.finding(p, msg) if {
	some p in _plans
	some rule in _rules(p)
	count(_copies(p, rule)) > 0
	not _good(p, rule)
	not _unknown(p, rule)
	not _dr_copy_too_short(p, rule)
	msg := concat("", [
		"`", p.address, "` rule `", rule.name, "` copies only to ", dr.regions_text(_regions(p, rule)),
		" (`copy_action.destination_vault_arn`), not to DR region ", dr.region_text, " inside allowed_regions; ",
		"point a copy_action at a vault in the DR region",
	])
}

_dr_copy_too_short(p, rule) if {
	some c in _copies(p, rule)
	_to_dr(p, c)
	not _keeps_long_enough(rule, c.keep)
}

deny contains tf.finding(p, msg) if {
	some p in _plans
	some rule in _rules(p)
	not _good(p, rule)
	_dr_copy_too_short(p, rule)
	msg := concat("", [
		"`", p.address, "` rule `", rule.name, "` keeps its DR copy (`copy_action.lifecycle.delete_after`) shorter than the source (",
		"`lifecycle.delete_after = ", tf.show(_keep(rule.block)), "`); keep the copy at least as long",
	])
}

deny contains {"resource": p.address, "message": msg, "unverifiable": true} if {
	some p in _plans
	some rule in _rules(p)
	not _good(p, rule)
	_unknown(p, rule)
	msg := concat("", [
		"`", p.address, "` rule `", rule.name, "` copies to a vault (`copy_action.destination_vault_arn`) whose region cannot be ",
		"resolved from the configuration, so it cannot be proven that recovery points reach DR region ", dr.region_text,
	])
}

_text(r) := r if is_string(r)

_text(r) := "an unprovable region" if not is_string(r)
