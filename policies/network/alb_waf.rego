# METADATA
# title: Internet-facing ALBs are protected by AWS WAF
# description: >-
#   Layer-7 injection and credential-stuffing protection for the CRM UI and API. Every application
#   load balancer (aws_lb / aws_alb with `load_balancer_type` application or absent) that is
#   internet-facing (`internal` false or absent) must be the `resource_arn` of an
#   aws_wafv2_web_acl_association whose `web_acl_arn` is a REGIONAL aws_wafv2_web_acl (or a literal
#   web ACL ARN), or of a legacy aws_wafregional_web_acl_association. An internet-facing classic
#   load balancer (aws_elb) fails: WAF cannot be associated with it. An `internal` flag known only
#   after apply is unverifiable; so is an association whose web ACL or load balancer is.
# scope: package
# custom:
#   id: CRM-NET-013
#   severity: high
#   family: NET
#   controls:
#     aws-fsbp: [ELB.16]
#     iso27001-2022: ["A.8.20?", "A.8.26?"]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: create a Wafv2WebAcl with `scope: "REGIONAL"` and a Wafv2WebAclAssociation with
#     `resourceArn: alb.arn, webAclArn: acl.arn`. Terraform: `resource
#     "aws_wafv2_web_acl_association" { resource_arn = aws_lb.<name>.arn, web_acl_arn =
#     aws_wafv2_web_acl.<name>.arn }`.
package crm.rules.network.alb_waf

import data.crm.lib.tf

_albs contains lb if {
	some type in ["aws_lb", "aws_alb"]
	some lb in tf.resources(type)
	tf.value(lb, "load_balancer_type", "application") == "application"
}

_public(lb) if {
	not tf.unknown(lb, "internal")
	tf.value(lb, "internal", false) != true
}

_protected(lb) if {
	some a in tf.bound(lb.address, "aws_wafv2_web_acl_association", "resource_arn")
	_regional_acl(input.resources[a])
}

_protected(lb) if count(tf.bound(lb.address, "aws_wafregional_web_acl_association", "resource_arn")) > 0

_regional_acl(assoc) if {
	some acl in tf.refs(assoc, "web_acl_arn")
	input.resources[acl].type == "aws_wafv2_web_acl"
	input.resources[acl].values.scope == "REGIONAL"
}

_regional_acl(assoc) if regex.match(`^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:[0-9]{12}:regional/webacl/`, assoc.values.web_acl_arn)

# An association whose web ACL, or whose load balancer, cannot be resolved may protect this one.
_maybe_protected(lb) if {
	some a in tf.bound(lb.address, "aws_wafv2_web_acl_association", "resource_arn")
	tf.unknown(input.resources[a], "web_acl_arn")
	count(tf.refs(input.resources[a], "web_acl_arn")) == 0
}

_maybe_protected(_) if count(tf.unresolved("aws_wafv2_web_acl_association", "resource_arn")) > 0

deny contains {"resource": lb.address, "message": msg, "unverifiable": true} if {
	some lb in _albs
	_public(lb)
	not _protected(lb)
	_maybe_protected(lb)
	msg := concat("", [
		"`", lb.address, "` is internet-facing and its WAF association names its web ACL or load balancer by an expression ",
		"known only after apply; it cannot be proven that a REGIONAL web ACL protects it",
	])
}

deny contains tf.finding(lb, msg) if {
	some lb in _albs
	_public(lb)
	not _protected(lb)
	not _maybe_protected(lb)
	msg := concat("", [
		"`", lb.address, "` is an internet-facing application load balancer (", tf.shown(lb, "internal"),
		") with no aws_wafv2_web_acl_association to a REGIONAL web ACL; associate one",
	])
}

deny contains tf.unverifiable(lb, "internal", "the load balancer is internal or protected by WAF") if {
	some lb in _albs
	tf.unknown(lb, "internal")
	not _protected(lb)
}

# A classic load balancer cannot be associated with AWS WAF at all.
deny contains tf.finding(elb, msg) if {
	some elb in tf.resources("aws_elb")
	_public(elb)
	msg := concat("", [
		"`", elb.address, "` is an internet-facing classic load balancer (", tf.shown(elb, "internal"),
		"), which AWS WAF cannot protect; replace it with an application load balancer and a REGIONAL web ACL",
	])
}

deny contains tf.unverifiable(elb, "internal", "the classic load balancer is internal") if {
	some elb in tf.resources("aws_elb")
	tf.unknown(elb, "internal")
}
