# METADATA
# title: Load balancer listeners
# description: >-
#   aws_lb_listener and its alias aws_alb_listener, each with its effective protocol and the type
#   of the load balancer it belongs to (load_balancer_arn → aws_lb / aws_alb, whose
#   load_balancer_type defaults to application). Without a resolvable load balancer the type is
#   inferred from the protocol. An ALB listener without `protocol` is HTTP (the provider default).
# scope: package
package crm.lib.listeners

import data.crm.lib.tf

# METADATA
# title: Listeners
# description: >-
#   Every listener as {resource, lb (address or null), lb_type (application, network, gateway),
#   protocol (upper-case, or null when unknown)}.
all contains {"resource": l, "lb": _lb_address(l), "lb_type": _lb_type(l), "protocol": _protocol(l)} if {
	some type in ["aws_lb_listener", "aws_alb_listener"]
	some l in tf.resources(type)
}

_lbs(l) := [a | some a in tf.refs(l, "load_balancer_arn"); input.resources[a].type in {"aws_lb", "aws_alb"}]

_lb_address(l) := _lbs(l)[0] if count(_lbs(l)) > 0

_lb_address(l) := null if count(_lbs(l)) == 0

_lb_type(l) := object.get(input.resources[_lbs(l)[0]].values, "load_balancer_type", "application") if count(_lbs(l)) > 0

_raw_protocol(l) := upper(l.values.protocol) if is_string(l.values.protocol)

_raw_protocol(l) := "" if not is_string(object.get(l.values, "protocol", null))

_lb_type(l) := "network" if {
	count(_lbs(l)) == 0
	_raw_protocol(l) in {"TCP", "TLS", "UDP", "TCP_UDP"}
}

_lb_type(l) := "gateway" if {
	count(_lbs(l)) == 0
	_raw_protocol(l) == "GENEVE"
}

_lb_type(l) := "application" if {
	count(_lbs(l)) == 0
	not _raw_protocol(l) in {"TCP", "TLS", "UDP", "TCP_UDP", "GENEVE"}
}

_protocol(l) := null if tf.unknown(l, "protocol")

_protocol(l) := _raw_protocol(l) if {
	not tf.unknown(l, "protocol")
	_raw_protocol(l) != ""
}

_protocol(l) := "HTTP" if {
	not tf.unknown(l, "protocol")
	_raw_protocol(l) == ""
}

# METADATA
# title: Default action redirects to HTTPS
# description: A default_action / action block of type redirect whose redirect block sends to HTTPS.
https_redirect(a) if {
	a.type == "redirect"
	some r in tf.blocks(object.get(a, "redirect", []))
	upper(object.get(r, "protocol", "#{protocol}")) == "HTTPS"
}
