#!/usr/bin/env bash
# Starts or stops the local infrastructure the way the machine allows: Docker Compose when a
# Docker engine answers, else the native infra/local scripts. Same services and ports either way.
# usage: local-infra.sh up|down
set -euo pipefail
source "$(dirname "$0")/lib.sh"
STEP=infra
cd "$ROOT"
action=${1:?usage: local-infra.sh up|down}
if docker info >/dev/null 2>&1; then
  say "Docker engine found: docker compose $action"
  if [ "$action" = up ]; then docker compose up -d --wait postgres redis unleash kafka connect; else docker compose down; fi
else
  say "no Docker engine: infra/local/$action.sh"
  bash "infra/local/$action.sh"
fi
