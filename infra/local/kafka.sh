#!/usr/bin/env bash
# Kafka broker, KRaft single node (broker+controller in one JVM), run straight from the
# Maven Central jars. Usage: kafka.sh fetch|start|stop|status
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SVC=kafka
KAFKA_LIBS="$CACHE_DIR/kafka-${KAFKA_SCALA_VERSION}-${KAFKA_VERSION}/libs"
KAFKA_HOME="$STATE_DIR/kafka"
KAFKA_DATA="$KAFKA_HOME/data"
KAFKA_CONF="$KAFKA_HOME/server.properties"
KAFKA_LOG="$LOG_DIR/kafka.log"
KAFKA_PID="$PID_DIR/kafka.pid"
# The SASL_SSL listener's certificates (a local CA of Kafka's own and the broker's), PEM.
KAFKA_TLS_DIR="$KAFKA_HOME/tls"
KAFKA_CA="$KAFKA_TLS_DIR/ca.crt"
KAFKA_CERT="$KAFKA_TLS_DIR/broker.crt"
KAFKA_KEY="$KAFKA_TLS_DIR/broker.key"
# Private key + certificate chain in one file: the broker's PEM keystore.
KAFKA_KEYSTORE="$KAFKA_TLS_DIR/broker-keystore.pem"
# sha256 of "<cluster id> <user> <password>" once the SCRAM user is in the cluster's metadata.
KAFKA_SCRAM_MARK="$KAFKA_HOME/scram-user.sha256"

kafka_pid() {
  local pid
  pid=$(read_pidfile "$KAFKA_PID")
  if pid_is "$pid" kafka.Kafka; then echo "$pid"; fi
}

fetch() {
  if [[ -d $KAFKA_LIBS ]]; then
    return 0
  fi
  log "$SVC" "fetching kafka_${KAFKA_SCALA_VERSION}:$KAFKA_VERSION and its runtime jars from Maven Central"
  maven_fetch "$SVC" "$KAFKA_LIBS" "$LOG_DIR/fetch-kafka.log" -f kafka/pom.xml \
    "$DEP_PLUGIN:copy-dependencies" -DincludeScope=runtime \
    -Dkafka.version="$KAFKA_VERSION" -Dscala.binary.version="$KAFKA_SCALA_VERSION"
  log "$SVC" "cached $(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars in $KAFKA_LIBS"
}

# The SASL_SSL listener's CA and broker certificate (lib.sh ensure_tls_in, CN "service-starter
# local Kafka CA"), and the broker's PEM keystore made from them: its private key and chain in
# one file, rebuilt whenever the certificate is newer. Clients trust $KAFKA_CA (KAFKA_SSL_CA_FILE).
ensure_kafka_tls() {
  ensure_tls_in "$SVC" "$KAFKA_TLS_DIR" "local Kafka CA" broker
  if [[ ! -s $KAFKA_KEYSTORE || $KAFKA_CERT -nt $KAFKA_KEYSTORE || $KAFKA_KEY -nt $KAFKA_KEYSTORE ]]; then
    (umask 077 && cat "$KAFKA_KEY" "$KAFKA_CERT" "$KAFKA_CA" >"$KAFKA_KEYSTORE.tmp") &&
      mv -f "$KAFKA_KEYSTORE.tmp" "$KAFKA_KEYSTORE" || die "$SVC" "could not write $KAFKA_KEYSTORE"
  fi
}

scram_mark() {
  printf '%s %s %s' "$(cat "$KAFKA_HOME/cluster.id")" "$KAFKA_SCRAM_USER" "$KAFKA_SCRAM_PASSWORD" | sha256sum | cut -d' ' -f1
}

# The SCRAM-SHA-512 user of infra.env: created at format time, but storage formatted before the
# SASL_SSL listener existed (or a password changed in infra.env) gets it here, after the start,
# through the PLAINTEXT listener. Skipped when the mark says this exact user is already in.
ensure_scram_user() {
  local mark
  mark=$(scram_mark)
  [[ -s $KAFKA_SCRAM_MARK && $(cat "$KAFKA_SCRAM_MARK") == "$mark" ]] && return 0
  require_java "$SVC"
  log "$SVC" "setting the SCRAM-SHA-512 credential of user $KAFKA_SCRAM_USER"
  "$JAVA" -cp "$KAFKA_LIBS/*" -Dlog4j2.configurationFile="$LOG4J2_CONF" \
    kafka.admin.ConfigCommand --bootstrap-server "$INFRA_HOST:$KAFKA_PORT" --alter \
    --add-config "SCRAM-SHA-512=[password=$KAFKA_SCRAM_PASSWORD]" \
    --entity-type users --entity-name "$KAFKA_SCRAM_USER" >>"$KAFKA_LOG" 2>&1 ||
    { show_log_tail "$KAFKA_LOG"; die "$SVC" "could not set the SCRAM credential of $KAFKA_SCRAM_USER"; }
  echo "$mark" >"$KAFKA_SCRAM_MARK"
}

