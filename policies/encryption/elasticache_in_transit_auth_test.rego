package crm.rules.encryption.elasticache_in_transit_auth_test

import data.crm.lib.fixtures as fx
import data.crm.rules.encryption.elasticache_in_transit_auth as rule

_rg(values) := fx.resource("aws_elasticache_replication_group.cache", values)

test_tls_and_rbac_pass if {
	count(rule.deny) == 0 with input as fx.model([_rg({"transit_encryption_enabled": true, "user_group_ids": ["crm"]})])
	count(rule.deny) == 0 with input as fx.model([_rg({"transit_encryption_enabled": "true", "transit_encryption_mode": "required", "auth_token": "x"})])
}

test_auth_token_from_reference_passes if {
	g := fx.with_unknown(_rg({"transit_encryption_enabled": true, "auth_token": "${random_password.p.result}"}), ["auth_token"])
	count(rule.deny) == 0 with input as fx.model([g])
	g2 := fx.with_unknown(_rg({"transit_encryption_enabled": true, "user_group_ids": "${var.groups}"}), ["user_group_ids"])
	count(rule.deny) == 0 with input as fx.model([g2])
}

test_no_transit_encryption_fails if {
	some f in rule.deny with input as fx.model([_rg({"auth_token": "x"})])
	f.resource == "aws_elasticache_replication_group.cache"
	contains(f.message, "`transit_encryption_enabled` absent")
}

test_preferred_mode_fails if {
	some f in rule.deny with input as fx.model([_rg({"transit_encryption_enabled": true, "transit_encryption_mode": "preferred", "auth_token": "x"})])
	contains(f.message, "preferred")
}

test_no_authentication_fails if {
	some f in rule.deny with input as fx.model([_rg({"transit_encryption_enabled": true, "user_group_ids": []})])
	contains(f.message, "neither `auth_token` nor `user_group_ids`")
}

test_unknowns_are_unverifiable if {
	g := fx.with_unknown(_rg({"transit_encryption_enabled": "${var.t}", "transit_encryption_mode": "${var.m}", "auth_token": "x"}), ["transit_encryption_enabled", "transit_encryption_mode"])
	fs := rule.deny with input as fx.model([g])
	count(fs) == 2
	every f in fs {
		f.unverifiable == true
	}
}

test_plan_style_unknown_without_value_passes if {
	count(rule.deny) == 0 with input as fx.model([fx.with_unknown(_rg({"transit_encryption_enabled": true}), ["auth_token"])])
	count(rule.deny) == 0 with input as fx.model([fx.with_unknown(_rg({"transit_encryption_enabled": true}), ["user_group_ids"])])
}
