# METADATA
# title: Backup vaults are locked (WORM)
# description: >-
#   Ransomware operators delete backups first; a compliance-mode vault lock prevents it even for
#   administrators. Every aws_backup_vault a plan writes to (an aws_backup_plan rule's
#   `target_vault_name` or `copy_action.destination_vault_arn`, by reference or by literal name in
#   the plan's region) needs an aws_backup_vault_lock_configuration bound through
#   `backup_vault_name` with `min_retention_days` of at least `vault_min_retention_days` (default
#   35) and `changeable_for_days` set: without it the lock stays in governance mode and can be
#   removed. Values known only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-BDR-007
#   severity: high
#   family: BDR
#   controls:
#     iso27001-2022: ["A.8.13?"]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: `new BackupVaultLockConfiguration(this, "lock", { backupVaultName: vault.name,
#     minRetentionDays: 35, maxRetentionDays: 365, changeableForDays: 3 })`. Terraform: `resource
#     "aws_backup_vault_lock_configuration" { backup_vault_name = aws_backup_vault.<name>.name,
#     min_retention_days = 35, changeable_for_days = 3 }`.
package crm.rules.backup_dr.backup_vault_lock

import data.crm.lib.dr
import data.crm.lib.tf

_literal(v) if {
	is_string(v)
	not dr.expr(v)
}

# name → vaults / locks with that literal name, grouped once (names repeat across regions).
_vaults_named := {n: [v | some v in tf.resources("aws_backup_vault"); v.values.name == n] |
	some v0 in tf.resources("aws_backup_vault")
	n := v0.values.name
	_literal(n)
}

_locks_named := {n: [l | some l in tf.resources("aws_backup_vault_lock_configuration"); l.values.backup_vault_name == n] |
	some l0 in tf.resources("aws_backup_vault_lock_configuration")
	n := l0.values.backup_vault_name
	_literal(n)
}

_targeted contains input.resources[a].address if {
	some p in tf.resources("aws_backup_plan")
	some path in ["rule.target_vault_name", "rule.copy_action.destination_vault_arn"]
	some a in tf.refs(p, path)
	input.resources[a].type == "aws_backup_vault"
}

_targeted contains v.address if {
	some p in tf.resources("aws_backup_plan")
	some rule in tf.blocks(object.get(p.values, "rule", []))
	name := object.get(rule, "target_vault_name", null)
	_literal(name)
	some v in object.get(_vaults_named, name, [])
	v.region == p.region
}

_locks(v) := {input.resources[a] | some a in tf.bound(v.address, "aws_backup_vault_lock_configuration", "backup_vault_name")} | {l |
	_literal(object.get(v.values, "name", null))
	some l in object.get(_locks_named, v.values.name, [])
	l.region == v.region
}

_min_days := data.config.vault_min_retention_days

_problems(l) := ({m |
	not "min_retention_days" in object.keys(l.values)
	m := concat("", ["`min_retention_days` absent (no minimum); set it to at least ", format_int(_min_days, 10)])
} | {m |
	is_number(l.values.min_retention_days)
	l.values.min_retention_days < _min_days
	m := concat("", [tf.shown(l, "min_retention_days"), " is below ", format_int(_min_days, 10), "; raise it"])
}) | {m |
	not "changeable_for_days" in object.keys(l.values)
	m := "`changeable_for_days` absent, so the lock stays in governance mode and can be removed; set it to lock in compliance mode"
}

_unknown(l) if tf.unknown(l, "min_retention_days")

_unknown(l) if tf.unknown(l, "changeable_for_days")

_good(l) if {
	count(_problems(l)) == 0
	not _unknown(l)
}

deny contains {"resource": a, "message": msg} if {
	some a in _targeted
	v := input.resources[a]
	count(_locks(v)) == 0
	msg := concat("", [
		"`", a, "` receives backups but has no aws_backup_vault_lock_configuration bound through `backup_vault_name`; ",
		"add one with `min_retention_days` >= ", format_int(_min_days, 10), " and `changeable_for_days` set (compliance mode)",
	])
}

deny contains {"resource": l.address, "message": msg} if {
	some a in _targeted
	some l in _locks(input.resources[a])
	not _good_lock_exists(input.resources[a])
	some p in _problems(l)
	msg := concat("", ["`", l.address, "` locks `", a, "` but ", p])
}

deny contains tf.unverifiable(l, attr, "the vault is locked in compliance mode for the minimum retention") if {
	some a in _targeted
	some l in _locks(input.resources[a])
	not _good_lock_exists(input.resources[a])
	some attr in ["min_retention_days", "changeable_for_days"]
	tf.unknown(l, attr)
}

_good_lock_exists(v) if {
	some l in _locks(v)
	_good(l)
}
