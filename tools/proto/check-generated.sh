#!/usr/bin/env bash
# Fails when libs/proto/src/generated differs from what `buf generate` makes of the protos
# now: a .proto changed without regenerating, or generated code was edited by hand.
# usage: tools/proto/check-generated.sh [proto_dir]   (proto_dir defaults to proto/)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
proto_dir=${1:-proto}
committed=libs/proto/src/generated
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# -o puts the template's `out` under the scratch dir instead of the real tree.
node_modules/.bin/buf generate "$proto_dir" --template "$proto_dir/buf.gen.yaml" -o "$scratch"
if ! diff -r "$scratch/$committed" "$committed" >"$scratch/diff.txt"; then
  head -n 40 "$scratch/diff.txt" >&2
  echo "generated code is stale: run 'npx nx run proto:generate' and commit $committed" >&2
  exit 1
fi
echo "generated code is up to date"
