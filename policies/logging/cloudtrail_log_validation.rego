# METADATA
# title: CloudTrail log file validation is on
# description: >-
#   Digest files let an auditor detect tampering with audit evidence. Every aws_cloudtrail must set
#   `enable_log_file_validation = true` (the default is false). A value known only after apply is
#   unverifiable.
# scope: package
# custom:
#   id: CRM-LOG-002
#   severity: medium
#   family: LOG
#   controls:
#     aws-fsbp: [CloudTrail.4]
#     cis-aws-3.0: ["3.2"]
#     iso27001-2022: [A.8.15]
#     gdpr: [Art. 32]
#   remediation: >-
#     CDKTF: on Cloudtrail set `enableLogFileValidation: true`. Terraform:
#     `enable_log_file_validation = true`.
package crm.rules.logging.cloudtrail_log_validation

import data.crm.lib.tf

deny contains tf.finding(t, msg) if {
	some t in tf.resources("aws_cloudtrail")
	not tf.unknown(t, "enable_log_file_validation")
	tf.value(t, "enable_log_file_validation", false) != true
	msg := concat("", ["`", t.address, "` has ", tf.shown(t, "enable_log_file_validation"), "; set it to true so log tampering is detectable"])
}

deny contains tf.unverifiable(t, "enable_log_file_validation", "log file validation is on") if {
	some t in tf.resources("aws_cloudtrail")
	tf.unknown(t, "enable_log_file_validation")
}
