package crm.rules.supply_chain.remote_state_test

import data.crm.lib.fixtures as fx
import data.crm.rules.supply_chain.remote_state as rule

_backend(b) := fx.model_with([], {"terraform": object.union(fx.model([]).terraform, {"backend": b})})

_s3(config) := _backend({"type": "s3", "config": object.union({"bucket": "crm-state", "key": "prod.tfstate"}, config)})

_key := "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

test_hardened_s3_passes if {
	count(rule.deny) == 0 with input as _s3({"encrypt": true, "kms_key_id": _key, "use_lockfile": true})
	count(rule.deny) == 0 with input as _s3({"encrypt": "true", "kms_key_id": _key, "dynamodb_table": "locks"})
}

test_remote_and_cloud_pass if {
	count(rule.deny) == 0 with input as _backend({"type": "remote", "config": {"organization": "crm"}})
	count(rule.deny) == 0 with input as _backend({"type": "cloud", "config": {}})
}

test_no_backend_fails if {
	some f in rule.deny with input as fx.model([])
	f.resource == "terraform.backend"
	contains(f.message, "declares no backend")
}

test_no_backend_not_applicable_to_plans if {
	count(rule.deny) == 0 with input as object.union(fx.model([]), {"format": "plan"})
}

test_local_backend_fails if {
	some f in rule.deny with input as _backend({"type": "local", "config": {"path": "terraform.tfstate"}})
	contains(f.message, "`local` backend")
}

test_plain_s3_lists_every_gap if {
	some f in rule.deny with input as _s3({})
	f.resource == "terraform.backend.s3"
	contains(f.message, "`encrypt = true`, a customer-managed `kms_key_id`, locking")
}

test_aws_managed_key_fails if {
	some f in rule.deny with input as _s3({"encrypt": true, "kms_key_id": "alias/aws/s3", "use_lockfile": true})
	contains(f.message, "customer-managed `kms_key_id`")
}

test_unknown_backend_type_unverifiable if {
	some f in rule.deny with input as _backend({"type": "consul", "config": {}})
	f.unverifiable == true
}
