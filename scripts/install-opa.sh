#!/usr/bin/env bash
# Installs the pinned OPA CLI into .tools/bin (git-ignored), built from the Go module proxy.
# Idempotent: an existing binary of the pinned version is reused.
set -euo pipefail

OPA_VERSION="${OPA_VERSION:-v1.22.3}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin_dir="$root/.tools/bin"
opa="$bin_dir/opa"

# Capture the output first: with pipefail, `opa version | grep -q` fails when grep exits early.
installed="$([ -x "$opa" ] && "$opa" version 2>/dev/null || true)"
if printf '%s\n' "$installed" | grep -qx "Version: ${OPA_VERSION#v}"; then
  echo "opa ${OPA_VERSION} already installed at .tools/bin/opa"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "error: Go is not installed; the OPA CLI ${OPA_VERSION} is built with 'go install' from the Go module proxy." >&2
  echo "       Install Go >= 1.24 (https://go.dev/doc/install) and run: npm run opa:install" >&2
  exit 2
fi

mkdir -p "$bin_dir"
echo "building opa ${OPA_VERSION} with $(go version | cut -d' ' -f3) (first time takes a few minutes)..."
CGO_ENABLED=0 GOBIN="$bin_dir" GOFLAGS="${GOFLAGS:-} -trimpath" \
  go install "github.com/open-policy-agent/opa@${OPA_VERSION}"
out="$("$opa" version)"
printf '%s\n' "${out%%$'\n'*}"
