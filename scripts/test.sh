#!/usr/bin/env bash
# `npm test`: installs what is missing, starts the real local infrastructure, then type-checks,
# lints and runs every project's tests. Ends with one summary line of all Jest results.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
export STARTED_AT
cd "$ROOT"

bash scripts/ensure-deps.sh
STEP=infra; say "starting local infrastructure"
bash scripts/local-infra.sh up

STEP=typecheck; say "tsc --noEmit"
npx tsc -p tsconfig.json

STEP=lint; say "nx run-many -t lint"
npx nx run-many -t lint --outputStyle=static

summary_dir="$ROOT/tmp/test-summary"
rm -rf "$summary_dir" && mkdir -p "$summary_dir"
STEP=test; say "nx run-many -t test"
status=0
TEST_SUMMARY_DIR="$summary_dir" npx nx run-many -t test --outputStyle=static || status=$?

STEP=summary; say "done in $(($(date +%s) - STARTED_AT))s (exit $status)"
# Last, so that the closing line of the run is the total.
node tools/testing/print-summary.js "$summary_dir"
exit "$status"
