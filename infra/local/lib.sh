# shellcheck shell=bash
# Shared helpers for the infra/local scripts. Sourced, never run.
# shellcheck disable=SC2034  # globals here are used by the scripts that source this file

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$INFRA_DIR/../.." && pwd)"
# shellcheck source=infra.env
. "$INFRA_DIR/infra.env"

STATE_DIR="${INFRA_STATE_DIR:-$REPO_ROOT/.infra}"
LOG_DIR="$STATE_DIR/logs"
PID_DIR="$STATE_DIR/pids"
CACHE_DIR="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/service-starter"
WAIT_TIMEOUT="${INFRA_WAIT_TIMEOUT:-120}"
mkdir -p "$LOG_DIR" "$PID_DIR"

# The JVMs' log configuration, copied into the state dir so that a running broker or worker
# reads nothing from the checkout that started it.
LOG4J2_CONF="$STATE_DIR/log4j2.xml"
if ! cmp -s "$INFRA_DIR/log4j2.xml" "$LOG4J2_CONF" 2>/dev/null; then
  cp "$INFRA_DIR/log4j2.xml" "$LOG4J2_CONF.$$" && mv -f "$LOG4J2_CONF.$$" "$LOG4J2_CONF"
fi

# Exported so that elapsed seconds count from the start of up.sh across child scripts.
export INFRA_T0="${INFRA_T0:-$(date +%s)}"

elapsed() { echo $(($(date +%s) - INFRA_T0)); }
log() { local svc=$1; shift; echo "[infra] $svc: $* ($(elapsed)s)"; }
die() { local svc=$1; shift; echo "[infra] $svc: ERROR: $* ($(elapsed)s)" >&2; exit 1; }

is_root() { [[ $(id -u) -eq 0 ]]; }

port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$INFRA_HOST/$1" 2>/dev/null
}

pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

# pid_is PID PATTERN: alive and its command line matches, so a stale pid file whose pid
# was reused by an unrelated process after a reboot or crash is not taken for ours.
pid_is() { pid_alive "$1" && grep -qa -- "$2" "/proc/$1/cmdline" 2>/dev/null; }

read_pidfile() {
  if [[ -s $1 ]]; then head -n1 "$1" | tr -d '[:space:]'; fi
}

# Who holds a TCP port, for error messages.
port_owner() {
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'users:(.*)' | head -n1 || true
}

show_log_tail() {
  local file=$1
  if [[ -f $file ]]; then
    echo "----- last 30 lines of $file -----" >&2
    tail -n 30 "$file" >&2
    echo "-----" >&2
  fi
}

# wait_for SVC WHAT LOGFILE PID TIMEOUT CMD...: polls CMD until it succeeds. Fails early
# when PID (if given) dies, and on timeout; both print the log tail so the cause is visible.
wait_for() {
  local svc=$1 what=$2 logfile=$3 pid=$4 timeout=$5
  shift 5
  local start now last=-1
  start=$(date +%s)
  while ! "$@"; do
    now=$(date +%s)
    if [[ -n $pid ]] && ! pid_alive "$pid"; then
      show_log_tail "$logfile"
      die "$svc" "process $pid exited while waiting for $what"
    fi
    if ((now - start >= timeout)); then
      show_log_tail "$logfile"
      # Left running on purpose: a rerun of up.sh resumes waiting for it.
      [[ -n $pid ]] && pid_alive "$pid" && log "$svc" "pid $pid is still starting; rerun up.sh to keep waiting, or down.sh to stop it"
      die "$svc" "timed out after ${timeout}s waiting for $what"
    fi
    if (((now - start) / 5 != last)); then
      last=$(((now - start) / 5))
      log "$svc" "waiting for $what"
    fi
    sleep 0.5
  done
}

# JVM logs run to ~1 MB per start: keep the current and the previous run only.
rotate_log() {
  [[ -f $1 ]] && mv -f "$1" "$1.1"
  return 0
}

