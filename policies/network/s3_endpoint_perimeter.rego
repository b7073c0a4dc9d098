# METADATA
# title: S3 VPC endpoints enforce a data perimeter on the buckets they reach
# description: >-
#   An endpoint policy that only restricts the caller still lets a compromised workload copy CRM
#   data into an attacker's bucket through the endpoint. Every aws_vpc_endpoint for S3 (service name
#   ending in `.s3`, gateway or interface) needs a policy (its own `policy`, or a bound
#   aws_vpc_endpoint_policy, which wins): no policy means AWS's full-access default. Each Allow
#   statement must limit the reachable buckets: a restricting condition on aws:ResourceAccount,
#   s3:ResourceAccount, aws:ResourceOrgID or aws:ResourceOrgPaths (equality, no wildcard), or only
#   named buckets as resources (e.g. the AWS-owned ECR image-layer bucket
#   `prod-<region>-starport-layer-bucket`). A policy known only after apply is unverifiable.
# scope: package
# custom:
#   id: CRM-NET-019
#   severity: medium
#   family: NET
#   controls:
#     iso27001-2022: [A.8.12, A.8.20]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: give the S3 VpcEndpoint a `policy` whose Allow statements carry `Condition: {
#     StringEquals: { "aws:ResourceAccount": accountId } }` (or aws:ResourceOrgID), plus a statement
#     for `arn:aws:s3:::prod-<region>-starport-layer-bucket/*` if ECR images are pulled through it.
#     Terraform: the same in `aws_vpc_endpoint.policy` or an `aws_vpc_endpoint_policy`.
package crm.rules.network.s3_endpoint_perimeter

import data.crm.lib.iam
import data.crm.lib.tf

_resource_keys := {"aws:resourceaccount", "s3:resourceaccount", "aws:resourceorgid", "aws:resourceorgpaths"}

_s3_endpoints contains r if {
	some r in tf.resources("aws_vpc_endpoint")
	_s3(r)
}

# The service name ends in `.s3`, or is read from an aws_vpc_endpoint_service data source for S3
# (terraform-aws-vpc's vpc-endpoints module: `service_name = data.aws_vpc_endpoint_service.this[k].service_name`).
_s3(r) if endswith(object.get(r.values, "service_name", ""), ".s3")

_s3(r) if {
	some d in _service_data(r)
	_data_s3(d)
}

_service_data(r) := [input.resources[a] |
	some a in tf.refs(r, "service_name")
	input.resources[a].type == "data.aws_vpc_endpoint_service"
]

_data_s3(d) if object.get(d.values, "service", "") == "s3"

_data_s3(d) if endswith(object.get(d.values, "service_name", ""), ".s3")

# A data source whose service is known (and, by _data_s3, not S3).
_data_known_service(d) if _literal(object.get(d.values, "service", null))

_data_known_service(d) if _literal(object.get(d.values, "service_name", null))

_literal(v) if {
	is_string(v)
	not contains(v, "${")
}

# A service name known only after apply that no data source or literal suffix shows to be another
# service: it may be S3.
_maybe_s3(r) if {
	tf.unknown(r, "service_name")
	not _s3(r)
	not _other_service(r)
	not _other_suffix(r)
}

# `com.amazonaws.${data.aws_region.current.name}.ssm`: the service is the literal after the last
# interpolation.
_other_suffix(r) if {
	name := object.get(r.values, "service_name", "")
	is_string(name)
	parts := split(name, "}")
	tail := parts[count(parts) - 1]
	not contains(tail, "${")
	segments := split(tail, ".")
	service := segments[count(segments) - 1]
	count(segments) > 1
	service != ""
	service != "s3"
}

_other_service(r) if {
	ds := _service_data(r)
	count(ds) > 0
	every d in ds {
		_data_known_service(d)
	}
}

_split(r) := [input.resources[a] | some a in tf.bound(r.address, "aws_vpc_endpoint_policy", "vpc_endpoint_id")]

# The policy in force: {holder, doc}.
_policy(r) := {"holder": p, "doc": iam.document(p, "policy")} if some p in _split(r)

_policy(r) := {"holder": r, "doc": iam.document(r, "policy")} if count(_split(r)) == 0

# A named bucket: a literal bucket name (no wildcard in its first three characters) or a reference.
_named_bucket(res) if regex.match(`^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{2}`, res)

_named_bucket(res) if startswith(res, "${")

_bounded(s) if iam.restricted(s, _resource_keys)

_bounded(s) if {
	count(s.resources) > 0
	not iam.all_resources(s)
	every res in s.resources {
		_named_bucket(res)
	}
}

deny contains tf.finding(r, msg) if {
	some r in _s3_endpoints
	p := _policy(r)
	not p.doc.present
	msg := concat("", [
		"`", r.address, "` (S3 endpoint) has no endpoint policy, so AWS's full-access default lets workloads reach any",
		" bucket of any account; add a policy with an aws:ResourceAccount / aws:ResourceOrgID condition",
	])
}

deny contains tf.finding(r, msg) if {
	some r in _s3_endpoints
	p := _policy(r)
	some s in p.doc.statements
	iam.allow(s)
	not _bounded(s)
	msg := concat("", [
		"`", p.holder.address, "` lets the S3 endpoint `", r.address, "` reach buckets of any account in ", iam.describe(s),
		"; add an aws:ResourceAccount (or aws:ResourceOrgID) condition or name the buckets",
	])
}

deny contains {"resource": r.address, "message": msg, "unverifiable": true} if {
	some r in _s3_endpoints
	p := _policy(r)
	p.doc.present
	not p.doc.known
	msg := concat("", ["`", p.holder.address, "` `policy` cannot be read before apply: ", p.doc.reason, "; it cannot be proven that the S3 endpoint limits the buckets it reaches"])
}

deny contains {"resource": r.address, "message": msg, "unverifiable": true} if {
	some r in tf.resources("aws_vpc_endpoint")
	_maybe_s3(r)
	msg := concat("", [
		"`", r.address, "` sets `service_name` from an expression known only after apply (", tf.show(object.get(r.values, "service_name", null)),
		"), so it may be an S3 endpoint; it cannot be proven that its policy limits the buckets it reaches",
	])
}
