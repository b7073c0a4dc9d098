# METADATA
# title: Load balancers write access logs
# description: >-
#   Load-balancer access logs are the source of truth for who called the CRM API, when and from
#   where. Every application and network load balancer (aws_lb / aws_alb; gateway load balancers
#   have no access logs) must have an `access_logs` block with `enabled = true` (the provider default
#   is false even when a bucket is given) and a non-empty `bucket`. The target bucket must use SSE-S3
#   (ELB cannot write to SSE-KMS buckets; see CRM-ENC-007). A classic load balancer (aws_elb) must
#   have an `access_logs` block with a non-empty `bucket` (there `enabled` defaults to true). An
#   `enabled` flag known only after apply is unverifiable.
# scope: package
# custom:
#   id: CRM-LOG-011
#   severity: medium
#   family: LOG
#   controls:
#     aws-fsbp: [ELB.5]
#     iso27001-2022: [A.8.15]
#     gdpr: [Art. 30]
#   remediation: >-
#     CDKTF: on Lb set `accessLogs: { enabled: true, bucket: lbLogs.id, prefix: "crm-alb" }` with a
#     log bucket whose policy admits the ELB log-delivery principal. Terraform: `access_logs { enabled
#     = true, bucket = aws_s3_bucket.lb_logs.id, prefix = "crm-alb" }`.
package crm.rules.logging.lb_access_logs

import data.crm.lib.tf

_lbs contains lb if {
	some type in ["aws_lb", "aws_alb"]
	some lb in tf.resources(type)
	tf.value(lb, "load_balancer_type", "application") != "gateway"
}

_logging(lb) if {
	some l in tf.blocks(object.get(lb.values, "access_logs", []))
	l.enabled == true
	is_string(l.bucket)
	l.bucket != ""
}

deny contains tf.finding(lb, msg) if {
	some lb in _lbs
	not _logging(lb)
	not tf.unknown(lb, "access_logs.enabled")
	msg := concat("", [
		"`", lb.address, "` has ", tf.shown(lb, "access_logs"),
		"; set `access_logs { enabled = true, bucket = <log bucket> }`",
	])
}

deny contains {"resource": lb.address, "message": msg, "unverifiable": true} if {
	some lb in _lbs
	not _logging(lb)
	tf.unknown(lb, "access_logs.enabled")
	msg := concat("", ["`", lb.address, "` sets `access_logs.enabled` from an expression known only after apply, so it cannot be proven that access logs are written"])
}

# Classic load balancers: an `access_logs` block writes logs unless `enabled = false`.
_elb_logging(elb) if {
	some l in tf.blocks(object.get(elb.values, "access_logs", []))
	object.get(l, "enabled", true) == true
	is_string(l.bucket)
	l.bucket != ""
}

deny contains tf.finding(elb, msg) if {
	some elb in tf.resources("aws_elb")
	not _elb_logging(elb)
	not tf.unknown(elb, "access_logs.enabled")
	msg := concat("", [
		"`", elb.address, "` (classic load balancer) has ", tf.shown(elb, "access_logs"),
		"; add `access_logs { bucket = <log bucket> }` (enabled by default)",
	])
}

deny contains {"resource": elb.address, "message": msg, "unverifiable": true} if {
	some elb in tf.resources("aws_elb")
	not _elb_logging(elb)
	tf.unknown(elb, "access_logs.enabled")
	msg := concat("", ["`", elb.address, "` sets `access_logs.enabled` from an expression known only after apply, so it cannot be proven that access logs are written"])
}
