#!/usr/bin/env bash
# `npm run dev-tokens -- --provider <id> [--user <id>]`: prints, as shell exports, credentials the
# local apps accept under the dev config: a user JWT for the public GraphQL API, the internal
# GraphQL API's service token and the gRPC service token. Refused when APP_ENV=prod.
#   eval "$(npm run -s dev-tokens -- --provider prov-1)"
set -euo pipefail
cd "$(dirname "$0")/.."
for app in my-service-web my-service-graphql my-service-rpc; do
  node -r ./tools/testing/register.js "apps/$app/src/dev-token.ts" "$@"
done
