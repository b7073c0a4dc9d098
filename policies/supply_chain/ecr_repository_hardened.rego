# METADATA
# title: Container registries scan on push, keep tags immutable and use KMS
# description: >-
#   Vulnerable or swapped images are a direct path into the application tier. Every
#   aws_ecr_repository must scan images (`image_scanning_configuration.scan_on_push = true`, or an
#   aws_ecr_registry_scanning_configuration in its region with `scan_type = "ENHANCED"` and a
#   CONTINUOUS_SCAN or SCAN_ON_PUSH rule), keep tags immutable (`image_tag_mutability` IMMUTABLE or
#   IMMUTABLE_WITH_EXCLUSION; the default is MUTABLE) and encrypt with KMS
#   (`encryption_configuration.encryption_type` KMS or KMS_DSSE; the default is AES256). Values known
#   only after apply are unverifiable.
# scope: package
# custom:
#   id: CRM-SUP-005
#   severity: medium
#   family: SUP
#   controls:
#     aws-fsbp: [ECR.1, ECR.2]
#     iso27001-2022: ["A.8.8?", "A.5.21?"]
#   remediation: >-
#     CDKTF: EcrRepository with `imageScanningConfiguration: { scanOnPush: true }`,
#     `imageTagMutability: "IMMUTABLE"`, `encryptionConfiguration: [{ encryptionType: "KMS", kmsKey:
#     key.arn }]`. Terraform: `image_scanning_configuration { scan_on_push = true }`,
#     `image_tag_mutability = "IMMUTABLE"`, `encryption_configuration { encryption_type = "KMS",
#     kms_key = aws_kms_key.<name>.arn }`.
package crm.rules.supply_chain.ecr_repository_hardened

import data.crm.lib.tf

_enhanced_regions contains c.region if {
	some c in tf.resources("aws_ecr_registry_scanning_configuration")
	c.values.scan_type == "ENHANCED"
	some rule in tf.blocks(object.get(c.values, "rule", []))
	rule.scan_frequency in {"CONTINUOUS_SCAN", "SCAN_ON_PUSH"}
}

_scans(repo) if {
	some s in tf.blocks(object.get(repo.values, "image_scanning_configuration", []))
	s.scan_on_push == true
}

_scans(repo) if repo.region in _enhanced_regions

_immutable := {"IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"}

_kms := {"KMS", "KMS_DSSE"}

_encryption_type(repo) := object.get(c, "encryption_type", "AES256") if {
	some c in tf.blocks(object.get(repo.values, "encryption_configuration", []))
}

_encryption_type(repo) := "AES256" if count(tf.blocks(object.get(repo.values, "encryption_configuration", []))) == 0

deny contains tf.finding(repo, msg) if {
	some repo in tf.resources("aws_ecr_repository")
	not _scans(repo)
	not tf.unknown(repo, "image_scanning_configuration.scan_on_push")
	msg := concat("", ["`", repo.address, "` does not scan images on push (", tf.show(object.get(repo.values, "image_scanning_configuration", null)), "); set `image_scanning_configuration { scan_on_push = true }` or enable enhanced registry scanning"])
}

deny contains tf.finding(repo, msg) if {
	some repo in tf.resources("aws_ecr_repository")
	not tf.unknown(repo, "image_tag_mutability")
	not tf.value(repo, "image_tag_mutability", "MUTABLE") in _immutable
	msg := concat("", ["`", repo.address, "` has ", tf.shown(repo, "image_tag_mutability"), " (default MUTABLE), so a reviewed tag can be repointed; set it to \"IMMUTABLE\""])
}

deny contains tf.finding(repo, msg) if {
	some repo in tf.resources("aws_ecr_repository")
	not tf.unknown(repo, "encryption_configuration.encryption_type")
	not _encryption_type(repo) in _kms
	msg := concat("", ["`", repo.address, "` encrypts images with ", _encryption_type(repo), "; set `encryption_configuration { encryption_type = \"KMS\", kms_key = <customer-managed key> }`"])
}

deny contains {"resource": repo.address, "message": msg, "unverifiable": true} if {
	some repo in tf.resources("aws_ecr_repository")
	some attr in ["image_scanning_configuration.scan_on_push", "image_tag_mutability", "encryption_configuration.encryption_type"]
	tf.unknown(repo, attr)
	not _scans_known_ok(repo, attr)
	msg := concat("", ["`", repo.address, "` sets `", attr, "` from an expression known only after apply, so the repository's hardening cannot be verified"])
}

# Enhanced registry scanning makes an unknown scan_on_push irrelevant.
_scans_known_ok(repo, "image_scanning_configuration.scan_on_push") if repo.region in _enhanced_regions
