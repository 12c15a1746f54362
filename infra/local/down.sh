#!/usr/bin/env bash
# Stops the local infrastructure. Usage: down.sh [--purge]   (--purge deletes the state dir)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

purge=0
case "${1:-}" in
  "") ;;
  --purge) purge=1 ;;
  *) echo "usage: $0 [--purge]" >&2; exit 2 ;;
esac

# Connect before Kafka, Unleash before Postgres: else they log a storm of connection errors
# while the service they depend on goes.
"$INFRA_DIR/connect.sh" stop &
c=$!
(
  rc=0
  "$INFRA_DIR/unleash.sh" stop || rc=1
  "$INFRA_DIR/postgres.sh" stop || rc=1
  exit "$rc"
) &
p=$!
"$INFRA_DIR/redis.sh" stop &
r=$!
rc=0
wait "$c" || rc=1
"$INFRA_DIR/kafka.sh" stop || rc=1
wait "$p" || rc=1
wait "$r" || rc=1
((rc == 0)) || die down "some services did not stop cleanly"

if ((purge)); then
  # postgres.sh may have put its data outside the state dir behind a symlink.
  if [[ -L $STATE_DIR/postgres ]]; then
    rm -rf "$(readlink -f "$STATE_DIR/postgres")"
  fi
  log down "deleting $STATE_DIR"
  rm -rf "$STATE_DIR"
fi
log down "done"
