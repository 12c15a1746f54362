#!/usr/bin/env bash
# `npm run start:local` (= `task start-local`): installs what is missing, starts the local
# infrastructure, runs the deploy steps a cluster runs as Jobs (migrate, provision-topics,
# register-connector), then runs all six apps from source and reports when each is ready.
# Ctrl-C stops the apps; the infrastructure keeps running (`npm run infra:down` stops it).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
export STARTED_AT
cd "$ROOT"

# Taskfile's start-local has done these already as its deps.
# Under Docker Compose, Kafka Connect reaches Postgres by its service name.
if docker info >/dev/null 2>&1; then export CONNECT_DATABASE_HOST=postgres; fi
if [ "${SKIP_SETUP:-0}" != 1 ]; then
  bash scripts/ensure-deps.sh
  bash scripts/local-infra.sh up
fi

# What the Helm chart's Jobs do before and after a deploy; no app does it at boot.
for step in migrate provision-topics register-connector; do
  STEP=$step; say "my-service:$step (apps/my-service/src/$step.ts)"
  node -r ./tools/testing/register.js "apps/my-service/src/$step.ts"
done

STEP=apps; say "starting apps (nx run-many -t serve)"
npx nx run-many -t serve --parallel=6 --outputStyle=stream &
apps_pid=$!
trap 'kill -- -$apps_pid 2>/dev/null || kill $apps_pid 2>/dev/null; wait $apps_pid 2>/dev/null' INT TERM EXIT

# Ports of the dev config (libs/platform/config/src/lib/dev.config.ts).
declare -A PORTS=(
  [my-service]=3000 [my-service-web]=3001 [my-service-graphql]=3002
  [my-service-rpc]=3003 [my-service-events-consumers]=3004 [my-service-worker]=3005
)
pending=("${!PORTS[@]}")
deadline=$(($(date +%s) + ${APPS_READY_TIMEOUT:-180}))
while [ ${#pending[@]} -gt 0 ]; do
  kill -0 $apps_pid 2>/dev/null || die "apps exited before all were ready"
  [ "$(date +%s)" -lt "$deadline" ] || die "not ready in time: ${pending[*]}"
  still=()
  for app in "${pending[@]}"; do
    if curl -fsS -o /dev/null "http://127.0.0.1:${PORTS[$app]}/health/ready" 2>/dev/null; then
      say "$app ready on http://127.0.0.1:${PORTS[$app]}/health/ready"
    else
      still+=("$app")
    fi
  done
  pending=("${still[@]+"${still[@]}"}")
  [ ${#pending[@]} -eq 0 ] || sleep 1
done
say "all six apps ready; Ctrl-C to stop them"
wait $apps_pid