write_config() {
  mkdir -p "$KAFKA_DATA"
  # It holds the PLAIN users' passwords (local values from infra.env, but still): 600.
  : >"$KAFKA_CONF"
  chmod 600 "$KAFKA_CONF"
  cat >"$KAFKA_CONF" <<EOF
# Written by infra/local/kafka.sh on every start; edit infra.env instead.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$INFRA_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$INFRA_HOST:$KAFKA_PORT,CONTROLLER://$INFRA_HOST:$KAFKA_CONTROLLER_PORT,SASL_SSL://$INFRA_HOST:$KAFKA_SASL_SSL_PORT
advertised.listeners=PLAINTEXT://$INFRA_HOST:$KAFKA_PORT,SASL_SSL://$INFRA_HOST:$KAFKA_SASL_SSL_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_DATA
num.partitions=1
auto.create.topics.enable=true
# Single node: every internal topic must have replication factor 1, or consumers get
# "group coordinator not available" forever.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Fewer internal partitions: the first group join creates them all, 50 by default.
offsets.topic.num.partitions=5
transaction.state.log.num.partitions=5
# Tests join and leave groups constantly; the default 3 s delay slows every first join.
group.initial.rebalance.delay.ms=0
# SASL_SSL: what production clients speak. TLS with the local CA's broker certificate (PEM
# files, no client certificates), SCRAM-SHA-512 users from the cluster metadata (created by
# format_storage / ensure_scram_user), PLAIN users listed here. No authorizer: every
# authenticated user may do anything, as on PLAINTEXT.
sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
listener.name.sasl_ssl.sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$KAFKA_PLAIN_USER="$KAFKA_PLAIN_PASSWORD";
listener.name.sasl_ssl.ssl.keystore.type=PEM
listener.name.sasl_ssl.ssl.keystore.location=$KAFKA_KEYSTORE
listener.name.sasl_ssl.ssl.truststore.type=PEM
listener.name.sasl_ssl.ssl.truststore.location=$KAFKA_CA
listener.name.sasl_ssl.ssl.client.auth=none
EOF
}

format_storage() {
  [[ -f $KAFKA_DATA/meta.properties ]] && return 0
  local id_file="$KAFKA_HOME/cluster.id"
  if [[ ! -s $id_file ]]; then
    # A KRaft cluster id is 16 random bytes, base64url without padding.
    head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$id_file"
  fi
  log "$SVC" "formatting KRaft storage in $KAFKA_DATA (cluster id $(cat "$id_file"))"
  "$JAVA" -cp "$KAFKA_LIBS/*" -Dlog4j2.configurationFile="$LOG4J2_CONF" \
    kafka.tools.StorageTool format -t "$(cat "$id_file")" -c "$KAFKA_CONF" --ignore-formatted \
    --add-scram "SCRAM-SHA-512=[name=$KAFKA_SCRAM_USER,password=$KAFKA_SCRAM_PASSWORD]" \
    >>"$KAFKA_LOG" 2>&1 || { show_log_tail "$KAFKA_LOG"; die "$SVC" "storage format failed"; }
  scram_mark >"$KAFKA_SCRAM_MARK"
}

start() {
  local pid
  pid=$(kafka_pid)
  if [[ -n $pid ]] && port_open "$KAFKA_PORT"; then
    log "$SVC" "already running (pid $pid) on $INFRA_HOST:$KAFKA_PORT"
    if port_open "$KAFKA_SASL_SSL_PORT"; then
      ensure_scram_user
    else
      log "$SVC" "WARNING: no SASL_SSL listener on $KAFKA_SASL_SSL_PORT (started by an older kafka.sh): restart it with $0 stop && $0 start"
    fi
    return 0
  fi
  if [[ -z $pid ]]; then
    local port
    for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$KAFKA_SASL_SSL_PORT"; do
      port_open "$port" && die "$SVC" "port $port is taken by another process $(port_owner "$port")"
    done
    require_java "$SVC"
    fetch
    ensure_kafka_tls
    write_config
    rotate_log "$KAFKA_LOG"
    format_storage
    log "$SVC" "starting Kafka $KAFKA_VERSION (KRaft, heap $KAFKA_HEAP)"
    start_detached "$KAFKA_LOG" "$KAFKA_PID" "$JAVA" \
      -Xms"$KAFKA_HEAP" -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$LOG4J2_CONF" \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_CONF" || die "$SVC" "could not launch the JVM"
    pid=$(read_pidfile "$KAFKA_PID")
    # Port and log line both: in 4.3 the port opens only after the broker is unfenced,
    # but the log line keeps that true should a later version bind earlier.
    # shellcheck disable=SC2317
    kafka_started() {
      port_open "$KAFKA_PORT" && port_open "$KAFKA_SASL_SSL_PORT" && grep -q 'Kafka Server started' "$KAFKA_LOG"
    }
    wait_for "$SVC" "$INFRA_HOST:$KAFKA_PORT" "$KAFKA_LOG" "$pid" "$WAIT_TIMEOUT" kafka_started
  else
    wait_for "$SVC" "$INFRA_HOST:$KAFKA_PORT" "$KAFKA_LOG" "$pid" "$WAIT_TIMEOUT" port_open "$KAFKA_PORT"
  fi
  ensure_scram_user
  log "$SVC" "up (pid $pid) on $INFRA_HOST:$KAFKA_PORT (PLAINTEXT), $INFRA_HOST:$KAFKA_SASL_SSL_PORT (SASL_SSL)"
}

stop() {
  local pid
  pid=$(kafka_pid)
  if [[ -z $pid ]]; then
    log "$SVC" "not running"
    return 0
  fi
  stop_pid "$SVC" "$pid"
  rm -f "$KAFKA_PID"
  log "$SVC" "stopped"
}

status() {
  local pid
  pid=$(kafka_pid)
  if [[ -n $pid ]] && port_open "$KAFKA_PORT"; then
    print_status "$SVC" "$KAFKA_PORT" up "$pid"
  else
    print_status "$SVC" "$KAFKA_PORT" down "${pid:--}"
  fi
}

case "${1:-}" in
  fetch) require_java "$SVC"; fetch ;;
  start | stop | status) "$1" ;;
  *) echo "usage: $0 fetch|start|stop|status" >&2; exit 2 ;;
esac
