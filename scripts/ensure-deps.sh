#!/usr/bin/env bash
# Installs the npm dependencies when node_modules is missing or older than package-lock.json.
# `npm install` rather than `npm ci`: npm 11 leaves the optional per-platform packages of
# unrs-resolver (used by jest) out of the lock it writes and then refuses `npm ci` on that lock;
# `npm install` still installs the versions the lock pins.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[deps] npm install"
  npm install --no-audit --no-fund --loglevel=error
fi
