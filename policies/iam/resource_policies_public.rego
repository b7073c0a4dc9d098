# METADATA
# title: Queue, topic, secret, repository and vault resource policies are not public
# description: >-
#   Each is a side door to PII-bearing payloads or credentials. The resource policies of SQS
#   (aws_sqs_queue_policy, aws_sqs_queue.policy), SNS (aws_sns_topic_policy, aws_sns_topic.policy),
#   Secrets Manager (aws_secretsmanager_secret_policy, aws_secretsmanager_secret.policy), ECR
#   (aws_ecr_repository_policy) and AWS Backup (aws_backup_vault_policy) must have no Allow to "*"
#   / {"AWS": "*"} / NotPrincipal without a restricting condition (aws:SourceVpce, aws:SourceVpc,
#   aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn, aws:SourceAccount, or SNS's
#   AWS:SourceOwner), the same test as CRM-IAM-012. Documents known only after apply are
#   unverifiable.
# scope: package
# custom:
#   id: CRM-IAM-013
#   severity: high
#   family: IAM
#   controls:
#     aws-fsbp: [SQS.3, SNS.4]
#     iso27001-2022: ["A.8.3?"]
#   remediation: >-
#     CDKTF: in SqsQueuePolicy / SnsTopicPolicy / SecretsmanagerSecretPolicy / EcrRepositoryPolicy /
#     BackupVaultPolicy documents name the principals (service principals with an aws:SourceArn
#     condition, account roles) instead of "*", or add an aws:PrincipalOrgID / aws:SourceAccount
#     condition.
#     Terraform: the same in the `policy` JSON of those resources.
package crm.rules.iam.resource_policies_public

import data.crm.lib.iam
import data.crm.lib.tf

_sources := [
	"aws_sqs_queue_policy", "aws_sqs_queue", "aws_sns_topic_policy", "aws_sns_topic",
	"aws_secretsmanager_secret_policy", "aws_secretsmanager_secret", "aws_ecr_repository_policy",
	"aws_backup_vault_policy",
]

_restricting := {
	"aws:sourcevpce", "aws:sourcevpc", "aws:principalorgid", "aws:principalaccount", "aws:sourcearn",
	"aws:sourceaccount", "aws:sourceowner",
}

_policies contains [r, iam.document(r, "policy")] if {
	some type in _sources
	some r in tf.resources(type)
}

deny contains tf.finding(r, msg) if {
	some [r, doc] in _policies
	some s in doc.statements
	iam.allow(s)
	iam.public_principal(s)
	not iam.restricted(s, _restricting)
	msg := concat("", [
		iam.origin({"resource": r, "attribute": "policy", "doc": doc}), " allows anyone in ", iam.describe(s),
		"; name the principals, or add an aws:SourceArn / aws:SourceAccount / aws:PrincipalOrgID condition",
	])
}

deny contains {"resource": r.address, "message": msg, "unverifiable": true} if {
	some [r, doc] in _policies
	not doc.known
	msg := concat("", ["`", r.address, "` `policy` cannot be read before apply: ", doc.reason, "; it cannot be proven that the resource policy is not public"])
}
