# METADATA
# title: Secrets rotate automatically within 90 days
# description: >-
#   Limits the useful life of leaked integration and database credentials. Every
#   aws_secretsmanager_secret needs an aws_secretsmanager_secret_rotation bound to it (secret_id),
#   or, for provider v3 configurations, the legacy inline rotation_lambda_arn + rotation_rules on
#   the secret (the split resource wins). The rotation_rules interval must be at most
#   secret_rotation_max_days (90): automatically_after_days ≤ 90, schedule_expression rate(N days)
#   with N ≤ 90 (or hours), or a cron whose month field runs at least quarterly (*, */1-3, or four
#   or more listed months). Secrets tagged RotationExempt still need a waiver. Intervals known only
#   after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-IAM-016
#   severity: medium
#   family: IAM
#   controls:
#     aws-fsbp: [SecretsManager.1, SecretsManager.4]
#     iso27001-2022: ["A.5.17?"]
#   remediation: >-
#     CDKTF: add SecretsmanagerSecretRotation `{ secretId: secret.id, rotationLambdaArn: fn.arn,
#     rotationRules: { automaticallyAfterDays: 30 } }` (RDS-managed master secrets rotate on their own).
#     Terraform: `resource "aws_secretsmanager_secret_rotation"` with `secret_id =
#     aws_secretsmanager_secret.<name>.id` and `rotation_rules { automatically_after_days = 30 }`.
package crm.rules.iam.secret_rotation

import data.crm.lib.tf

_max := data.config.secret_rotation_max_days

_split(s) := [input.resources[a] | some a in tf.bound(s.address, "aws_secretsmanager_secret_rotation", "secret_id")]

# Rotation settings in force: {holder, rules (list of rotation_rules blocks)}.
_rotations(s) := [{"holder": r, "rules": tf.blocks(object.get(r.values, "rotation_rules", []))} | some r in _split(s)] if count(_split(s)) > 0

_rotations(s) := [{"holder": s, "rules": tf.blocks(object.get(s.values, "rotation_rules", []))}] if {
	count(_split(s)) == 0
	s.values.rotation_lambda_arn
}

_rotations(s) := [] if {
	count(_split(s)) == 0
	not s.values.rotation_lambda_arn
}

_unknown(holder) if tf.unknown(holder, "rotation_rules.automatically_after_days")

_unknown(holder) if tf.unknown(holder, "rotation_rules.schedule_expression")

_unknown(holder) if tf.unknown(holder, "rotation_rules")

# Interval in days implied by one rotation_rules block, or undefined when it cannot be read.
_days(rule) := to_number(rule.automatically_after_days) if rule.automatically_after_days

_days(rule) := _rate_days(rule.schedule_expression) if startswith(rule.schedule_expression, "rate(")

_days(rule) := _cron_days(rule.schedule_expression) if startswith(rule.schedule_expression, "cron(")

_rate_days(e) := n if {
	[n_text, unit] := split(trim_space(trim_suffix(trim_prefix(e, "rate("), ")")), " ")
	n := to_number(n_text)
	startswith(unit, "day")
}

_rate_days(e) := n / 24 if {
	[n_text, unit] := split(trim_space(trim_suffix(trim_prefix(e, "rate("), ")")), " ")
	n := to_number(n_text)
	startswith(unit, "hour")
}

# A cron runs every month when its month field is * (or ?); */N and a/N every N months; a list of
# months at the largest gap between consecutive listed months (wrapping around the year).
_cron_days(e) := _month_gap(split(trim_space(trim_suffix(trim_prefix(e, "cron("), ")")), " ")[3]) * 30

_month_gap(m) := 1 if m in {"*", "?"}

_month_gap(m) := to_number(split(m, "/")[1]) if contains(m, "/")

_month_gap(m) := max(array.concat(
	[gap | some i in numbers.range(0, count(ms) - 2); gap := ms[i + 1] - ms[i]],
	[(ms[0] + 12) - ms[count(ms) - 1]],
)) if {
	not m in {"*", "?"}
	not contains(m, "/")
	ms := sort([to_number(x) | some x in split(m, ",")])
}

_compliant(r) if {
	some rule in r.rules
	_days(rule) <= _max
}

deny contains tf.finding(s, msg) if {
	some s in tf.resources("aws_secretsmanager_secret")
	count(_rotations(s)) == 0
	msg := concat("", [
		"`", s.address, "` has no aws_secretsmanager_secret_rotation; rotate it automatically at least every ",
		format_int(_max, 10), " days (or record a waiver for a RotationExempt secret)",
	])
}

deny contains tf.finding(s, msg) if {
	some s in tf.resources("aws_secretsmanager_secret")
	some r in _rotations(s)
	not _compliant(r)
	not _unknown(r.holder)
	msg := concat("", [
		"`", s.address, "` rotates through `", r.holder.address, "` with `rotation_rules = ", json.marshal(r.rules), "`",
		"; rotate at least every ", format_int(_max, 10), " days (`automatically_after_days` ≤ ", format_int(_max, 10), ")",
	])
}

deny contains {"resource": s.address, "message": msg, "unverifiable": true} if {
	some s in tf.resources("aws_secretsmanager_secret")
	some r in _rotations(s)
	not _compliant(r)
	_unknown(r.holder)
	msg := concat("", ["`", s.address, "` rotates through `", r.holder.address, "` on a schedule known only after apply; it cannot be proven that it rotates within ", format_int(_max, 10), " days"])
}
