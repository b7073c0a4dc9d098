package crm.rules.network.alb_waf_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.alb_waf as rule

_lb(values) := fx.resource("aws_lb.public", values)

_acl(scope) := fx.resource("aws_wafv2_web_acl.crm", {"scope": scope})

_assoc := fx.with_refs(fx.resource("aws_wafv2_web_acl_association.a", {"resource_arn": "${aws_lb.public.arn}", "web_acl_arn": "${aws_wafv2_web_acl.crm.arn}"}), {"resource_arn": ["aws_lb.public"], "web_acl_arn": ["aws_wafv2_web_acl.crm"]})

test_protected_alb_passes if {
	count(rule.deny) == 0 with input as fx.model([_lb({}), _acl("REGIONAL"), _assoc])
}

test_unprotected_alb_fails if {
	some f in rule.deny with input as fx.model([_lb({"internal": false})])
	f.resource == "aws_lb.public"
	contains(f.message, "`internal = false`")
}

test_absent_internal_means_public if {
	some f in rule.deny with input as fx.model([_lb({})])
	contains(f.message, "`internal` absent")
}

test_cloudfront_acl_does_not_count if {
	count(rule.deny) == 1 with input as fx.model([_lb({}), _acl("CLOUDFRONT"), _assoc])
}

test_literal_acl_arn_passes if {
	a := fx.with_refs(fx.resource("aws_wafv2_web_acl_association.a", {"web_acl_arn": "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/crm/abc"}), {"resource_arn": ["aws_lb.public"]})
	count(rule.deny) == 0 with input as fx.model([_lb({}), a])
}

test_legacy_waf_regional_passes if {
	a := fx.with_refs(fx.resource("aws_wafregional_web_acl_association.a", {}), {"resource_arn": ["aws_lb.public"]})
	count(rule.deny) == 0 with input as fx.model([_lb({}), a])
}

test_internal_and_network_lbs_ignored if {
	count(rule.deny) == 0 with input as fx.model([_lb({"internal": true}), fx.resource("aws_lb.nlb", {"load_balancer_type": "network"})])
}

test_alb_alias_fails if {
	count(rule.deny) == 1 with input as fx.model([fx.resource("aws_alb.old", {})])
}

test_unknown_internal_unverifiable if {
	lb := fx.with_unknown(_lb({"internal": "${var.internal}"}), ["internal"])
	some f in rule.deny with input as fx.model([lb])
	f.unverifiable == true
}

test_association_with_unresolved_acl_is_unverifiable if {
	lb := _lb({"internal": false})
	assoc := fx.with_unknown(
		fx.with_refs(fx.resource("aws_wafv2_web_acl_association.a", {"resource_arn": "${aws_lb.public.arn}", "web_acl_arn": "${var.web_acl_arn}"}), {"resource_arn": ["aws_lb.public"]}),
		["resource_arn", "web_acl_arn"],
	)
	fs := rule.deny with input as fx.model([lb, assoc])
	count(fs) == 1
	some f in fs
	f.unverifiable == true
}

test_association_with_unresolved_lb_is_unverifiable if {
	lb := _lb({"internal": false})
	assoc := fx.with_unknown(fx.resource("aws_wafv2_web_acl_association.a", {"resource_arn": "${var.lb_arn}", "web_acl_arn": "${var.web_acl_arn}"}), ["resource_arn", "web_acl_arn"])
	fs := rule.deny with input as fx.model([lb, assoc])
	count(fs) == 1
	some f in fs
	f.unverifiable == true
}

test_classic_elb_cannot_have_waf if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_elb.classic", {"internal": true})])
	some f in rule.deny with input as fx.model([fx.resource("aws_elb.classic", {})])
	contains(f.message, "AWS WAF cannot protect")
	unknown := fx.with_unknown(fx.resource("aws_elb.classic", {"internal": "${var.i}"}), ["internal"])
	some u in rule.deny with input as fx.model([unknown])
	u.unverifiable == true
}
