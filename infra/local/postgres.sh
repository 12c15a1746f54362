#!/usr/bin/env bash
# PostgreSQL: our own cluster in the state dir (not Debian's 15/main), so wal_level and
# auth are ours to set; ssl=on with the local CA's server certificate (lib.sh ensure_tls),
# plaintext connections still accepted. Usage: postgres.sh start|stop|status
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SVC=postgres
PG_LOG="$LOG_DIR/postgres.log"
PG_LINK="$STATE_DIR/postgres"
# postgres refuses to run as root, so as root we run it as the postgres OS user.
if is_root; then PG_OS_USER=postgres; else PG_OS_USER=$(id -un); fi

# Paths handed to the postgres user must not go through the (maybe unreachable) state dir.
set_paths() {
  PG_HOME=$(readlink -f "$PG_LINK" 2>/dev/null || echo "$PG_LINK")
  PG_DATA="$PG_HOME/data"
  PG_TLS_DIR="$PG_HOME/tls"
}
set_paths

as_pg() {
  if is_root; then runuser -u "$PG_OS_USER" -- "$@"; else "$@"; fi
}

pg_pid() {
  [[ -f $PG_DATA/postmaster.pid ]] || return 0
  local pid
  pid=$(read_pidfile "$PG_DATA/postmaster.pid")
  if pid_is "$pid" postgres; then echo "$pid"; fi
}

ensure_installed() {
  [[ -x $PG_BIN/pg_ctl ]] && return 0
  apt_install "$SVC" "postgresql-$POSTGRES_VERSION"
  [[ -x $PG_BIN/pg_ctl ]] || die "$SVC" "postgresql-$POSTGRES_VERSION installed but $PG_BIN/pg_ctl is missing"
  # The package creates and may start cluster $POSTGRES_VERSION/main on 5432.
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster "$POSTGRES_VERSION" main stop >/dev/null 2>&1 || true
  fi
  stop_distro_service "$SVC" postgresql
}

# The postgres OS user must reach the data dir. A repo under /root (mode 700) blocks it,
# so then the data lives under the postgres user's home and the state dir gets a symlink.
ensure_home() {
  [[ -e $PG_LINK ]] && return 0
  mkdir -p "$STATE_DIR"
  if is_root && ! runuser -u "$PG_OS_USER" -- test -x "$STATE_DIR"; then
    local alt
    alt="/var/lib/postgresql/service-starter/$(echo "$STATE_DIR" | cksum | cut -d' ' -f1)"
    log "$SVC" "$STATE_DIR is not reachable by the postgres user; data goes to $alt (symlinked)"
    mkdir -p "$alt"
    chown "$PG_OS_USER:" "$alt" "$(dirname "$alt")"
    ln -sfn "$alt" "$PG_LINK"
  else
    mkdir -p "$PG_LINK"
    chown "$PG_OS_USER:" "$PG_LINK"
  fi
  set_paths
}

