#!/usr/bin/env bash
# Redis: Debian's redis-server binary with our own config (no persistence), not the
# distro service. Usage: redis.sh start|stop|status
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SVC=redis
REDIS_HOME="$STATE_DIR/redis"
REDIS_CONF="$REDIS_HOME/redis.conf"
REDIS_LOG="$LOG_DIR/redis.log"
REDIS_PID="$PID_DIR/redis.pid"

redis_pid() {
  local pid
  pid=$(read_pidfile "$REDIS_PID")
  if pid_is "$pid" redis-server; then echo "$pid"; fi
}

redis_ping() {
  [[ $(redis-cli -h "$INFRA_HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]
}

ensure_installed() {
  if ! command -v redis-server >/dev/null 2>&1; then
    apt_install "$SVC" redis-server
    stop_distro_service "$SVC" redis-server
  fi
  local major
  major=$(redis-server --version | sed -n 's/.* v=\([0-9]*\)\..*/\1/p')
  if [[ $major != "$REDIS_VERSION" ]]; then
    log "$SVC" "WARNING: redis-server major version is $major, infra.env says $REDIS_VERSION"
  fi
}

write_config() {
  mkdir -p "$REDIS_HOME"
  cat >"$REDIS_CONF" <<EOF
# Written by infra/local/redis.sh on every start; edit infra.env instead.
bind $INFRA_HOST
port $REDIS_PORT
protected-mode yes
daemonize yes
supervised no
pidfile $REDIS_PID
logfile $REDIS_LOG
dir $REDIS_HOME
# Dev/test data is disposable: no RDB snapshots, no AOF.
save ""
appendonly no
EOF
}

start() {
  local pid
  pid=$(redis_pid)
  if [[ -n $pid ]] && port_open "$REDIS_PORT"; then
    log "$SVC" "already running (pid $pid) on $INFRA_HOST:$REDIS_PORT"
    return 0
  fi
  if [[ -z $pid ]] && port_open "$REDIS_PORT"; then
    die "$SVC" "port $REDIS_PORT is taken by another process $(port_owner "$REDIS_PORT").
  If it is Debian's redis-server service: service redis-server stop (or change REDIS_PORT in infra.env)."
  fi
  ensure_installed
  if [[ -z $pid ]]; then
    write_config
    log "$SVC" "starting $(redis-server --version | cut -d' ' -f1-3)"
    # daemonize=yes: redis forks into its own session and writes the pid file itself.
    redis-server "$REDIS_CONF" >>"$REDIS_LOG" 2>&1 </dev/null ||
      { show_log_tail "$REDIS_LOG"; die "$SVC" "redis-server failed to start"; }
    for _ in $(seq 1 20); do
      pid=$(redis_pid)
      [[ -n $pid ]] && break
      sleep 0.1
    done
  fi
  wait_for "$SVC" "$INFRA_HOST:$REDIS_PORT" "$REDIS_LOG" "$pid" "$WAIT_TIMEOUT" redis_ping
  log "$SVC" "up (pid $(redis_pid)) on $INFRA_HOST:$REDIS_PORT"
}

stop() {
  local pid
  pid=$(redis_pid)
  if [[ -z $pid ]]; then
    log "$SVC" "not running"
    return 0
  fi
  stop_pid "$SVC" "$pid"
  rm -f "$REDIS_PID"
  log "$SVC" "stopped"
}

status() {
  local pid
  pid=$(redis_pid)
  if [[ -n $pid ]] && port_open "$REDIS_PORT"; then
    print_status "$SVC" "$REDIS_PORT" up "$pid"
  else
    print_status "$SVC" "$REDIS_PORT" down "${pid:--}"
  fi
}

case "${1:-}" in
  start | stop | status) "$1" ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
