# METADATA
# title: Customer policies avoid service-wide wildcards
# description: >-
#   `s3:*`, `kms:*`, `iam:*`, `secretsmanager:*`, `rds:*` grant destructive and exfiltration
#   actions the CRM does not need. No Allow statement of a customer-managed or inline identity
#   policy (the CRM-IAM-001 sources) may list a service-wide wildcard action (`<service>:*`, or
#   the all-services `*` / `*:*`), nor use NotAction, which grants everything it does not name.
#   Unreadable documents and action lists known only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-IAM-002
#   severity: medium
#   family: IAM
#   controls:
#     aws-fsbp: [IAM.21]
#     iso27001-2022: ["A.8.2?", "A.5.18?"]
#     gdpr: ["Art. 25?"]
#   remediation: >-
#     CDKTF: in the policy document replace `"s3:*"`-style entries with the specific actions
#     (e.g. `["s3:GetObject", "s3:PutObject"]`) and avoid `notActions`.
#     Terraform: list explicit actions in `Action` / `actions` instead of `<service>:*`.
package crm.rules.iam.no_service_wildcards

import data.crm.lib.iam
import data.crm.lib.tf

_wildcards(s) := [a | some a in s.actions; regex.match(`^([A-Za-z0-9-]+|\*):\*$|^\*$`, a)]

deny contains tf.finding(p.resource, msg) if {
	some p in iam.identity_policies
	some s in p.doc.statements
	iam.allow(s)
	count(_wildcards(s)) > 0
	msg := concat("", [
		iam.origin(p), " allows service-wide wildcard actions ", json.marshal(_wildcards(s)), " in ", iam.describe(s),
		"; list the specific actions the workload needs",
	])
}

deny contains tf.finding(p.resource, msg) if {
	some p in iam.identity_policies
	some s in p.doc.statements
	iam.allow(s)
	count(s.not_actions) > 0
	msg := concat("", [
		iam.origin(p), " allows every action except ", json.marshal(s.not_actions), " (NotAction) in ", iam.describe(s),
		"; use an explicit Action list instead",
	])
}

deny contains {"resource": p.resource.address, "message": msg, "unverifiable": true} if {
	some p in iam.identity_policies
	not p.doc.known
	msg := concat("", [iam.origin(p), " cannot be read before apply: ", p.doc.reason, "; it cannot be proven that it avoids service-wide wildcard actions"])
}

deny contains {"resource": p.resource.address, "message": msg, "unverifiable": true} if {
	some p in iam.identity_policies
	some s in p.doc.statements
	iam.allow(s)
	iam.actions_unknown(s)
	msg := concat("", [iam.origin(p), " has ", iam.describe(s), " with actions known only after apply; it cannot be proven that it avoids service-wide wildcards"])
}
