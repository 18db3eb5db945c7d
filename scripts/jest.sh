#!/usr/bin/env bash
# Runs jest on the pinned Node with native ES modules (Node needs --experimental-vm-modules for that).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pinned-node.sh
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning"
exec node node_modules/jest/bin/jest.js "$@"
