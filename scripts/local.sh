#!/usr/bin/env bash
# Local mode: installs what it needs, then starts a Kubernetes control plane, the AKS simulator and the
# operator on this machine, and keeps them running until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
source scripts/pinned-node.sh
bash controlplane/build.sh
exec npx tsx scripts/local.ts "$@"
