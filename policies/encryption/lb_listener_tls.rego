# METADATA
# title: Load balancer listeners terminate TLS
# description: >-
#   The CRM UI and API carry logins and PII. Every aws_lb_listener / aws_alb_listener of an
#   application load balancer must use HTTPS, and of a network load balancer TLS, with a
#   certificate_arn. An HTTP listener passes only when all its default actions redirect to HTTPS
#   (CRM-ENC-012); TCP/UDP passthrough fails (waive it explicitly where the backend terminates TLS).
#   Gateway load balancer listeners are not applicable. A classic load balancer (aws_elb) must
#   use `lb_protocol` HTTPS or SSL with an `ssl_certificate_id` on every `listener`. A protocol
#   or action known only after apply is unverifiable.
# scope: package
# custom:
#   id: CRM-ENC-011
#   severity: high
#   family: ENC
#   controls:
#     aws-fsbp: [ELB.18]
#     iso27001-2022: ["A.8.24?"]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: LbListener `{ protocol: "HTTPS", port: 443, certificateArn: cert.arn, sslPolicy:
#     "ELBSecurityPolicy-TLS13-1-2-2021-06" }` (NLB: `protocol: "TLS"`); keep port 80 only as a
#     redirect `defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443",
#     statusCode: "HTTP_301" } }]`.
#     Terraform: `protocol = "HTTPS"` (or `"TLS"`) and `certificate_arn` on `aws_lb_listener`.
package crm.rules.encryption.lb_listener_tls

import data.crm.lib.listeners
import data.crm.lib.tf

_in_scope contains l if {
	some l in listeners.all
	l.lb_type in {"application", "network"}
}

_actions(l) := tf.blocks(object.get(l.resource.values, "default_action", []))

_all_redirect(l) if {
	count(_actions(l)) > 0
	every a in _actions(l) {
		listeners.https_redirect(a)
	}
}

deny contains tf.unverifiable(l.resource, "protocol", "the listener terminates TLS") if {
	some l in _in_scope
	l.protocol == null
}

deny contains tf.finding(l.resource, msg) if {
	some l in _in_scope
	l.protocol == "HTTP"
	not _all_redirect(l)
	not tf.unknown(l.resource, "default_action")
	msg := concat("", [
		"`", l.resource.address, "` serves plain HTTP (", tf.shown(l.resource, "protocol"), ") without redirecting every request to HTTPS",
		"; use `protocol = \"HTTPS\"` with a `certificate_arn`, or make the default action an HTTPS redirect",
	])
}

deny contains tf.unverifiable(l.resource, "default_action", "the HTTP listener only redirects to HTTPS") if {
	some l in _in_scope
	l.protocol == "HTTP"
	not _all_redirect(l)
	tf.unknown(l.resource, "default_action")
}

deny contains tf.finding(l.resource, msg) if {
	some l in _in_scope
	l.protocol in {"TCP", "UDP", "TCP_UDP"}
	msg := concat("", [
		"`", l.resource.address, "` passes traffic through unencrypted (`protocol = \"", l.protocol, "\"`)",
		"; use `protocol = \"TLS\"` with a `certificate_arn` (or waive it where the backend terminates TLS)",
	])
}

deny contains tf.finding(l.resource, msg) if {
	some l in _in_scope
	l.protocol in {"HTTPS", "TLS"}
	not l.resource.values.certificate_arn
	not tf.unknown(l.resource, "certificate_arn")
	msg := concat("", ["`", l.resource.address, "` has `protocol = \"", l.protocol, "\"` but `certificate_arn` absent; set it to an ACM certificate"])
}

# --- classic load balancers (aws_elb): every `listener` block ------------------------------------

_elb_listeners contains [elb, l] if {
	some elb in tf.resources("aws_elb")
	some l in tf.blocks(object.get(elb.values, "listener", []))
}

_elb_protocol(l) := lower(l.lb_protocol) if {
	is_string(l.lb_protocol)
	not contains(l.lb_protocol, "${")
}

deny contains tf.finding(elb, msg) if {
	some [elb, l] in _elb_listeners
	_elb_protocol(l) in {"http", "tcp"}
	msg := concat("", [
		"`", elb.address, "` has a plain ", upper(l.lb_protocol), " listener on port ", tf.show(object.get(l, "lb_port", null)),
		" (`lb_protocol = \"", l.lb_protocol, "\"`); use HTTPS or SSL with an `ssl_certificate_id` (or move to an ALB)",
	])
}

deny contains tf.finding(elb, msg) if {
	some [elb, l] in _elb_listeners
	_elb_protocol(l) in {"https", "ssl"}
	not l.ssl_certificate_id
	msg := concat("", [
		"`", elb.address, "` has an ", upper(l.lb_protocol), " listener on port ", tf.show(object.get(l, "lb_port", null)),
		" with `ssl_certificate_id` absent; set it to an ACM certificate",
	])
}

deny contains {"resource": elb.address, "message": msg, "unverifiable": true} if {
	some [elb, l] in _elb_listeners
	not _elb_protocol(l)
	msg := concat("", ["`", elb.address, "` sets a listener's `lb_protocol` from an expression known only after apply (", tf.show(object.get(l, "lb_protocol", null)), "), so it cannot be proven that the listener terminates TLS"])
}
