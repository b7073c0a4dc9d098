# METADATA
# title: Database connections must use TLS (enforced in the parameter group)
# description: >-
#   Without server-side enforcement a misconfigured client sends PII and credentials in clear.
#   The parameter group bound to each aws_db_instance (parameter_group_name → aws_db_parameter_group)
#   and aws_rds_cluster (db_cluster_parameter_group_name → aws_rds_cluster_parameter_group), by
#   reference or literal name, must set, per engine: postgres / aurora-postgresql / sqlserver-* →
#   rds.force_ssl = 1; mysql / mariadb / aurora-mysql / aurora → require_secure_transport = 1 or ON.
#   No custom group fails (default groups do not enforce TLS), except RDS for PostgreSQL 15+ whose
#   default group sets rds.force_ssl = 1 (documented default, unverified by the baseline).
#   aws_db_proxy must set require_tls = true. A group outside the configuration, an Oracle engine
#   (TLS is an option-group setting) or an unknown engine or value is unverifiable. Read replicas
#   are checked with their own parameter group and the engine of their source instance (the engine
#   reading shared with CRM-LOG-012 and CRM-IAM-014; a cluster without `engine` is `aurora`).
# scope: package
# custom:
#   id: CRM-ENC-006
#   severity: high
#   family: ENC
#   controls:
#     aws-fsbp: [RDS.38, RDS.39, RDS.41, RDS.44, RDS.43]
#     iso27001-2022: [A.8.24]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: give the DbInstance a DbParameterGroup (RdsClusterParameterGroup for RdsCluster) with
#     `parameter: [{ name: "rds.force_ssl", value: "1" }]` (PostgreSQL, SQL Server) or
#     `[{ name: "require_secure_transport", value: "1" }]` (MySQL, MariaDB) and set
#     `parameterGroupName: group.name`; on DbProxy set `requireTls: true`.
#     Terraform: `parameter { name = "rds.force_ssl" value = "1" }` in `aws_db_parameter_group`,
#     `parameter_group_name = aws_db_parameter_group.<name>.name`; `require_tls = true` on `aws_db_proxy`.
package crm.rules.encryption.db_tls_enforced

import data.crm.lib.rds
import data.crm.lib.tf

_kinds := {
	"aws_db_instance": {"attr": "parameter_group_name", "group": "aws_db_parameter_group"},
	"aws_rds_cluster": {"attr": "db_cluster_parameter_group_name", "group": "aws_rds_cluster_parameter_group"},
}

# Required parameter by engine family: [name, accepted values].
_required_by_family := {
	"postgres": ["rds.force_ssl", {"1"}],
	"sqlserver": ["rds.force_ssl", {"1"}],
	"mysql": ["require_secure_transport", {"1", "on", "true"}],
}

_required(engine) := _required_by_family[rds.family(engine)]

# [type, provider, region, name] -> the groups declaring it: names are unique per account and region,
# and two accounts (provider aliases) may repeat one; a set never aborts on a repeated name.
_names[[g.type, g.provider, g.region, g.values.name]] contains g.address if {
	some type in {"aws_db_parameter_group", "aws_rds_cluster_parameter_group"}
	some g in tf.resources(type)
	is_string(g.values.name)
	not contains(g.values.name, "${")
}

# [db, kind, engine (null when unknown), required parameter (null when none)], computed once per
# database (wasm memoizes rules, never function calls).
_dbs := [[db, k, e, _required_or_null(e)] |
	some type, k in _kinds
	some db in tf.resources(type)
	e := _engine(db)
]

_required_or_null(e) := r if {
	r := _required(e)
} else := null

# The engine as written; a read replica's comes from its source instance (shared reading: lib.rds).
_engine(db) := e if {
	e := rds.engine(db)
} else := null

