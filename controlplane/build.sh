#!/usr/bin/env bash
# Builds the local control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl,
# kwok, kwokctl) from their published Go modules into .cache/controlplane/<k8s-version>/, once.
# A cold build takes about 11 minutes on 2 cores; later runs find the binaries and return at once.
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-v1.35.4}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.16}"
KWOK_VERSION="${KWOK_VERSION:-v0.7.0}"

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${CONTROLPLANE_BIN_DIR:-$root/.cache/controlplane/$K8S_VERSION}"
mkdir -p "$out"
export GOFLAGS="${GOFLAGS:--mod=mod}"
export CGO_ENABLED=0

start=$(date +%s)
step() { printf '[controlplane %4ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }

have_all() {
  for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok kwokctl; do
    [ -x "$out/$b" ] || return 1
  done
}
if have_all; then step "binaries present in $out"; exit 0; fi

# k8s.io/kubernetes requires every staging module at v0.0.0; pin each one to the matching v0.x.y.
pin_kubernetes() {
  cd "$here/kubernetes"
  local modfile staging
  modfile=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')
  staging="v0.${K8S_VERSION#v1.}"
  go mod edit -require "k8s.io/kubernetes@$K8S_VERSION"
  grep -E '^\s+k8s\.io/[a-z0-9-]+ v0\.0\.0$' "$modfile" | awk '{print $1}' | sort -u | while read -r m; do
    go mod edit -replace "$m=$m@$staging"
  done
}

if [ ! -x "$out/kube-apiserver" ] || [ ! -x "$out/kubectl" ]; then
  step "resolving k8s.io/kubernetes $K8S_VERSION"
  grep -q "k8s.io/kubernetes $K8S_VERSION" "$here/kubernetes/go.mod" || pin_kubernetes
  cd "$here/kubernetes"
  [ -s go.sum ] || go mod tidy
  minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
  ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
  for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    if [ ! -x "$out/$cmd" ]; then
      step "building $cmd (the first one takes several minutes)"
      go build -trimpath -ldflags "$ldflags" -o "$out/$cmd" "k8s.io/kubernetes/cmd/$cmd"
    fi
  done
fi

if [ ! -x "$out/etcd" ]; then
  step "building etcd $ETCD_VERSION"
  cd "$here/etcd"
  grep -q "go.etcd.io/etcd/server/v3 $ETCD_VERSION" go.mod || go mod edit -require "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
  [ -s go.sum ] || go mod tidy
  go build -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3
fi

if [ ! -x "$out/kwok" ] || [ ! -x "$out/kwokctl" ]; then
  step "building kwok and kwokctl $KWOK_VERSION"
  cd "$here/kwok"
  grep -q "sigs.k8s.io/kwok $KWOK_VERSION" go.mod || go mod edit -require "sigs.k8s.io/kwok@$KWOK_VERSION"
  [ -s go.sum ] || go mod tidy
  go build -trimpath -ldflags "-s -w" -o "$out/" sigs.k8s.io/kwok/cmd/kwok sigs.k8s.io/kwok/cmd/kwokctl
fi

have_all
step "control plane $K8S_VERSION ready in $out"
