#!/usr/bin/env bash
# The test command: installs what it needs (npm packages, the control plane binaries), then type-checks,
# lints and runs the unit and integration tests on the pinned Node. Extra arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
source scripts/pinned-node.sh
bash controlplane/build.sh
bash controlplane/build-helm.sh
bash controlplane/build-kstatus.sh
echo "[test] typecheck"; npx tsc -p tsconfig.json --noEmit
echo "[test] lint"; npx eslint . --max-warnings=0 && npx prettier --check . >/dev/null
echo "[test] jest"; bash scripts/jest.sh "$@"
