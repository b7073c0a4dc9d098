# METADATA
# title: HTTP listeners redirect to HTTPS
# description: >-
#   Keeps bookmarks and links working without ever serving content over HTTP. Every HTTP
#   aws_lb_listener / aws_alb_listener (an ALB listener without `protocol` is HTTP) must have only
#   default actions of type redirect with redirect.protocol = "HTTPS" and status_code HTTP_301 or
#   HTTP_302, and no aws_lb_listener_rule / aws_alb_listener_rule on it (listener_arn) may forward.
#   Default actions or rule actions known only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-ENC-012
#   severity: medium
#   family: ENC
#   controls:
#     aws-fsbp: [ELB.1]
#     iso27001-2022: ["A.8.24?"]
#   remediation: >-
#     CDKTF: on the port-80 LbListener set `defaultAction: [{ type: "redirect", redirect: {
#     protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]` and attach no forwarding
#     LbListenerRule to it.
#     Terraform: `default_action { type = "redirect" redirect { protocol = "HTTPS" port = "443"
#     status_code = "HTTP_301" } }` on the HTTP `aws_lb_listener`; remove forward rules on it.
package crm.rules.encryption.lb_http_redirect

import data.crm.lib.listeners
import data.crm.lib.tf

_http contains l.resource if {
	some l in listeners.all
	l.lb_type == "application"
	l.protocol == "HTTP"
}

_actions(r) := tf.blocks(object.get(r.values, "default_action", []))

_good(a) if {
	listeners.https_redirect(a)
	some r in tf.blocks(a.redirect)
	r.status_code in {"HTTP_301", "HTTP_302"}
}

_redirects_only(r) if {
	count(_actions(r)) > 0
	every a in _actions(r) {
		_good(a)
	}
}

deny contains tf.finding(r, msg) if {
	some r in _http
	not tf.unknown(r, "default_action")
	not _redirects_only(r)
	msg := concat("", [
		"`", r.address, "` is an HTTP listener whose `default_action` is ", json.marshal([object.get(a, "type", null) | some a in _actions(r)]),
		"; make it a single `redirect` with `protocol = \"HTTPS\"` and `status_code = \"HTTP_301\"`",
	])
}

deny contains tf.unverifiable(r, "default_action", "the listener only redirects to HTTPS") if {
	some r in _http
	tf.unknown(r, "default_action")
}

_rules(r) := [input.resources[a] |
	some type in ["aws_lb_listener_rule", "aws_alb_listener_rule"]
	some a in tf.bound(r.address, type, "listener_arn")
]

deny contains tf.finding(rule, msg) if {
	some r in _http
	some rule in _rules(r)
	some a in tf.blocks(object.get(rule.values, "action", []))
	a.type == "forward"
	msg := concat("", [
		"`", rule.address, "` forwards requests arriving on the HTTP listener `", r.address,
		"` (`action.type = \"forward\"`); attach forwarding rules to the HTTPS listener and let port 80 only redirect",
	])
}

deny contains tf.unverifiable(rule, "action", "the rule does not forward plain-HTTP requests") if {
	some r in _http
	some rule in _rules(r)
	tf.unknown(rule, "action")
}
