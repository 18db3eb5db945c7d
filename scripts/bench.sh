#!/usr/bin/env bash
# The benchmark command: installs what it needs (npm packages, the control plane binaries), then runs the
# benchmark scenarios and prints each figure beside its target. Arguments choose scenarios (default: all).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
source scripts/pinned-node.sh
bash controlplane/build.sh
exec npx tsx bench/run.ts "$@"
