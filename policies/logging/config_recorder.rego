# METADATA
# title: AWS Config records all resources in every region in use
# description: >-
#   Configuration history is the evidence for audits and drift detection. Every region where the
#   stack deploys regional resources needs an aws_config_configuration_recorder recording all
#   supported resource types (`recording_group.all_supported` true, the default), an
#   aws_config_configuration_recorder_status for it (`name` bound to the recorder by reference or
#   literal name) with `is_enabled = true`, and an aws_config_delivery_channel with an
#   `s3_bucket_name`. Existence control: when `account_baseline_external` is true, missing recorders
#   are not reported (a recorder the stack declares is still checked). Values known only after apply
#   are unverifiable.
# scope: package
# custom:
#   id: CRM-LOG-013
#   severity: medium
#   family: LOG
#   controls:
#     aws-fsbp: [Config.1]
#     cis-aws-3.0: ["3.3"]
#     iso27001-2022: ["A.8.9?"]
#     gdpr: [Art. 30]
#   remediation: >-
#     CDKTF: per region add ConfigConfigurationRecorder (`roleArn`, `recordingGroup: { allSupported:
#     true, includeGlobalResourceTypes: <true in one region> }`), ConfigDeliveryChannel
#     (`s3BucketName: configBucket.id`) and ConfigConfigurationRecorderStatus (`name: recorder.name,
#     isEnabled: true, dependsOn: [channel]`). Terraform: `aws_config_configuration_recorder`,
#     `aws_config_delivery_channel` and `aws_config_configuration_recorder_status { is_enabled = true }`.
package crm.rules.logging.config_recorder

import data.crm.lib.regions
import data.crm.lib.tf

_recorders := tf.resources("aws_config_configuration_recorder")

_recorder_regions := {r.region | some r in _recorders}

# [provider, region, name] -> the recorders declaring it: names are unique per account and region, and
# two accounts (provider aliases) may use the same one; a set never aborts on a repeated name.
_recorder_names[[r.provider, r.region, r.values.name]] contains r.address if {
	some r in _recorders
	is_string(r.values.name)
}

# Recorder address -> the status resources that control it (by reference, else by literal name).
_statuses[recorder] contains s.address if {
	some s in tf.resources("aws_config_configuration_recorder_status")
	some recorder in _controlled(s)
}

_controlled(s) := refs if {
	refs := [a | some a in tf.refs(s, "name"); input.resources[a].type == "aws_config_configuration_recorder"]
	count(refs) > 0
}

_controlled(s) := [a | some a in _recorder_names[[s.provider, s.region, s.values.name]]] if {
	count([a | some a in tf.refs(s, "name"); input.resources[a].type == "aws_config_configuration_recorder"]) == 0
}

_status_of(r) := [input.resources[a] | some a in object.get(_statuses, r.address, set())]

_channel_regions := {c.region |
	some c in tf.resources("aws_config_delivery_channel")
	is_string(c.values.s3_bucket_name)
	c.values.s3_bucket_name != ""
}

deny contains {"resource": regions.anchor(region), "message": msg} if {
	not regions.external
	some region in regions.in_use
	not region in _recorder_regions
	msg := concat("", [
		"region ", region, " hosts resources of this stack but has no aws_config_configuration_recorder; record all",
		" resource types there (or set account_baseline_external when an account baseline owns AWS Config)",
	])
}

deny contains tf.finding(r, msg) if {
	some r in _recorders
	some g in tf.blocks(object.get(r.values, "recording_group", []))
	g.all_supported == false
	msg := concat("", ["`", r.address, "` has `recording_group.all_supported = false`; record all supported resource types"])
}

deny contains {"resource": r.address, "message": msg, "unverifiable": true} if {
	some r in _recorders
	tf.unknown(r, "recording_group.all_supported")
	msg := concat("", ["`", r.address, "` sets `recording_group.all_supported` from an expression known only after apply, so it cannot be proven that all resource types are recorded"])
}

deny contains tf.finding(r, msg) if {
	some r in _recorders
	count(_status_of(r)) == 0
	msg := concat("", ["`", r.address, "` has no aws_config_configuration_recorder_status, so it never starts recording; add one with `is_enabled = true`"])
}

deny contains tf.finding(r, msg) if {
	some r in _recorders
	some s in _status_of(r)
	not tf.unknown(s, "is_enabled")
	s.values.is_enabled != true
	msg := concat("", ["`", r.address, "` is stopped: `", s.address, "` has ", tf.shown(s, "is_enabled"), "; set it to true"])
}

deny contains object.union(tf.unverifiable(s, "is_enabled", "the recorder is running"), {"resource": r.address}) if {
	some r in _recorders
	some s in _status_of(r)
	tf.unknown(s, "is_enabled")
}

deny contains tf.finding(r, msg) if {
	some r in _recorders
	not r.region in _channel_regions
	msg := concat("", ["`", r.address, "` has no aws_config_delivery_channel with an `s3_bucket_name` in its region, so configuration history is not delivered; add one"])
}