# The bound custom group: by reference, else by literal name.
_groups(db, k) := [input.resources[a] | some a in refs] if {
	refs := {a | some a in tf.refs(db, k.attr); input.resources[a].type == k.group}
	count(refs) > 0
} else := [input.resources[a] | some a in _names[[k.group, db.provider, db.region, db.values[k.attr]]]]

# The databases whose engine requires a parameter, with their groups: [db, kind, engine, [param, accepted], groups].
_checked := [[db, k, e, req, _groups(db, k)] |
	some [db, k, e, req] in _dbs
	req != null
]

_no_custom_group(db, k) if {
	not db.values[k.attr]
	not tf.unknown(db, k.attr)
}

_no_custom_group(db, k) if startswith(db.values[k.attr], "default.")

_pg15_default(db, "postgres") if _major(db) >= 15

_pg15_default(db, "postgres") if not db.values.engine_version

_major(db) := to_number(split(db.values.engine_version, ".")[0]) if regex.match(`^[0-9]+`, db.values.engine_version)

_value(g, name) := [p.value |
	some p in tf.blocks(object.get(g.values, "parameter", []))
	p.name == name
]

_text(v) := lower(v) if is_string(v)

_text(v) := format_int(v, 10) if is_number(v)

_text(v) := json.marshal(v) if is_boolean(v)

deny contains tf.finding(db, msg) if {
	some [db, k, e, [param, _], _] in _checked
	_no_custom_group(db, k)
	not _pg15_default(db, e)
	msg := concat("", [
		"`", db.address, "` (engine ", e, ") uses a default parameter group (", tf.shown(db, k.attr),
		"), which does not force TLS; bind an ", k.group, " that sets `", param, "` to 1",
	])
}

deny contains tf.finding(db, msg) if {
	some [db, _, _, [param, accepted], groups] in _checked
	some g in groups
	not tf.unknown(g, "parameter")
	values := _value(g, param)
	not _any_accepted(values, accepted)
	msg := concat("", [
		"`", db.address, "` uses `", g.address, "`, which sets `", param, "` to ", _shown_values(values),
		"; add `parameter { name = \"", param, "\" value = \"1\" }` to force TLS",
	])
}

_any_accepted(values, accepted) if {
	some v in values
	_text(v) in accepted
}

_shown_values(values) := "nothing (absent)" if count(values) == 0

_shown_values(values) := json.marshal(values) if count(values) > 0

deny contains {"resource": db.address, "message": msg, "unverifiable": true} if {
	some [db, _, _, _, groups] in _checked
	some g in groups
	tf.unknown(g, "parameter")
	msg := concat("", ["`", db.address, "` uses `", g.address, "`, whose parameters are known only after apply; it cannot be proven that TLS is forced"])
}

# A group named but not in this configuration (literal name or data source / variable).
deny contains {"resource": db.address, "message": msg, "unverifiable": true} if {
	some [db, k, _, _, groups] in _checked
	count(groups) == 0
	not _no_custom_group(db, k)
	msg := concat("", ["`", db.address, "` uses the parameter group ", tf.shown(db, k.attr), ", which is not in this configuration; it cannot be proven that TLS is forced"])
}

deny contains {"resource": db.address, "message": msg, "unverifiable": true} if {
	some [db, _, e, null] in _dbs
	e != null
	msg := concat("", [
		"`", db.address, "` has ", tf.shown(db, "engine"),
		"; TLS enforcement for this engine (Oracle: SSL option in aws_db_option_group) or an engine known only after apply cannot be proven from the parameter group",
	])
}

deny contains tf.finding(p, msg) if {
	some p in tf.resources("aws_db_proxy")
	not tf.unknown(p, "require_tls")
	tf.value(p, "require_tls", false) != true
	msg := concat("", ["`", p.address, "` has ", tf.shown(p, "require_tls"), "; set it to true so clients must use TLS"])
}

deny contains tf.unverifiable(p, "require_tls", "the proxy requires TLS") if {
	some p in tf.resources("aws_db_proxy")
	tf.unknown(p, "require_tls")
}