# Runs CMD detached in its own session so it outlives this script and whatever process
# group called it (test runners kill their group). The pid file holds the JVM's own pid
# because the inner shell execs it. It runs in the state dir, not in the checkout that started
# it: a service started from a copy (the starter's scratch workspace) must not hold on to that
# copy's folder once it is deleted (see LOG4J2_CONF too).
start_detached() {
  local logfile=$1 pidfile=$2
  shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016  # $$ and $@ belong to the inner shell
  (cd "$STATE_DIR" && exec setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@") >>"$logfile" 2>&1 </dev/null &
  local i
  for i in $(seq 1 50); do
    [[ -s $pidfile ]] && return 0
    sleep 0.1
  done
  return 1
}

# stop_pid SVC PID: TERM, then KILL after INFRA_STOP_TIMEOUT seconds.
stop_pid() {
  local svc=$1 pid=$2 timeout=${INFRA_STOP_TIMEOUT:-60} i
  pid_alive "$pid" || return 0
  log "$svc" "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 2; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.5
  done
  log "$svc" "pid $pid still alive after ${timeout}s, killing"
  kill -KILL "$pid" 2>/dev/null || true
}

# One line per service for status.sh; returns 0 when up.
print_status() {
  local name=$1 port=$2 state=$3 pid=${4:--}
  printf '%-9s %-6s %-5s %s\n' "$name" "$port" "$state" "$pid"
  [[ $state == up ]]
}

# apt_install SVC PKG...: installs Debian packages, running apt-get update only when the
# package lists do not know a package (fresh images ship without lists). A lock keeps
# postgres and redis, which start in parallel, from fighting over dpkg.
apt_install() {
  local svc=$1
  shift
  is_root || die "$svc" "missing: $*. Install it first (sudo apt-get install -y $*) or run as root"
  mkdir -p "$CACHE_DIR"
  (
    flock -w 900 9 || die "$svc" "timed out waiting for the apt lock"
    local pkg policy need_update=0
    for pkg in "$@"; do
      # Captured first: under pipefail, grep -q closing the pipe early fails the pipeline.
      policy=$(apt-cache policy "$pkg" 2>/dev/null || true)
      [[ $policy == *"Candidate: "[0-9]* ]] || need_update=1
    done
    if ((need_update)); then
      log "$svc" "apt-get update"
      apt-get update -qq >>"$LOG_DIR/apt.log" 2>&1 || { show_log_tail "$LOG_DIR/apt.log"; die "$svc" "apt-get update failed"; }
    fi
    log "$svc" "installing Debian packages: $*"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$LOG_DIR/apt.log" 2>&1; then
      # Stale lists give 404s on download: refresh once and retry.
      log "$svc" "install failed, retrying after apt-get update"
      apt-get update -qq >>"$LOG_DIR/apt.log" 2>&1 || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$LOG_DIR/apt.log" 2>&1 ||
        { show_log_tail "$LOG_DIR/apt.log"; die "$svc" "apt-get install $* failed"; }
    fi
  ) 9>"$CACHE_DIR/apt.lock"
}

# Debian packages start their own service on install where the init system allows it;
# that instance would sit on our port, so stop it right after we installed it.
stop_distro_service() {
  local svc=$1 unit=$2
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$unit" 2>/dev/null; then
    log "$svc" "stopping and disabling the distro's $unit service"
    systemctl disable --now "$unit" >/dev/null 2>&1 || true
  elif [[ -x /etc/init.d/$unit ]]; then
    /etc/init.d/"$unit" stop >/dev/null 2>&1 || true
  fi
}

java_bin() {
  local j
  for j in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)"; do
    [[ -n $j && -x $j ]] || continue
    local major
    major=$("$j" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [[ ${major%%.*} -ge 17 ]]; then
      echo "$j"
      return 0
    fi
  done
  return 1
}

require_java() {
  local svc=$1
  JAVA=$(java_bin) && return 0
  apt_install "$svc" openjdk-17-jre-headless
  JAVA=$(java_bin) || die "$svc" "need Java 17+ (set JAVA_HOME or install openjdk-17-jre-headless)"
}

require_mvn() {
  command -v mvn >/dev/null 2>&1 || apt_install "$1" maven
}

# maven_fetch SVC DEST LOGFILE MVN-ARGS...: runs a dependency-plugin goal into a temp dir
# and moves it to DEST only on success, so an interrupted download is never mistaken for
# a complete cache entry.
maven_fetch() {
  local svc=$1 dest=$2 logfile=$3
  shift 3
  require_mvn "$svc"
  local tmp="$dest.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  if ! (cd "$INFRA_DIR" && mvn -B -ntp "$@" -DoutputDirectory="$tmp") >>"$logfile" 2>&1; then
    rm -rf "$tmp"
    show_log_tail "$logfile"
    die "$svc" "maven download failed (full log: $logfile)"
  fi
  rm -rf "$dest"
  mv "$tmp" "$dest"
}

DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

# Postgres client tools of the pinned major: postgres.sh installs them, unleash.sh uses them too.
PG_BIN="/usr/lib/postgresql/$POSTGRES_VERSION/bin"

psql_admin() {
  PGPASSWORD="$POSTGRES_PASSWORD" "$PG_BIN/psql" -h "$INFRA_HOST" -p "$POSTGRES_PORT" \
    -U "$POSTGRES_USER" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

pg_ready() {
  "$PG_BIN/pg_isready" -q -h "$INFRA_HOST" -p "$POSTGRES_PORT" -d postgres -U "$POSTGRES_USER" 2>/dev/null
}

# ensure_database SVC NAME: creates a database in our Postgres unless it exists.
ensure_database() {
  local svc=$1 db=$2
  if [[ $(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'") != 1 ]]; then
    log "$svc" "creating database $db"
    psql_admin -c "CREATE DATABASE \"$db\""
  fi
}

# Local TLS: a CA and a server certificate for 127.0.0.1 and localhost (plus INFRA_HOST), made
# with openssl, in a directory of their own: $TLS_DIR for Postgres and Redis (clients verify
# them with TLS_CA), the broker's in kafka.sh. Renewed when less than 30 days are left.
TLS_DIR="$STATE_DIR/tls"
TLS_CA="$TLS_DIR/ca.crt"
TLS_CERT="$TLS_DIR/server.crt"
TLS_KEY="$TLS_DIR/server.key"
TLS_MIN_VALIDITY=2592000

# tls_cert_ok DIR NAME: DIR/NAME.crt is signed by DIR/ca.crt, valid for 30 more days, names
# 127.0.0.1, localhost and INFRA_HOST, and matches DIR/NAME.key.
tls_cert_ok() {
  local dir=$1 name=$2 san cert_key key
  [[ -s $dir/$name.crt && -s $dir/$name.key ]] || return 1
  openssl verify -CAfile "$dir/ca.crt" "$dir/$name.crt" >/dev/null 2>&1 || return 1
  openssl x509 -in "$dir/$name.crt" -noout -checkend "$TLS_MIN_VALIDITY" >/dev/null 2>&1 || return 1
  san=$(openssl x509 -in "$dir/$name.crt" -noout -ext subjectAltName 2>/dev/null) || return 1
  [[ $san == *"IP Address:127.0.0.1"* && $san == *"DNS:localhost"* && $san == *"IP Address:$INFRA_HOST"* ]] || return 1
  cert_key=$(openssl x509 -in "$dir/$name.crt" -noout -pubkey 2>/dev/null) || return 1
  key=$(openssl pkey -in "$dir/$name.key" -pubout 2>/dev/null) || return 1
  [[ $cert_key == "$key" ]]
}

# ensure_tls_in SVC DIR CA_NAME NAME: creates what is missing or about to expire in DIR
# (ca.crt/ca.key named CA_NAME, NAME.crt/NAME.key), under a lock (postgres.sh and redis.sh
# start in parallel). Keys 600, certificates 644 (the key an unencrypted PKCS#8, which Kafka's
# PEM keystore reads too). A new CA reissues the certificate; a valid pair is left alone.
ensure_tls_in() {
  local svc=$1 dir=$2 ca_name=$3 name=$4
  command -v openssl >/dev/null 2>&1 || apt_install "$svc" openssl
  mkdir -p "$dir"
  chmod 755 "$dir"
  (
    flock -w 60 8 || die "$svc" "timed out waiting for the TLS lock"
    local tls_log="$LOG_DIR/tls.log" tmp
    if ! [[ -s $dir/ca.crt && -s $dir/ca.key ]] ||
      ! openssl x509 -in "$dir/ca.crt" -noout -checkend "$TLS_MIN_VALIDITY" >/dev/null 2>&1; then
      log "$svc" "generating the $ca_name in $dir"
      tmp=$(mktemp -d "$dir/.ca.XXXXXX")
      (umask 077 && openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$tmp/ca.key" -out "$tmp/ca.crt" -days 3650 -subj "/CN=service-starter $ca_name" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign") \
        >>"$tls_log" 2>&1 || { rm -rf "$tmp"; show_log_tail "$tls_log"; die "$svc" "openssl could not make the CA"; }
      chmod 644 "$tmp/ca.crt"
      mv -f "$tmp/ca.key" "$dir/ca.key"
      mv -f "$tmp/ca.crt" "$dir/ca.crt"
      rm -rf "$tmp"
      rm -f "$dir/$name.crt" "$dir/$name.key"
    fi
    if ! tls_cert_ok "$dir" "$name"; then
      log "$svc" "issuing the $name certificate (127.0.0.1, localhost) in $dir"
      local san="IP:127.0.0.1,DNS:localhost"
      [[ $INFRA_HOST == 127.0.0.1 ]] || san="$san,IP:$INFRA_HOST"
      tmp=$(mktemp -d "$dir/.$name.XXXXXX")
      printf '%s\n' "subjectAltName=$san" "basicConstraints=critical,CA:FALSE" \
        "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$tmp/ext.cnf"
      if ! (umask 077 && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$tmp/$name.key" -out "$tmp/$name.csr" -subj "/CN=localhost" &&
        openssl x509 -req -in "$tmp/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
          -set_serial "0x$(openssl rand -hex 16)" -days 825 -extfile "$tmp/ext.cnf" -out "$tmp/$name.crt") \
        >>"$tls_log" 2>&1; then
        rm -rf "$tmp"
        show_log_tail "$tls_log"
        die "$svc" "openssl could not issue the $name certificate"
      fi
      chmod 644 "$tmp/$name.crt"
      mv -f "$tmp/$name.key" "$dir/$name.key"
      mv -f "$tmp/$name.crt" "$dir/$name.crt"
      rm -rf "$tmp"
      tls_cert_ok "$dir" "$name" || die "$svc" "the new $name certificate in $dir does not verify"
    fi
  ) 8>"$dir/.lock"
}

# ensure_tls SVC: the CA and server certificate of Postgres and Redis, in $TLS_DIR.
ensure_tls() {
  ensure_tls_in "$1" "$TLS_DIR" "local CA" server
}

# The Kafka Connect worker settings both local workers share (connect.sh's and the three-broker
# cluster's), printed as properties: connect_worker_properties BOOTSTRAP GROUP_ID REST_PORT
# REPLICATION_FACTOR. The caller appends what differs (the security of its broker connection).
connect_worker_properties() {
  local bootstrap=$1 group=$2 port=$3 rf=$4
  cat <<EOF
bootstrap.servers=$bootstrap
group.id=$group
listeners=http://$INFRA_HOST:$port
rest.advertised.host.name=$INFRA_HOST
rest.advertised.port=$port
plugin.path=$CACHE_DIR/debezium-postgres-${DEBEZIUM_VERSION}/plugins
# Both Kafka's and Debezium's jars carry ServiceLoader manifests, so the slow reflective
# scan of every plugin jar can be skipped.
plugin.discovery=service_load
config.storage.topic=_connect-configs
offset.storage.topic=_connect-offsets
status.storage.topic=_connect-status
config.storage.replication.factor=$rf
offset.storage.replication.factor=$rf
status.storage.replication.factor=$rf
offset.storage.partitions=1
status.storage.partitions=1
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
# Commit source offsets often so a restarted connector replays little.
offset.flush.interval.ms=1000
# Source records are acknowledged by every in-sync replica, and retried without duplicates.
producer.acks=all
producer.enable.idempotence=true
# Connector configs name secrets by reference, resolved by the worker when it starts a task:
# \${env:NAME} from the worker's environment, \${file:/path:key} from a properties file. The
# outbox connector's database.password is one (KAFKA_CONNECT_DATABASE_PASSWORD); this worker
# gets the local database's password as LOCAL_POSTGRES_PASSWORD (connect_worker_env).
config.providers=env,file
config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider
config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider
EOF
}

# The environment a local Connect worker starts with (see connect_worker_properties), as
# arguments for env(1).
connect_worker_env() {
  echo "LOCAL_POSTGRES_PASSWORD=$POSTGRES_PASSWORD"
}
