#!/usr/bin/env bash
# Builds helm from its published Go module (helm.sh/helm/v3/cmd/helm) into .cache/tools/helm-<version>/,
# once; later runs find the binary and return at once. Concurrent callers wait on a lock.
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-v3.22.0}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${HELM_BIN_DIR:-$root/.cache/tools/helm-$HELM_VERSION}"
mkdir -p "$out"

exec 9>"$out/.lock"
flock 9
if [ -x "$out/helm" ]; then echo "[helm] $out/helm present"; exit 0; fi

start=$(date +%s)
export GOFLAGS="${GOFLAGS:--mod=mod}"
export CGO_ENABLED=0
cd "$here/helm"
grep -q "helm.sh/helm/v3 $HELM_VERSION" go.mod || go mod edit -require "helm.sh/helm/v3@$HELM_VERSION"
[ -s go.sum ] || go mod tidy
# As helm's Makefile does: stamp the version, and the Kubernetes version of its client libraries as the
# default .Capabilities.KubeVersion of `helm template` (else v1.20, below the chart's kubeVersion).
k8s_minor=$(go list -m -f '{{.Version}}' k8s.io/client-go | cut -d. -f2)
ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
for pkg in helm.sh/helm/v3/pkg/chartutil helm.sh/helm/v3/pkg/lint/rules; do
  ldflags="$ldflags -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$k8s_minor"
done
echo "[helm] building helm $HELM_VERSION (a cold build takes several minutes)"
go build -trimpath -ldflags "$ldflags" -o "$out/helm.partial" helm.sh/helm/v3/cmd/helm
mv "$out/helm.partial" "$out/helm"
echo "[helm] $out/helm ready in $(( $(date +%s) - start )) s"
