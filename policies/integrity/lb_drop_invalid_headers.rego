# METADATA
# title: Load balancers reject malformed and desynchronising HTTP
# description: >-
#   Request smuggling and header injection target the CRM API. Every application load balancer
#   (aws_lb / aws_alb with `load_balancer_type` application or absent) must set
#   `drop_invalid_header_fields = true` (absent means false) and must not set
#   `desync_mitigation_mode = "monitor"` (absent means "defensive"); a classic load balancer
#   (aws_elb) must not set `desync_mitigation_mode = "monitor"` either. Values known only after
#   apply are unverifiable.
# scope: package
# custom:
#   id: CRM-INT-011
#   severity: medium
#   family: INT
#   controls:
#     aws-fsbp: [ELB.4, ELB.12]
#     iso27001-2022: ["A.8.9?", "A.8.26?"]
#   remediation: >-
#     CDKTF: `dropInvalidHeaderFields: true` and `desyncMitigationMode: "defensive"` (or
#     "strictest") on Lb. Terraform: `drop_invalid_header_fields = true`, `desync_mitigation_mode =
#     "defensive"`.
package crm.rules.integrity.lb_drop_invalid_headers

import data.crm.lib.tf

_albs contains lb if {
	some type in ["aws_lb", "aws_alb"]
	some lb in tf.resources(type)
	tf.value(lb, "load_balancer_type", "application") == "application"
}

deny contains tf.finding(lb, msg) if {
	some lb in _albs
	not tf.unknown(lb, "drop_invalid_header_fields")
	tf.value(lb, "drop_invalid_header_fields", false) != true
	msg := concat("", [
		"`", lb.address, "` forwards malformed headers (", tf.shown(lb, "drop_invalid_header_fields"),
		"); set `drop_invalid_header_fields = true`",
	])
}

deny contains tf.finding(lb, msg) if {
	some lb in _albs
	lb.values.desync_mitigation_mode == "monitor"
	msg := concat("", [
		"`", lb.address, "` only monitors HTTP desync attacks (`desync_mitigation_mode = \"monitor\"`); ",
		"set it to \"defensive\" or \"strictest\"",
	])
}

deny contains tf.unverifiable(lb, attr, "the load balancer rejects malformed and desynchronising requests") if {
	some lb in _albs
	some attr in ["drop_invalid_header_fields", "desync_mitigation_mode"]
	tf.unknown(lb, attr)
}

# Classic load balancers have no header dropping, but the same desync mitigation modes.
deny contains tf.finding(elb, msg) if {
	some elb in tf.resources("aws_elb")
	elb.values.desync_mitigation_mode == "monitor"
	msg := concat("", [
		"`", elb.address, "` only monitors HTTP desync attacks (`desync_mitigation_mode = \"monitor\"`); ",
		"set it to \"defensive\" or \"strictest\"",
	])
}

deny contains tf.unverifiable(elb, "desync_mitigation_mode", "the load balancer rejects desynchronising requests") if {
	some elb in tf.resources("aws_elb")
	tf.unknown(elb, "desync_mitigation_mode")
}
