#!/usr/bin/env bash
# Installs node modules when they are missing or older than package-lock.json, so that both of
# the README's commands work on a fresh clone. Idempotent and quick when nothing changed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
STEP=deps
cd "$ROOT"

command -v node >/dev/null || die "Node.js 20+ is required (not found on PATH)"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || die "Node.js 20+ is required, found $(node -v)"

marker=node_modules/.package-lock.json
if [ ! -f "$marker" ] || [ package-lock.json -nt "$marker" ]; then
  say "installing node modules (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$marker"
else
  say "node modules up to date"
fi
