#!/usr/bin/env bash
# Starts the local infrastructure (default: all five services), leaving running ones alone.
# Usage: up.sh [postgres] [redis] [unleash] [kafka] [connect]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ALL=(postgres redis unleash kafka connect)
want=("$@")
((${#want[@]})) || want=("${ALL[@]}")
declare -A sel=()
for s in "${want[@]}"; do
  case "$s" in
    postgres | redis | unleash | kafka | connect) sel[$s]=1 ;;
    *) echo "usage: $0 [postgres] [redis] [unleash] [kafka] [connect]" >&2; exit 2 ;;
  esac
done
if [[ -n ${sel[connect]:-} && -z ${sel[kafka]:-} ]] && ! port_open "$KAFKA_PORT"; then
  log up "connect needs kafka: starting it too"
  sel[kafka]=1
fi
if [[ -n ${sel[unleash]:-} && -z ${sel[postgres]:-} ]] && ! port_open "$POSTGRES_PORT"; then
  log up "unleash needs postgres: starting it too"
  sel[postgres]=1
fi

log up "state in $STATE_DIR (logs in $LOG_DIR), downloads cached in $CACHE_DIR"

# postgres, redis and unleash are independent of the JVMs: run them in the background
# meanwhile. Unleash installs (npm) while Postgres starts, then waits for it by itself.
declare -A jobs=()
for s in postgres redis; do
  if [[ -n ${sel[$s]:-} ]]; then
    "$INFRA_DIR/$s.sh" start &
    jobs[$s]=$!
  fi
done
if [[ -n ${sel[unleash]:-} ]]; then
  INFRA_POSTGRES_STARTING=${sel[postgres]:-} "$INFRA_DIR/unleash.sh" start &
  jobs[unleash]=$!
fi

# Maven runs one at a time: concurrent runs can clash writing the same jars into ~/.m2.
[[ -z ${sel[kafka]:-} ]] || "$INFRA_DIR/kafka.sh" fetch
[[ -z ${sel[connect]:-} ]] || "$INFRA_DIR/connect.sh" fetch

# Both JVMs are launched together: Connect spends its first seconds loading classes and
# plugins, and then waits for the broker by itself.
if [[ -n ${sel[kafka]:-} ]]; then
  "$INFRA_DIR/kafka.sh" start &
  jobs[kafka]=$!
fi
if [[ -n ${sel[connect]:-} ]]; then
  INFRA_KAFKA_STARTING=1 "$INFRA_DIR/connect.sh" start &
  jobs[connect]=$!
fi

failed=()
for s in "${ALL[@]}"; do
  [[ -n ${jobs[$s]:-} ]] || continue
  wait "${jobs[$s]}" || failed+=("$s")
done
if ((${#failed[@]})); then
  log up "FAILED: ${failed[*]} (logs in $LOG_DIR)"
  exit 1
fi
log up "all up: ${!sel[*]}"
