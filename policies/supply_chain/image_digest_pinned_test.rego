package crm.rules.supply_chain.image_digest_pinned_test

import data.crm.lib.fixtures as fx
import data.crm.rules.supply_chain.image_digest_pinned as rule

_digest := "@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

_ecr := "123456789012.dkr.ecr.eu-west-1.amazonaws.com/crm-api"

_td(images) := fx.resource("aws_ecs_task_definition.api", {"container_definitions": json.marshal([{"name": concat("", ["c", format_int(i, 10)]), "image": img} | some i, img in images])})

test_ecr_digest_passes if {
	count(rule.deny) == 0 with input as fx.model([_td([concat("", [_ecr, _digest])])])
}

test_stack_repository_digest_passes if {
	count(rule.deny) == 0 with input as fx.model([_td([concat("", ["${aws_ecr_repository.api.repository_url}", _digest])])])
}

test_tag_fails if {
	some f in rule.deny with input as fx.model([_td([concat("", [_ecr, ":1.4.2"])])])
	f.resource == "aws_ecs_task_definition.api"
	contains(f.message, "container `c0` uses image")
	contains(f.message, "by tag")
}

test_stack_repository_without_digest_fails if {
	count(rule.deny) == 1 with input as fx.model([_td(["${aws_ecr_repository.api.repository_url}"])])
}

test_docker_hub_fails_twice if {
	fs := rule.deny with input as fx.model([_td(["nginx:latest"])])
	count(fs) == 2
	some f in fs
	contains(f.message, "from registry docker.io")
}

test_docker_hub_digest_fails_registry_only if {
	some f in rule.deny with input as fx.model([_td([concat("", ["library/nginx", _digest])])])
	contains(f.message, "from registry docker.io")
}

test_ecr_outside_allowed_regions_fails if {
	img := concat("", ["123456789012.dkr.ecr.us-east-1.amazonaws.com/api", _digest])
	count(rule.deny) == 1 with input as fx.model([_td([img])])
}

test_unapproved_account_fails if {
	cfg := object.union(data.config, {"approved_accounts": ["210987654321"]})
	count(rule.deny) == 1 with input as fx.model([_td([concat("", [_ecr, _digest])])]) with data.config as cfg
}

test_approved_registry_glob_passes if {
	cfg := object.union(data.config, {"approved_image_registries": ["registry.*.example.com"]})
	img := concat("", ["registry.eu.example.com/crm/api", _digest])
	count(rule.deny) == 0 with input as fx.model([_td([img])]) with data.config as cfg
}

test_variable_image_unverifiable if {
	fs := rule.deny with input as fx.model([_td(["${var.api_image}"])])
	count(fs) == 1
	some f in fs
	f.unverifiable == true
}

test_variable_digest_unverifiable if {
	some f in rule.deny with input as fx.model([_td([concat("", [_ecr, "@${var.digest}"])])])
	f.unverifiable == true
}

test_variable_registry_with_digest_unverifiable if {
	some f in rule.deny with input as fx.model([_td([concat("", ["${var.registry}/api", _digest])])])
	f.unverifiable == true
}

test_lambda_image_uri_fails if {
	fn := fx.resource("aws_lambda_function.f", {"package_type": "Image", "image_uri": concat("", [_ecr, ":latest"])})
	some f in rule.deny with input as fx.model([fn])
	contains(f.message, "`image_uri` uses image")
}

test_zip_lambda_ignored if {
	count(rule.deny) == 0 with input as fx.model([fx.resource("aws_lambda_function.f", {"filename": "f.zip"})])
}

test_opaque_definitions_unverifiable if {
	td := fx.resource("aws_ecs_task_definition.api", {"container_definitions": "${jsonencode(local.c)}"})
	some f in rule.deny with input as fx.model([td])
	f.unverifiable == true
}

test_approved_account_passes if {
	cfg := object.union(data.config, {"approved_accounts": ["123456789012"]})
	count(rule.deny) == 0 with input as fx.model([_td([concat("", [_ecr, _digest])])]) with data.config as cfg
}

test_registry_named_by_dot_colon_or_localhost if {
	fs := rule.deny with input as fx.model([_td([
		concat("", ["localhost/api", _digest]),
		concat("", ["registry:5000/api", _digest]),
		concat("", ["registry.example.com/api", _digest]),
		concat("", ["team/api", _digest]),
	])])
	msgs := {f.message | some f in fs}
	some m1 in msgs
	contains(m1, "from registry localhost,")
	some m2 in msgs
	contains(m2, "from registry registry:5000,")
	some m3 in msgs
	contains(m3, "from registry registry.example.com,")
	some m4 in msgs
	contains(m4, "from registry docker.io,")
	count(fs) == 4
}
