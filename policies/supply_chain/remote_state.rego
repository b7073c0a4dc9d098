# METADATA
# title: Terraform state is stored remotely, encrypted and locked (cdk.tf.json only)
# description: >-
#   State holds every secret and resource detail of the PII stack. A synthesized configuration must
#   declare a remote backend: `remote` / `cloud` (HCP Terraform), or `s3` with `encrypt = true`, a
#   customer-managed `kms_key_id` and locking (`use_lockfile = true` or a `dynamodb_table`). No
#   backend (implicit local state) or a `local` backend fails; another backend type cannot be
#   checked and is unverifiable. Plan JSON carries no backend, so the control does not apply to
#   plans.
# scope: package
# custom:
#   id: CRM-SUP-008
#   severity: high
#   family: SUP
#   controls:
#     iso27001-2022: ["A.8.24?", "A.5.33?"]
#     gdpr: ["Art. 32?"]
#   remediation: >-
#     CDKTF: replace LocalBackend with `new S3Backend(this, { bucket: "crm-tfstate", key:
#     "<stack>.tfstate", region, encrypt: true, kmsKeyId: "<state key ARN>", useLockfile: true })`.
#     Terraform: `backend "s3" { bucket = "...", key = "...", encrypt = true, kms_key_id = "arn:aws:kms:...",
#     use_lockfile = true }` (or `dynamodb_table`).
package crm.rules.supply_chain.remote_state

_address := "terraform.backend"

_backend := input.terraform.backend

_true(v) if v == true

_true(v) if v == "true"

deny contains {"resource": _address, "message": msg} if {
	input.format != "plan"
	_backend == null
	msg := "the configuration declares no backend, so state (with every secret of the stack) is kept in a local file; configure an encrypted, locked S3 backend"
}

deny contains {"resource": _address, "message": msg} if {
	_backend.type == "local"
	msg := "the configuration uses the `local` backend, so state (with every secret of the stack) lives on one machine, unencrypted and unlocked; configure an encrypted, locked S3 backend"
}

_s3_gaps contains "`encrypt = true`" if not _true(object.get(_backend.config, "encrypt", false))

_s3_gaps contains "a customer-managed `kms_key_id`" if not _cmk(object.get(_backend.config, "kms_key_id", ""))

_s3_gaps contains "locking (`use_lockfile = true` or `dynamodb_table`)" if not _locked(_backend.config)

# Backend blocks cannot interpolate, so a customer-managed key is a literal key or alias ARN.
_cmk(v) if regex.match(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/.+`, v)

_locked(config) if _true(object.get(config, "use_lockfile", false))

_locked(config) if {
	is_string(config.dynamodb_table)
	config.dynamodb_table != ""
}

deny contains {"resource": "terraform.backend.s3", "message": msg} if {
	_backend.type == "s3"
	count(_s3_gaps) > 0
	msg := concat("", ["the S3 backend lacks ", concat(", ", sort(_s3_gaps)), "; state must be encrypted with your key and locked against concurrent writes"])
}

deny contains {"resource": _address, "message": msg, "unverifiable": true} if {
	not _backend.type in {"local", "s3", "remote", "cloud"}
	is_string(_backend.type)
	msg := concat("", ["the `", _backend.type, "` backend cannot be checked for encryption and locking; use S3 (encrypted, locked) or HCP Terraform"])
}
