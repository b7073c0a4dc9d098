# METADATA
# title: TLS listeners use an approved (TLS 1.2+/1.3) security policy
# description: >-
#   Legacy ELB security policies still negotiate TLS 1.0/1.1 and weak ciphers. Every HTTPS or TLS
#   aws_lb_listener / aws_alb_listener must set ssl_policy to one of the configured
#   allowed_tls_policies (default: Security Hub ELB.17's accepted TLS 1.3 policies plus
#   ELBSecurityPolicy-TLS13-1-2-2021-06). An absent ssl_policy fails: do not rely on the
#   API/provider default. A policy known only after apply is unverifiable.
# scope: package
# custom:
#   id: CRM-ENC-013
#   severity: high
#   family: ENC
#   controls:
#     aws-fsbp: [ELB.17]
#     iso27001-2022: ["A.8.24?"]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: on the HTTPS/TLS LbListener set `sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06"`
#     (or a stricter TLS13 policy from allowed_tls_policies).
#     Terraform: `ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"` on `aws_lb_listener`.
package crm.rules.encryption.lb_tls_policy

import data.crm.lib.listeners
import data.crm.lib.tf

_tls contains l.resource if {
	some l in listeners.all
	l.protocol in {"HTTPS", "TLS"}
}

deny contains tf.finding(r, msg) if {
	some r in _tls
	not tf.unknown(r, "ssl_policy")
	not object.get(r.values, "ssl_policy", null) in {p | some p in data.config.allowed_tls_policies}
	msg := concat("", [
		"`", r.address, "` has ", tf.shown(r, "ssl_policy"), ", which is not in allowed_tls_policies",
		"; set `ssl_policy` to an approved TLS 1.2+/1.3 policy such as \"ELBSecurityPolicy-TLS13-1-2-2021-06\"",
	])
}

deny contains tf.unverifiable(r, "ssl_policy", "the listener negotiates only approved TLS versions") if {
	some r in _tls
	tf.unknown(r, "ssl_policy")
}
