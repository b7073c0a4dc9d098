# METADATA
# title: WAF web ACLs have managed protections and logging
# description: >-
#   An empty or count-only web ACL gives a false sense of protection. Every aws_wafv2_web_acl (rules
#   as `rule` blocks or as `rule_json`) must include the AWS managed rule groups
#   AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet (plus
#   AWSManagedRulesSQLiRuleSet when the stack has an RDS/Aurora SQL backend) and a
#   rate_based_statement; no managed group may be overridden to `count`. The ACL must have an
#   aws_wafv2_web_acl_logging_configuration (`resource_arn` bound to it) that redacts the
#   `authorization` and `cookie` headers, since request logs otherwise capture credentials and
#   session tokens. Rules known only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-NET-014
#   severity: medium
#   family: NET
#   controls:
#     aws-fsbp: [WAF.10, WAF.11]
#     iso27001-2022: ["A.8.20?", "A.8.15?"]
#   remediation: >-
#     CDKTF: on Wafv2WebAcl add `rule` entries with `statement: { managedRuleGroupStatement: {
#     vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } }` (and KnownBadInputs, SQLi),
#     `overrideAction: { none: {} }`, plus a `rateBasedStatement` rule; add a
#     Wafv2WebAclLoggingConfiguration with `redactedFields: [{ singleHeader: { name: "authorization" }
#     }, { singleHeader: { name: "cookie" } }]`. Terraform: the same `rule`, `override_action { none {} }`,
#     `rate_based_statement` blocks and `aws_wafv2_web_acl_logging_configuration` with `redacted_fields`.
package crm.rules.network.waf_acl_protections

import data.crm.lib.jsondoc
import data.crm.lib.tf

_hcl_rules(acl) := [{
	"name": object.get(r, "name", "?"),
	"managed": [{"vendor": object.get(m, "vendor_name", null), "name": object.get(m, "name", null)} |
		some st in tf.blocks(object.get(r, "statement", []))
		some m in tf.blocks(object.get(st, "managed_rule_group_statement", []))
	],
	"rate": count([x | some st in tf.blocks(object.get(r, "statement", [])); some x in tf.blocks(object.get(st, "rate_based_statement", []))]) > 0,
	"count": count([x | some o in tf.blocks(object.get(r, "override_action", [])); some x in tf.blocks(object.get(o, "count", []))]) > 0,
} |
	some r in tf.blocks(object.get(acl.values, "rule", []))
]

_json_rules(acl) := [{
	"name": object.get(r, "Name", "?"),
	"managed": [{"vendor": object.get(m, "VendorName", null), "name": object.get(m, "Name", null)} | m := r.Statement.ManagedRuleGroupStatement],
	"rate": is_object(object.get(object.get(r, "Statement", {}), "RateBasedStatement", null)),
	"count": is_object(object.get(object.get(r, "OverrideAction", {}), "Count", null)),
} |
	is_string(acl.values.rule_json)
	not tf.unknown(acl, "rule_json")
	some r in jsondoc.unmarshal(acl.values.rule_json)
]

_rules(acl) := array.concat(_hcl_rules(acl), _json_rules(acl))

_opaque(acl) if tf.unknown(acl, "rule")

_opaque(acl) if tf.unknown(acl, "rule_json")

_acls contains acl if {
	some acl in tf.resources("aws_wafv2_web_acl")
	not _opaque(acl)
}

_sql_backend if count(object.get(input.by_type, "aws_db_instance", [])) > 0

_sql_backend if count(object.get(input.by_type, "aws_rds_cluster", [])) > 0

_required contains "AWSManagedRulesCommonRuleSet"

_required contains "AWSManagedRulesKnownBadInputsRuleSet"

_required contains "AWSManagedRulesSQLiRuleSet" if _sql_backend

_enforced_groups(acl) := {m.name |
	some r in _rules(acl)
	not r.count
	some m in r.managed
	m.vendor == "AWS"
}

deny contains tf.finding(acl, msg) if {
	some acl in _acls
	some group in _required
	not group in _enforced_groups(acl)
	msg := concat("", [
		"`", acl.address, "` does not enforce the AWS managed rule group ", group,
		"; add a `rule` with `managed_rule_group_statement { vendor_name = \"AWS\", name = \"", group, "\" }` and `override_action { none {} }`",
	])
}

deny contains tf.finding(acl, msg) if {
	some acl in _acls
	count([r | some r in _rules(acl); r.rate]) == 0
	msg := concat("", ["`", acl.address, "` has no `rate_based_statement` rule; add one to throttle credential stuffing and scraping"])
}

deny contains tf.finding(acl, msg) if {
	some acl in _acls
	some r in _rules(acl)
	r.count
	count(r.managed) > 0
	msg := concat("", [
		"`", acl.address, "` rule `", r.name, "` overrides its managed rule group to `count`, so it blocks nothing;",
		" use `override_action { none {} }`",
	])
}

deny contains {"resource": acl.address, "message": msg, "unverifiable": true} if {
	some acl in tf.resources("aws_wafv2_web_acl")
	_opaque(acl)
	msg := concat("", ["`", acl.address, "` defines its rules from an expression known only after apply, so its managed protections cannot be verified; write the rules literally"])
}

# Logging with credential headers redacted.
_logging(acl) := [input.resources[a] | some a in tf.bound(acl.address, "aws_wafv2_web_acl_logging_configuration", "resource_arn")]

_redacted(cfg) := {lower(h.name) |
	some f in tf.blocks(object.get(cfg.values, "redacted_fields", []))
	some h in tf.blocks(object.get(f, "single_header", []))
}

deny contains tf.finding(acl, msg) if {
	some acl in tf.resources("aws_wafv2_web_acl")
	count(_logging(acl)) == 0
	msg := concat("", ["`", acl.address, "` has no aws_wafv2_web_acl_logging_configuration; log it (Kinesis Firehose, S3 or CloudWatch Logs) with authorization and cookie headers redacted"])
}

deny contains tf.finding(cfg, msg) if {
	some acl in tf.resources("aws_wafv2_web_acl")
	some cfg in _logging(acl)
	missing := {"authorization", "cookie"} - _redacted(cfg)
	count(missing) > 0
	msg := concat("", [
		"`", cfg.address, "` logs `", acl.address, "` without redacting header(s) ", json.marshal(sort(missing)),
		"; add `redacted_fields { single_header { name = \"...\" } }` for each so credentials stay out of the logs",
	])
}
