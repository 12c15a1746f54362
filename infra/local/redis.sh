#!/usr/bin/env bash
# Redis: Debian's redis-server binary with our own config (no persistence), not the
# distro service. Plaintext on REDIS_PORT, TLS on REDIS_TLS_PORT (certificate of lib.sh
# ensure_tls, no client certificates), the ACL user REDIS_ACL_USER next to `default`.
# Usage: redis.sh start|stop|status
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

# The service's user: every key and channel, every command but the @dangerous ones (FLUSHALL,
# KEYS, CONFIG, DEBUG, ...), plus INFO for ioredis's ready check. Enough for the idempotency
# inbox (SET, MGET, EVAL, pipelines) and the readiness PING.
ACL_RULES='~* &* +@all -@dangerous +info'

# Over TLS, verified against the local CA, as the ACL user: what the apps do with rediss://.
redis_tls_whoami() {
  [[ $(REDISCLI_AUTH="$REDIS_ACL_PASSWORD" redis-cli --tls --cacert "$TLS_CA" -h "$INFRA_HOST" \
    -p "$REDIS_TLS_PORT" --user "$REDIS_ACL_USER" ACL WHOAMI 2>/dev/null) == "$REDIS_ACL_USER" ]]
}

# Applies the ACL user (always: a password changed in infra.env takes effect) and, on a server
# started by a redis.sh from before TLS or holding a certificate made anew since, the TLS
# listener, both at run time (ACL SETUSER, CONFIG SET: setting the tls-* files reloads them),
# so a running Redis need not restart. The password goes through stdin, not argv.
apply_running() {
  local out
  out=$(printf 'ACL SETUSER %s reset on >%s %s\n' "$REDIS_ACL_USER" "$REDIS_ACL_PASSWORD" "$ACL_RULES" |
    redis-cli -h "$INFRA_HOST" -p "$REDIS_PORT" 2>&1)
  [[ $out == OK ]] || die "$SVC" "ACL SETUSER $REDIS_ACL_USER failed: $out"
  if ! redis_tls_whoami; then
    log "$SVC" "applying TLS on port $REDIS_TLS_PORT to the running server"
    out=$(printf 'CONFIG SET tls-cert-file %s tls-key-file %s tls-ca-cert-file %s tls-auth-clients no tls-port %s\n' \
      "$TLS_CERT" "$TLS_KEY" "$TLS_CA" "$REDIS_TLS_PORT" | redis-cli -h "$INFRA_HOST" -p "$REDIS_PORT" 2>&1)
    [[ $out == OK ]] || die "$SVC" "CONFIG SET of the TLS listener failed: $out (restart it: $0 stop && $0 start)"
  fi
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
# TLS next to plaintext; clients need not present a certificate.
tls-port $REDIS_TLS_PORT
tls-cert-file $TLS_CERT
tls-key-file $TLS_KEY
tls-ca-cert-file $TLS_CA
tls-auth-clients no
# The service's ACL user; the default user (no password, every command) stays for tests and tools.
user $REDIS_ACL_USER on >$REDIS_ACL_PASSWORD $ACL_RULES
EOF
  # It holds the ACL user's password.
  chmod 600 "$REDIS_CONF"
}

start() {
  local pid
  pid=$(redis_pid)
  if [[ -n $pid ]] && port_open "$REDIS_PORT"; then
    log "$SVC" "already running (pid $pid) on $INFRA_HOST:$REDIS_PORT"
    ensure_tls "$SVC"
    apply_running
    wait_for "$SVC" "TLS on $INFRA_HOST:$REDIS_TLS_PORT" "$REDIS_LOG" "$pid" 10 redis_tls_whoami
    log "$SVC" "up (pid $pid) on $INFRA_HOST:$REDIS_PORT, TLS on $REDIS_TLS_PORT (user $REDIS_ACL_USER)"
    return 0
  fi
  if [[ -z $pid ]] && port_open "$REDIS_PORT"; then
    die "$SVC" "port $REDIS_PORT is taken by another process $(port_owner "$REDIS_PORT").
  If it is Debian's redis-server service: service redis-server stop (or change REDIS_PORT in infra.env)."
  fi
  ensure_installed
  ensure_tls "$SVC"
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
  wait_for "$SVC" "TLS on $INFRA_HOST:$REDIS_TLS_PORT" "$REDIS_LOG" "$pid" 10 redis_tls_whoami
  log "$SVC" "up (pid $(redis_pid)) on $INFRA_HOST:$REDIS_PORT, TLS on $REDIS_TLS_PORT (user $REDIS_ACL_USER)"
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
