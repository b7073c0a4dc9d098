# METADATA
# title: Workloads reference images by digest from approved registries
# description: >-
#   Tags (especially `latest`) can be repointed after review. Every container image of an
#   aws_ecs_task_definition (`container_definitions` JSON) and every `image_uri` of an
#   aws_lambda_function with `package_type = "Image"` must be pinned by digest (`@sha256:<64 hex>`)
#   and come from an approved registry: a private ECR registry (`<account>.dkr.ecr.<region>.amazonaws.com`)
#   in `allowed_regions` (and in `approved_accounts` when that list is set), an aws_ecr_repository of the
#   stack, or a host matching `approved_image_registries` (globs, `*` within one DNS label). An image
#   or digest from a variable is unverifiable (CI usually injects digests).
# scope: package
# custom:
#   id: CRM-SUP-006
#   severity: medium
#   family: SUP
#   controls:
#     iso27001-2022: ["A.5.21?", "A.8.32?"]
#   remediation: >-
#     CDKTF: build container definitions with `image: `${repo.repositoryUrl}@${digest}`` where the
#     digest comes from the CI build (or a DataAwsEcrImage `imageDigest`); Lambda `imageUri` likewise.
#     Terraform: `image = "${aws_ecr_repository.api.repository_url}@sha256:<digest>"`,
#     `image_uri = "<account>.dkr.ecr.<region>.amazonaws.com/api@sha256:<digest>"`.
package crm.rules.supply_chain.image_digest_pinned

import data.crm.lib.jsondoc
import data.crm.lib.tf

# Images to check: [address, label, image] (addresses: a set of whole resources would hash every value).
# [task definition, [parsed container_definitions] or [] when not valid JSON], parsed once per
# task definition: one lookup of the whole text (wasm memoizes rules, never function calls).
_definitions := [[td, _parsed(td)] | some td in tf.resources("aws_ecs_task_definition")]

_parsed(td) := [d] if {
	d := jsondoc.parse(object.get(td.values, "container_definitions", null))
} else := []

# [resource, label, image] of every container and Lambda image (a list: iterating a set of
# arrays hashes each element again).
_images := array.concat(
	[[td.address, concat("", ["container `", object.get(c, "name", "?"), "`"]), c.image] |
		some [td, parsed] in _definitions
		some d in parsed
		some c in d
		is_string(c.image)
	],
	[[fn.address, "`image_uri`", fn.values.image_uri] |
		some fn in tf.resources("aws_lambda_function")
		fn.values.package_type == "Image"
		is_string(fn.values.image_uri)
	],
)

# Each regular expression below needs a literal that a cheap string test looks for first.
_whole_expression(img) if {
	startswith(img, "${")
	endswith(img, "}")
	regex.match(`^\$\{[^}]*\}$`, img)
}

_stack_ecr(s) if {
	contains(s, "aws_ecr_repository.")
	regex.match(`^\$\{(data\.)?aws_ecr_repository\.[A-Za-z0-9_-]+\.repository_url\}`, s)
}

# Digest status: ok, missing or unknown (a pinned image is never unknown: it ends with the digest).
_digest(img) := "ok" if {
	contains(img, "@sha256:")
	regex.match(`@sha256:[a-f0-9]{64}$`, img)
} else := "unknown" if {
	_digest_unknown(img)
} else := "missing"

_digest_unknown(img) if {
	_whole_expression(img)
	not _stack_ecr(img)
}

_digest_unknown(img) if {
	contains(img, "@")
	parts := split(img, "@")
	contains(parts[count(parts) - 1], "${")
}

# The first path segment names a registry when it has a dot or a colon or is localhost.
_host(img) := first if {
	parts := split(img, "/")
	count(parts) > 1
	first := parts[0]
	_registry_name(first)
} else := "docker.io"

_registry_name(s) if contains(s, ".")

_registry_name(s) if contains(s, ":")

_registry_name(s) if s == "localhost"

_allowed_regions := {r | some r in data.config.allowed_regions}

_ecr_ok(host) if {
	contains(host, ".dkr.ecr.")
	m := regex.find_all_string_submatch_n(`^([0-9]{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$`, host, 1)
	count(m) > 0
	m[0][2] in _allowed_regions
	_account_ok(m[0][1])
}

_account_ok(_) if count(object.get(data.config, "approved_accounts", [])) == 0

_account_ok(account) if account in object.get(data.config, "approved_accounts", [])

# Registry status: ok, unapproved or unknown (a stack ECR repository's URL is an expression too).
_registry(img) := "ok" if {
	_stack_ecr(img)
} else := "unknown" if {
	startswith(img, "${")
} else := "ok" if {
	_host_ok(_host(img))
} else := "unapproved"

_host_ok(host) if _ecr_ok(host)

_host_ok(host) if {
	some pattern in data.config.approved_image_registries
	glob.match(pattern, ["."], host)
}

deny contains {"resource": a, "message": msg} if {
	some [a, label, img, "missing", _] in _judged
	msg := concat("", [
		"`", a, "` ", label, " uses image \"", img, "\" by tag, which can be repointed after review;",
		" reference it by digest (`@sha256:<digest>`)",
	])
}

deny contains {"resource": a, "message": msg} if {
	some [a, label, img, _, "unapproved"] in _judged
	msg := concat("", [
		"`", a, "` ", label, " pulls image \"", img, "\" from registry ", _host(img),
		", which is neither a private ECR registry in allowed_regions nor in approved_image_registries; mirror the image into your ECR",
	])
}

deny contains {"resource": a, "message": msg, "unverifiable": true} if {
	some [a, label, img, digest, registry] in _judged
	_unknown(digest, registry)
	msg := concat("", [
		"`", a, "` ", label, " takes its image from \"", img, "\", known only after apply, so it cannot be proven",
		" that it is pinned by digest to an approved registry",
	])
}

_unknown("unknown", _)

_unknown(digest, "unknown") if digest != "unknown"

# Each distinct image judged once (images repeat across task definitions; wasm does not memoize
# function calls).
_image_values := {img | some [_, _, img] in _images}

_digest_of[img] := _digest(img) if some img in _image_values

_registry_of[img] := _registry(img) if some img in _image_values

# [resource, label, image, digest verdict, registry verdict]: each image's verdicts looked up once.
_judged := [[a, label, img, _digest_of[img], _registry_of[img]] | some [a, label, img] in _images]

deny contains {"resource": td.address, "message": msg, "unverifiable": true} if {
	some [td, []] in _definitions
	msg := concat("", ["`", td.address, "` builds `container_definitions` from an expression known only after apply, so its images cannot be checked for digests"])
}
