package crm.rules.supply_chain.ecr_repository_hardened_test

import data.crm.lib.fixtures as fx
import data.crm.rules.supply_chain.ecr_repository_hardened as rule

_good := {
	"image_scanning_configuration": {"scan_on_push": true},
	"image_tag_mutability": "IMMUTABLE",
	"encryption_configuration": [{"encryption_type": "KMS", "kms_key": "${aws_kms_key.k.arn}"}],
}

_repo(values) := fx.resource("aws_ecr_repository.app", object.union(_good, values))

test_hardened_repository_passes if {
	count(rule.deny) == 0 with input as fx.model([_repo({})])
}

test_defaults_fail_three_times if {
	count(rule.deny) == 3 with input as fx.model([fx.resource("aws_ecr_repository.app", {})])
}

test_no_scan_fails if {
	some f in rule.deny with input as fx.model([_repo({"image_scanning_configuration": [{"scan_on_push": false}]})])
	contains(f.message, "does not scan images on push")
}

test_enhanced_registry_scanning_passes if {
	reg := fx.resource("aws_ecr_registry_scanning_configuration.reg", {"scan_type": "ENHANCED", "rule": [{"scan_frequency": "CONTINUOUS_SCAN", "repository_filter": [{"filter": "*", "filter_type": "WILDCARD"}]}]})
	count(rule.deny) == 0 with input as fx.model([_repo({"image_scanning_configuration": null}), reg])
}

test_mutable_tags_fail if {
	some f in rule.deny with input as fx.model([_repo({"image_tag_mutability": "MUTABLE"})])
	contains(f.message, "`image_tag_mutability = \"MUTABLE\"`")
}

test_immutable_with_exclusion_passes if {
	count(rule.deny) == 0 with input as fx.model([_repo({"image_tag_mutability": "IMMUTABLE_WITH_EXCLUSION"})])
}

test_aes_fails if {
	some f in rule.deny with input as fx.model([_repo({"encryption_configuration": {"encryption_type": "AES256"}})])
	contains(f.message, "encrypts images with AES256")
}

test_unknown_mutability_unverifiable if {
	r := fx.with_unknown(_repo({"image_tag_mutability": "${var.m}"}), ["image_tag_mutability"])
	fs := rule.deny with input as fx.model([r])
	count(fs) == 1
	some f in fs
	f.unverifiable == true
}

test_unknown_scan_with_enhanced_registry_passes if {
	reg := fx.resource("aws_ecr_registry_scanning_configuration.reg", {"scan_type": "ENHANCED", "rule": {"scan_frequency": "SCAN_ON_PUSH"}})
	r := fx.with_unknown(_repo({"image_scanning_configuration": {"scan_on_push": "${var.s}"}}), ["image_scanning_configuration.scan_on_push"])
	count(rule.deny) == 0 with input as fx.model([r, reg])
}
