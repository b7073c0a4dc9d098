package crm.rules.network.s3_endpoint_perimeter_test

import data.crm.lib.fixtures as fx
import data.crm.rules.network.s3_endpoint_perimeter as rule

_doc(statements) := json.marshal({"Version": "2012-10-17", "Statement": statements})

_endpoint(values) := fx.resource("aws_vpc_endpoint.s3", object.union({"service_name": "com.amazonaws.eu-west-1.s3", "vpc_endpoint_type": "Gateway"}, values))

_caller_only := {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": "111122223333"}}}

_perimeter := {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": "111122223333", "aws:ResourceAccount": "111122223333"}}}

_ecr_layers := {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*"}

test_caller_only_policy_fails if {
	some f in rule.deny with input as fx.model([_endpoint({"policy": _doc([_caller_only])})])
	contains(f.message, "reach buckets of any account")
}

test_no_policy_fails if {
	some f in rule.deny with input as fx.model([_endpoint({})])
	contains(f.message, "has no endpoint policy")
}

test_resource_account_or_named_buckets_pass if {
	count(rule.deny) == 0 with input as fx.model([_endpoint({"policy": _doc([_perimeter, _ecr_layers])})])
	refs := {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": ["${aws_s3_bucket.files.arn}", "${aws_s3_bucket.files.arn}/*"]}
	count(rule.deny) == 0 with input as fx.model([_endpoint({"policy": _doc([refs])})])
}

test_wildcard_bucket_or_org_pattern_fails if {
	any_bucket := {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::*/*"}
	any_org := object.union(_caller_only, {"Condition": {"StringLike": {"aws:ResourceOrgID": "o-*"}}})
	count(rule.deny) == 2 with input as fx.model([_endpoint({"policy": _doc([any_bucket, any_org])})])
}

test_split_policy_wins_and_other_services_ignored if {
	e := _endpoint({"policy": _doc([_caller_only])})
	p := fx.with_refs(fx.resource("aws_vpc_endpoint_policy.s3", {"vpc_endpoint_id": "${aws_vpc_endpoint.s3.id}", "policy": _doc([_perimeter])}), {"vpc_endpoint_id": ["aws_vpc_endpoint.s3"]})
	kms := fx.resource("aws_vpc_endpoint.kms", {"service_name": "com.amazonaws.eu-west-1.kms", "policy": _doc([_caller_only])})
	count(rule.deny) == 0 with input as fx.model([e, p, kms])
}

test_unknown_policy_unverifiable if {
	e := fx.with_unknown(_endpoint({"policy": "${jsonencode(local.p)}"}), ["policy"])
	some f in rule.deny with input as fx.model([e])
	f.unverifiable == true
}

_service(values) := object.union(fx.resource("data.aws_vpc_endpoint_service.s", values), {"type": "data.aws_vpc_endpoint_service", "mode": "data"})

_via_data := fx.with_unknown(fx.with_refs(_endpoint({"service_name": "${data.aws_vpc_endpoint_service.s.service_name}"}), {"service_name": ["data.aws_vpc_endpoint_service.s"]}), ["service_name"])

test_service_name_from_an_s3_endpoint_service_data_source_is_s3 if {
	some f in rule.deny with input as fx.model([_service({"service": "s3", "service_type": "Gateway"}), _via_data])
	contains(f.message, "has no endpoint policy")
	some g in rule.deny with input as fx.model([_service({"service_name": "com.amazonaws.eu-west-1.s3"}), _via_data])
	contains(g.message, "has no endpoint policy")
}

test_service_name_from_another_service_is_ignored if {
	count(rule.deny) == 0 with input as fx.model([_service({"service": "ecr.api"}), _via_data])
	count(rule.deny) == 0 with input as fx.model([_service({"service_name": "com.amazonaws.eu-west-1.ecr.api"}), _via_data])
}

test_service_name_with_another_literal_service_suffix_is_ignored if {
	ssm := fx.with_unknown(_endpoint({"service_name": "com.amazonaws.${data.aws_region.current.name}.ssm"}), ["service_name"])
	count(rule.deny) == 0 with input as fx.model([ssm])
	ecr := fx.with_unknown(_endpoint({"service_name": "com.amazonaws.${var.region}.ecr.api"}), ["service_name"])
	count(rule.deny) == 0 with input as fx.model([ecr])
}

test_service_name_that_may_be_s3_is_unverifiable if {
	unknown := fx.with_unknown(_endpoint({"service_name": "${var.service}"}), ["service_name"])
	[f] := [f | some f in rule.deny with input as fx.model([unknown])]
	f.unverifiable
	contains(f.message, "may be an S3 endpoint")
	[g] := [g | some g in rule.deny with input as fx.model([_service({"service": "${var.s}"}), _via_data])]
	g.unverifiable
}
