#!/usr/bin/env bash
# Unleash feature flag server: the npm package unleash-server at the pinned version, installed
# into the download cache and run with the machine's Node; its data lives in its own database
# of our Postgres. Usage: unleash.sh fetch|start|stop|status
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SVC=unleash
UNLEASH_HOME="$CACHE_DIR/unleash-server-${UNLEASH_VERSION}"
UNLEASH_MAIN="$UNLEASH_HOME/node_modules/unleash-server/dist/server.js"
UNLEASH_LOG="$LOG_DIR/unleash.log"
UNLEASH_PID="$PID_DIR/unleash.pid"
UNLEASH_URL="http://$INFRA_HOST:$UNLEASH_PORT"

unleash_pid() {
  local pid
  pid=$(read_pidfile "$UNLEASH_PID")
  if pid_is "$pid" unleash-server; then echo "$pid"; fi
}

# /health answers once migrations have run and the HTTP server listens.
unleash_healthy() {
  curl -fsS -m 3 -o /dev/null "$UNLEASH_URL/health" 2>/dev/null
}

accepts_token() {
  curl -fsS -m 5 -o /dev/null -H "Authorization: $2" "$UNLEASH_URL$1" 2>/dev/null
}

require_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    die "$SVC" "needs Node.js 20+ and npm on PATH"
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  ((major >= 20)) || die "$SVC" "unleash-server $UNLEASH_VERSION needs Node.js 20+, found $(node -v)"
}

# Installs into a temp dir and moves it into place only when npm succeeded, so a half
# install is never taken for a complete one. No install scripts: the package needs none.
fetch() {
  [[ -f $UNLEASH_MAIN ]] && return 0
  require_node
  mkdir -p "$CACHE_DIR"
  local tmp="$UNLEASH_HOME.tmp.$$" fetch_log="$LOG_DIR/fetch-unleash.log"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  # A package.json of its own keeps npm from walking up into some other project.
  echo '{ "name": "unleash-local", "private": true }' >"$tmp/package.json"
  log "$SVC" "installing unleash-server@$UNLEASH_VERSION from the npm registry into $UNLEASH_HOME"
  if ! (cd "$tmp" && npm install --save-exact --ignore-scripts --no-audit --no-fund --loglevel=error \
    "unleash-server@$UNLEASH_VERSION") >>"$fetch_log" 2>&1; then
    rm -rf "$tmp"
    show_log_tail "$fetch_log"
    die "$SVC" "npm install unleash-server@$UNLEASH_VERSION failed (full log: $fetch_log)"
  fi
  [[ -f $tmp/node_modules/unleash-server/dist/server.js ]] ||
    { rm -rf "$tmp"; die "$SVC" "the installed package has no dist/server.js"; }
  rm -rf "$UNLEASH_HOME"
  mv "$tmp" "$UNLEASH_HOME"
  log "$SVC" "cached $(du -sh "$UNLEASH_HOME" | cut -f1) in $UNLEASH_HOME"
}

# up.sh starts Postgres alongside us (INFRA_POSTGRES_STARTING): then wait for it, else it
# must already run.
wait_for_postgres() {
  pg_ready && return 0
  [[ -n ${INFRA_POSTGRES_STARTING:-} ]] ||
    die "$SVC" "Postgres is not running on $INFRA_HOST:$POSTGRES_PORT; start it first (up.sh postgres unleash)"
  wait_for "$SVC" "postgres on $INFRA_HOST:$POSTGRES_PORT" "$LOG_DIR/postgres.log" "" "$WAIT_TIMEOUT" pg_ready
}

launch() {
  local pid=$1
  if [[ -z $pid ]]; then
    port_open "$UNLEASH_PORT" && die "$SVC" "port $UNLEASH_PORT is taken by another process $(port_owner "$UNLEASH_PORT")"
    require_node
    fetch
    wait_for_postgres
    ensure_database "$SVC" "$UNLEASH_DB"
    rotate_log "$UNLEASH_LOG"
    log "$SVC" "starting unleash-server $UNLEASH_VERSION on $(node -v)"
    # NODE_OPTIONS of a calling test runner would load its hooks into the server, and
    # NODE_ENV=test switches Unleash into its own test mode. 9>&-: the server must not
    # inherit (and so hold for its lifetime) the start lock below.
    start_detached "$UNLEASH_LOG" "$UNLEASH_PID" env -u NODE_OPTIONS \
      NODE_ENV=production TZ=UTC \
      DATABASE_URL="postgres://$POSTGRES_USER:$POSTGRES_PASSWORD@$INFRA_HOST:$POSTGRES_PORT/$UNLEASH_DB" \
      DATABASE_SSL=false \
      HTTP_HOST="$INFRA_HOST" HTTP_PORT="$UNLEASH_PORT" UNLEASH_URL="$UNLEASH_URL" \
      INIT_ADMIN_API_TOKENS="$UNLEASH_ADMIN_TOKEN" INIT_BACKEND_API_TOKENS="$UNLEASH_CLIENT_TOKEN" \
      CHECK_VERSION=false SEND_TELEMETRY=false LOG_LEVEL=warn \
      node "$UNLEASH_MAIN" 9>&- ||
      die "$SVC" "could not launch node"
    pid=$(read_pidfile "$UNLEASH_PID")
  fi
  wait_for "$SVC" "$UNLEASH_URL/health" "$UNLEASH_LOG" "$pid" "$WAIT_TIMEOUT" unleash_healthy
  # Unleash creates the INIT_* tokens only in a database without tokens, so infra.env and
  # an older database can disagree; the apps and tests would then get 401s.
  if ! accepts_token /api/client/features "$UNLEASH_CLIENT_TOKEN" ||
    ! accepts_token /api/admin/environments "$UNLEASH_ADMIN_TOKEN"; then
    die "$SVC" "Unleash does not accept the tokens in infra.env (they are created only in an empty database).
  Reset it: unleash.sh stop, DROP DATABASE $UNLEASH_DB (or down.sh --purge), then up.sh."
  fi
  log "$SVC" "up (pid $pid) on $UNLEASH_URL (UI login admin / unleash4all)"
}

start() {
  local pid
  pid=$(unleash_pid)
  if [[ -n $pid ]] && unleash_healthy; then
    log "$SVC" "already running (pid $pid) on $UNLEASH_URL"
    return 0
  fi
  # Test suites call up.sh from parallel workers: one start at a time, the others find it running.
  mkdir -p "$STATE_DIR"
  (
    flock -w "$((WAIT_TIMEOUT * 3))" 9 || die "$SVC" "timed out waiting for another unleash.sh start"
    launch "$(unleash_pid)"
  ) 9>"$STATE_DIR/unleash.start.lock"
}

stop() {
  local pid
  pid=$(unleash_pid)
  if [[ -z $pid ]]; then
    log "$SVC" "not running"
    return 0
  fi
  stop_pid "$SVC" "$pid"
  rm -f "$UNLEASH_PID"
  log "$SVC" "stopped"
}

status() {
  local pid
  pid=$(unleash_pid)
  if [[ -n $pid ]] && port_open "$UNLEASH_PORT"; then
    print_status "$SVC" "$UNLEASH_PORT" up "$pid"
  else
    print_status "$SVC" "$UNLEASH_PORT" down "${pid:--}"
  fi
}

case "${1:-}" in
  fetch) fetch ;;
  start | stop | status) "$1" ;;
  *) echo "usage: $0 fetch|start|stop|status" >&2; exit 2 ;;
esac
