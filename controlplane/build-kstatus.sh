#!/usr/bin/env bash
# Builds the kstatus CLI (controlplane/kstatus: status.Compute of github.com/fluxcd/cli-utils, the kstatus
# Flux uses) into .cache/tools/kstatus-<version>/, once. Concurrent callers wait on a lock.
set -euo pipefail

CLI_UTILS_VERSION="${CLI_UTILS_VERSION:-v1.3.0}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${KSTATUS_BIN_DIR:-$root/.cache/tools/kstatus-$CLI_UTILS_VERSION}"
mkdir -p "$out"

exec 9>"$out/.lock"
flock 9
if [ -x "$out/kstatus" ]; then echo "[kstatus] $out/kstatus present"; exit 0; fi

start=$(date +%s)
export GOFLAGS="${GOFLAGS:--mod=mod}"
export CGO_ENABLED=0
cd "$here/kstatus"
grep -q "github.com/fluxcd/cli-utils $CLI_UTILS_VERSION" go.mod || go mod edit -require "github.com/fluxcd/cli-utils@$CLI_UTILS_VERSION"
[ -s go.sum ] || go mod tidy
echo "[kstatus] building kstatus (cli-utils $CLI_UTILS_VERSION)"
go build -trimpath -ldflags "-s -w" -o "$out/kstatus.partial" .
mv "$out/kstatus.partial" "$out/kstatus"
echo "[kstatus] $out/kstatus ready in $(( $(date +%s) - start )) s"
