#!/usr/bin/env bash
# `task start-mirrord`: runs one app from source on this machine inside the staging cluster's
# network and environment (mirrord), in a mode that changes nothing shared:
#   - no app migrates, provisions topics or registers the connector at boot (those are Jobs);
#   - Kafka consumers join no group (CONSUME_EVENTS=false) unless --consume is given, because
#     a member on a laptop takes partitions, and so messages, away from staging's consumers;
#   - the worker is refused: it would take staging's jobs and run its schedules.
# The app gets the target pod's environment; .mirrord/mirrord.json is the base configuration,
# and this script writes the per-run one (target, env overrides) to tmp/mirrord/.
#
# usage: start-mirrord.sh [--app <app>] [--consume] [--print-config]
#   --print-config  write and print the configuration mirrord would get, then exit
set -euo pipefail
source "$(dirname "$0")/lib.sh"
STEP=mirrord
cd "$ROOT"

app=my-service consume=false print=false
while [ $# -gt 0 ]; do
  case "$1" in
    --app) app=${2:?--app needs an app name}; shift 2 ;;
    --consume) consume=true; shift ;;
    --print-config) print=true; shift ;;
    *) die "unknown argument $1 (usage: start-mirrord.sh [--app <app>] [--consume] [--print-config])" ;;
  esac
done
[ -f "apps/$app/src/main.ts" ] || die "no app $app (apps/$app/src/main.ts)"
case "$app" in
  *-worker) die "$app is not run under mirrord: it would work staging's job queue and run its schedules" ;;
esac

config="tmp/mirrord/$app.json"
mkdir -p tmp/mirrord
APP="$app" CONSUME="$consume" node -e '
  const fs = require("node:fs");
  const base = JSON.parse(fs.readFileSync(".mirrord/mirrord.json", "utf8"));
  const app = process.env.APP;
  base.target = { ...base.target, path: `deployment/${app}/container/${app}` };
  base.feature = base.feature ?? {};
  const env = base.feature.env === true || base.feature.env === undefined ? {} : base.feature.env;
  // override: these win over the pod’s own values (the pod runs with CONSUME_EVENTS=true).
  env.override = { ...env.override, CONSUME_EVENTS: process.env.CONSUME };
  base.feature.env = env;
  process.stdout.write(JSON.stringify(base, null, 2) + "\n");
' > "$config"

if [ "$print" = true ]; then cat "$config"; exit 0; fi
command -v mirrord >/dev/null || die "mirrord is not installed (see the README, "Against staging with mirrord"): it runs the app inside the cluster's network"
say "$app against $(node -p "require('./$config').target.path") (consuming: $consume)"
exec mirrord exec --config-file "$config" -- node -r ./tools/testing/register.js "apps/$app/src/main.ts"