init_cluster() {
  [[ -f $PG_DATA/PG_VERSION ]] && return 0
  log "$SVC" "initdb in $PG_DATA"
  local pwfile="$PG_HOME/.pwfile"
  (umask 077 && printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile")
  chown "$PG_OS_USER:" "$pwfile"
  if ! as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U "$POSTGRES_USER" --pwfile="$pwfile" \
    --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >>"$PG_LOG" 2>&1; then
    rm -f "$pwfile"
    show_log_tail "$PG_LOG"
    die "$SVC" "initdb failed"
  fi
  rm -f "$pwfile"
  # initdb's pg_hba already allows host + replication from 127.0.0.1 with scram.
  echo "include_if_exists = 'service-starter.conf'" >>"$PG_DATA/postgresql.conf"
}

# The server certificate and key from $TLS_DIR, copied on every start into a directory of the
# postgres user: Postgres refuses a key that others can read (it must be 600 and owned by the
# user running the server), and that user may not be able to reach the state dir at all.
install_tls() {
  ensure_tls "$SVC"
  mkdir -p "$PG_TLS_DIR"
  cp -f "$TLS_CERT" "$PG_TLS_DIR/server.crt"
  cp -f "$TLS_KEY" "$PG_TLS_DIR/server.key"
  chmod 700 "$PG_TLS_DIR"
  chmod 644 "$PG_TLS_DIR/server.crt"
  chmod 600 "$PG_TLS_DIR/server.key"
  chown -R "$PG_OS_USER:" "$PG_TLS_DIR"
}

# A TLS connection verified like the apps' sslmode=verify-full with the local CA.
pg_tls_verified() {
  [[ $(PGSSLMODE=verify-full PGSSLROOTCERT="$TLS_CA" psql_admin \
    -c "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()" 2>/dev/null) == t ]]
}

# Rewritten on every start so edits to infra.env take effect after down/up.
write_config() {
  cat >"$PG_DATA/service-starter.conf" <<EOF
# Written by infra/local/postgres.sh on every start; edit infra.env instead.
listen_addresses = '$INFRA_HOST'
port = $POSTGRES_PORT
# TCP only: keeps clear of the Debian cluster's socket in /var/run/postgresql.
unix_socket_directories = ''
wal_level = logical
max_replication_slots = 20
max_wal_senders = 20
logging_collector = off
log_line_prefix = '%m [%p] '
# TLS next to plaintext: each client chooses (sslmode). Certificate for 127.0.0.1/localhost
# signed by the local CA $TLS_CA; ssl settings take effect on reload.
ssl = on
ssl_cert_file = '$PG_TLS_DIR/server.crt'
ssl_key_file = '$PG_TLS_DIR/server.key'
ssl_min_protocol_version = 'TLSv1.2'
EOF
  chown "$PG_OS_USER:" "$PG_DATA/service-starter.conf"
}

start() {
  local pid
  pid=$(pg_pid)
  if [[ -n $pid ]] && port_open "$POSTGRES_PORT"; then
    log "$SVC" "already running (pid $pid) on $INFRA_HOST:$POSTGRES_PORT"
    if ! pg_tls_verified; then
      # Started by a postgres.sh from before TLS, or the CA in $TLS_DIR was made anew: the
      # ssl settings are reloadable, so no restart is needed.
      log "$SVC" "applying TLS to the running server (reload)"
      install_tls
      write_config
      as_pg "$PG_BIN/pg_ctl" reload -D "$PG_DATA" -s >>"$PG_LOG" 2>&1 ||
        { show_log_tail "$PG_LOG"; die "$SVC" "pg_ctl reload failed"; }
      wait_for "$SVC" "a verified TLS connection after the reload" "$PG_LOG" "$pid" 30 pg_tls_verified
    fi
  else
    if [[ -z $pid ]] && port_open "$POSTGRES_PORT"; then
      die "$SVC" "port $POSTGRES_PORT is taken by another process $(port_owner "$POSTGRES_PORT").
  If it is Debian's own cluster: pg_ctlcluster $POSTGRES_VERSION main stop (or change POSTGRES_PORT in infra.env)."
    fi
    ensure_installed
    ensure_home
    init_cluster
    install_tls
    write_config
    if [[ -z $pid ]]; then
      log "$SVC" "starting PostgreSQL $POSTGRES_VERSION"
      # pg_ctl daemonizes the postmaster into its own session, so it outlives us.
      as_pg "$PG_BIN/pg_ctl" start -W -D "$PG_DATA" -s >>"$PG_LOG" 2>&1 ||
        { show_log_tail "$PG_LOG"; die "$SVC" "pg_ctl start failed"; }
      for _ in $(seq 1 20); do
        pid=$(pg_pid)
        [[ -n $pid ]] && break
        sleep 0.2
      done
    fi
    wait_for "$SVC" "$INFRA_HOST:$POSTGRES_PORT" "$PG_LOG" "$pid" "$WAIT_TIMEOUT" pg_ready
  fi
  ensure_database "$SVC" "$POSTGRES_DB"
  ensure_database "$SVC" "$POSTGRES_TEST_DB"
  [[ $(psql_admin -c "SHOW wal_level") == logical ]] ||
    die "$SVC" "wal_level is not logical; restart with: down.sh && up.sh"
  pg_tls_verified ||
    die "$SVC" "no verified TLS connection (sslmode=verify-full, CA $TLS_CA); see $PG_LOG and $LOG_DIR/tls.log"
  log "$SVC" "up (pid $(pg_pid)) on $INFRA_HOST:$POSTGRES_PORT (TLS on, CA $TLS_CA), databases $POSTGRES_DB, $POSTGRES_TEST_DB"
}

stop() {
  local pid
  pid=$(pg_pid)
  if [[ -z $pid ]]; then
    log "$SVC" "not running"
    return 0
  fi
  log "$SVC" "stopping pid $pid"
  as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -t "${INFRA_STOP_TIMEOUT:-60}" -s >>"$PG_LOG" 2>&1 ||
    stop_pid "$SVC" "$pid"
  log "$SVC" "stopped"
}

status() {
  local pid
  pid=$(pg_pid)
  if [[ -n $pid ]] && port_open "$POSTGRES_PORT"; then
    print_status "$SVC" "$POSTGRES_PORT" up "$pid"
  else
    print_status "$SVC" "$POSTGRES_PORT" down "${pid:--}"
  fi
}

case "${1:-}" in
  start | stop | status) "$1" ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
