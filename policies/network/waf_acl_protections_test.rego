package crm.rules.network.waf_acl_protections_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.waf_acl_protections as rule

_managed(name, override) := {
	"name": name,
	"priority": 1,
	"override_action": override,
	"statement": {"managed_rule_group_statement": {"vendor_name": "AWS", "name": name}},
}

_rate := {"name": "rate", "priority": 9, "action": {"block": {}}, "statement": [{"rate_based_statement": [{"limit": 1000, "aggregate_key_type": "IP"}]}]}

_good_rules := [
	_managed("AWSManagedRulesCommonRuleSet", {"none": {}}),
	_managed("AWSManagedRulesKnownBadInputsRuleSet", [{"none": [{}]}]),
	_rate,
]

_acl(rules) := fx.resource("aws_wafv2_web_acl.crm", {"scope": "REGIONAL", "rule": rules})

_log(headers) := fx.with_refs(
	fx.resource("aws_wafv2_web_acl_logging_configuration.crm", {"redacted_fields": [{"single_header": {"name": h}} | some h in headers]}),
	{"resource_arn": ["aws_wafv2_web_acl.crm"]},
)

test_complete_acl_passes if {
	count(rule.deny) == 0 with input as fx.model([_acl(_good_rules), _log(["authorization", "Cookie"])])
}

test_empty_acl_fails_every_requirement if {
	count(rule.deny) == 3 with input as fx.model([_acl([]), _log(["authorization", "cookie"])])
}

test_missing_known_bad_inputs_fails if {
	some f in rule.deny with input as fx.model([_acl([_good_rules[0], _rate]), _log(["authorization", "cookie"])])
	contains(f.message, "AWSManagedRulesKnownBadInputsRuleSet")
}

test_sql_backend_requires_sqli if {
	db := fx.resource("aws_db_instance.crm", {"engine": "postgres"})
	some f in rule.deny with input as fx.model([_acl(_good_rules), _log(["authorization", "cookie"]), db])
	contains(f.message, "AWSManagedRulesSQLiRuleSet")
}

test_count_override_fails if {
	rules := [_managed("AWSManagedRulesCommonRuleSet", {"count": {}}), _good_rules[1], _rate]
	fs := rule.deny with input as fx.model([_acl(rules), _log(["authorization", "cookie"])])
	count(fs) == 2
	some f in fs
	contains(f.message, "overrides its managed rule group to `count`")
}

test_rule_json_passes if {
	rules := json.marshal([
		{"Name": "common", "OverrideAction": {"None": {}}, "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet"}}},
		{"Name": "bad", "OverrideAction": {"None": {}}, "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS", "Name": "AWSManagedRulesKnownBadInputsRuleSet"}}},
		{"Name": "rate", "Action": {"Block": {}}, "Statement": {"RateBasedStatement": {"Limit": 1000}}},
	])
	acl := fx.resource("aws_wafv2_web_acl.crm", {"scope": "REGIONAL", "rule_json": rules})
	count(rule.deny) == 0 with input as fx.model([acl, _log(["authorization", "cookie"])])
}

test_rule_json_count_fails if {
	rules := json.marshal([{"Name": "common", "OverrideAction": {"Count": {}}, "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet"}}}])
	acl := fx.resource("aws_wafv2_web_acl.crm", {"scope": "REGIONAL", "rule_json": rules})
	count(rule.deny) == 4 with input as fx.model([acl, _log(["authorization", "cookie"])])
}

test_opaque_rules_unverifiable if {
	acl := fx.with_unknown(fx.resource("aws_wafv2_web_acl.crm", {"rule": "${local.rules}"}), ["rule"])
	some f in rule.deny with input as fx.model([acl, _log(["authorization", "cookie"])])
	f.unverifiable == true
}

test_missing_logging_fails if {
	some f in rule.deny with input as fx.model([_acl(_good_rules)])
	contains(f.message, "has no aws_wafv2_web_acl_logging_configuration")
}

test_missing_redaction_fails if {
	some f in rule.deny with input as fx.model([_acl(_good_rules), _log(["authorization"])])
	f.resource == "aws_wafv2_web_acl_logging_configuration.crm"
	contains(f.message, "[\"cookie\"]")
}

test_opaque_rule_json_unverifiable if {
	acl := fx.with_unknown(fx.resource("aws_wafv2_web_acl.crm", {"rule_json": "${jsonencode(local.rules)}"}), ["rule_json"])
	fs := rule.deny with input as fx.model([acl, _log(["authorization", "cookie"])])
	count(fs) == 1
	some f in fs
	f.unverifiable == true
}

test_aurora_backend_requires_sqli if {
	c := fx.resource("aws_rds_cluster.crm", {"engine": "aurora-postgresql"})
	count(rule.deny) == 1 with input as fx.model([_acl(_good_rules), _log(["authorization", "cookie"]), c])
}
