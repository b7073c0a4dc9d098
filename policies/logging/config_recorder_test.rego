package crm.rules.logging.config_recorder_test

import data.crm.lib.fixtures as fx
import data.crm.rules.logging.config_recorder as rule

_bucket := fx.resource("aws_s3_bucket.b", {})

_recorder(values) := fx.resource("aws_config_configuration_recorder.main", object.union({"name": "crm"}, values))

_status(enabled) := fx.with_refs(fx.resource("aws_config_configuration_recorder_status.main", {"name": "${aws_config_configuration_recorder.main.name}", "is_enabled": enabled}), {"name": ["aws_config_configuration_recorder.main"]})

_channel := fx.resource("aws_config_delivery_channel.main", {"s3_bucket_name": "crm-config"})

test_complete_setup_passes if {
	count(rule.deny) == 0 with input as fx.model([_bucket, _recorder({"recording_group": {"all_supported": true}}), _status(true), _channel])
}

test_missing_recorder_fails if {
	some f in rule.deny with input as fx.model([_bucket])
	f.resource == "provider.aws"
	contains(f.message, "region eu-west-1")
}

test_external_baseline_not_applicable if {
	count(rule.deny) == 0 with input as fx.model([_bucket]) with data.config.account_baseline_external as true
}

test_partial_recording_fails if {
	some f in rule.deny with input as fx.model([_bucket, _recorder({"recording_group": [{"all_supported": false}]}), _status(true), _channel])
	contains(f.message, "`recording_group.all_supported = false`")
}

test_missing_status_fails if {
	some f in rule.deny with input as fx.model([_bucket, _recorder({}), _channel])
	contains(f.message, "never starts recording")
}

test_status_by_literal_name_passes if {
	s := fx.resource("aws_config_configuration_recorder_status.main", {"name": "crm", "is_enabled": true})
	count(rule.deny) == 0 with input as fx.model([_bucket, _recorder({}), s, _channel])
}

test_disabled_status_fails if {
	some f in rule.deny with input as fx.model([_bucket, _recorder({}), _status(false), _channel])
	f.resource == "aws_config_configuration_recorder.main"
	contains(f.message, "`is_enabled = false`")
}

test_missing_channel_fails if {
	some f in rule.deny with input as fx.model([_bucket, _recorder({}), _status(true)])
	contains(f.message, "no aws_config_delivery_channel")
}

test_unknown_values_unverifiable if {
	s := fx.with_unknown(_status("${var.on}"), ["is_enabled"])
	r := fx.with_unknown(_recorder({"recording_group": {"all_supported": "${var.all}"}}), ["recording_group.all_supported"])
	fs := rule.deny with input as fx.model([_bucket, r, s, _channel])
	count(fs) == 2
	every f in fs {
		f.unverifiable == true
	}
}
