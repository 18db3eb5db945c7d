#!/usr/bin/env bash
# Installs the npm dependencies, exactly as package-lock.json pins them (`npm ci`), when node_modules is
# missing, older than the lock, or lacks the pinned Node binary. The bootstrap may run on any npm (the
# system one on a fresh clone); everything after it runs on the pinned Node (scripts/pinned-node.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ ! -x node_modules/.bin/node ] ||
  [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[deps] npm ci"
  before=$(cksum package-lock.json)
  npm ci --no-audit --no-fund --loglevel=error
  # npm ci never writes the lock; if something did, the tree would no longer be what was tested.
  if [ "$(cksum package-lock.json)" != "$before" ]; then
    echo "[deps] package-lock.json changed during the install; commit the lock npm writes" >&2
    exit 1
  fi
fi
