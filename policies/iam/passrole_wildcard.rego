# METADATA
# title: iam:PassRole is never granted on Resource "*"
# description: >-
#   PassRole on "*" lets a principal hand any role (including an administrator role) to a service
#   it controls: privilege escalation. No Allow statement of an identity policy (the CRM-IAM-001
#   sources) that grants iam:PassRole (directly, through iam:*, iam:Pass*, *, or NotAction) may
#   apply to Resource "*" or NotResource; and role wildcards (arn:aws:iam::*:role/*,
#   arn:aws:iam::<account>:role/*) additionally need an iam:PassedToService condition. Specific
#   role ARNs, references and path wildcards inside a prefix pass. Unreadable documents and
#   resource lists known only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-IAM-003
#   severity: high
#   family: IAM
#   controls:
#     iso27001-2022: ["A.8.2?"]
#   remediation: >-
#     CDKTF: grant `iam:PassRole` only on the roles the workload launches (`resources:
#     [taskRole.arn]`) with a condition `{ test: "StringEquals", variable: "iam:PassedToService",
#     values: ["ecs-tasks.amazonaws.com"] }`.
#     Terraform: `"Resource": [aws_iam_role.<name>.arn]` and `"Condition": {"StringEquals":
#     {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}` on the PassRole statement.
package crm.rules.iam.passrole_wildcard

import data.crm.lib.iam
import data.crm.lib.tf

_role_wildcard(res) if regex.match(`^arn:[^:]*:iam::[^:]*:(role/)?\*$`, res)

_passes(s) if {
	iam.allow(s)
	iam.grants(s, "iam:PassRole")
}

_too_broad(s) if iam.all_resources(s)

_too_broad(s) if {
	some res in s.resources
	_role_wildcard(res)
	not iam.restricted(s, {"iam:passedtoservice"})
}

deny contains tf.finding(p.resource, msg) if {
	some p in iam.identity_policies
	some s in p.doc.statements
	_passes(s)
	_too_broad(s)
	msg := concat("", [
		iam.origin(p), " grants iam:PassRole on every role in ", iam.describe(s),
		"; name the role ARNs it may pass and add an `iam:PassedToService` condition",
	])
}

deny contains {"resource": p.resource.address, "message": msg, "unverifiable": true} if {
	some p in iam.identity_policies
	not p.doc.known
	msg := concat("", [iam.origin(p), " cannot be read before apply: ", p.doc.reason, "; it cannot be proven that it does not grant iam:PassRole on every role"])
}

deny contains {"resource": p.resource.address, "message": msg, "unverifiable": true} if {
	some p in iam.identity_policies
	some s in p.doc.statements
	_passes(s)
	not _too_broad(s)
	iam.resources_unknown(s)
	msg := concat("", [iam.origin(p), " grants iam:PassRole in ", iam.describe(s), " on resources known only after apply; it cannot be proven that they are specific roles"])
}
