#!/usr/bin/env bash
# Kafka Connect distributed worker with the Debezium Postgres connector in plugin.path.
# Needs the Kafka broker. Usage: connect.sh fetch|start|stop|status
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SVC=connect
CONNECT_LIBS="$CACHE_DIR/connect-${KAFKA_VERSION}/libs"
PLUGIN_PATH="$CACHE_DIR/debezium-postgres-${DEBEZIUM_VERSION}/plugins"
CONNECT_HOME="$STATE_DIR/connect"
CONNECT_CONF="$CONNECT_HOME/worker.properties"
CONNECT_LOG="$LOG_DIR/connect.log"
CONNECT_PID="$PID_DIR/connect.pid"
CONNECT_URL="http://$INFRA_HOST:$CONNECT_PORT"
# Made by kafka.sh: the CA of the broker's SASL_SSL listener, and the mark of its SCRAM user.
KAFKA_CA_FILE="$STATE_DIR/kafka/tls/ca.crt"
KAFKA_SCRAM_MARK="$STATE_DIR/kafka/scram-user.sha256"

connect_pid() {
  local pid
  pid=$(read_pidfile "$CONNECT_PID")
  if pid_is "$pid" ConnectDistributed; then echo "$pid"; fi
}

# /health answers 200 only once the worker has joined its group and read the config
# topic; before that the REST port is open but connector requests fail.
connect_healthy() {
  curl -fsS -m 3 -o /dev/null "$CONNECT_URL/health" 2>/dev/null
}

fetch() {
  if [[ ! -d $CONNECT_LIBS ]]; then
    log "$SVC" "fetching connect-runtime/json/transforms $KAFKA_VERSION from Maven Central"
    maven_fetch "$SVC" "$CONNECT_LIBS" "$LOG_DIR/fetch-connect.log" -f connect/pom.xml \
      "$DEP_PLUGIN:copy-dependencies" -DincludeScope=runtime -Dkafka.version="$KAFKA_VERSION"
    log "$SVC" "cached $(find "$CONNECT_LIBS" -name '*.jar' | wc -l) jars in $CONNECT_LIBS"
  fi
  if [[ ! -d $PLUGIN_PATH ]]; then
    local dl="$CACHE_DIR/debezium-postgres-${DEBEZIUM_VERSION}/download"
    log "$SVC" "fetching io.debezium:debezium-connector-postgres:$DEBEZIUM_VERSION plugin tarball"
    maven_fetch "$SVC" "$dl" "$LOG_DIR/fetch-connect.log" -f connect/pom.xml \
      "$DEP_PLUGIN:copy" -Dkafka.version="$KAFKA_VERSION" \
      -Dartifact="io.debezium:debezium-connector-postgres:$DEBEZIUM_VERSION:tar.gz:plugin"
    local tmp="$PLUGIN_PATH.tmp.$$"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    tar -xzf "$dl"/*.tar.gz -C "$tmp" || { rm -rf "$tmp"; die "$SVC" "could not unpack the plugin tarball"; }
    mv "$tmp" "$PLUGIN_PATH"
    rm -rf "$dl"
    log "$SVC" "unpacked Debezium plugin into $PLUGIN_PATH"
  fi
}

# The worker reaches the broker as production workers do: on its SASL_SSL listener, TLS with
# the local Kafka CA and SCRAM-SHA-512 (infra.env's user), for its own clients and for the
# connectors' producers, consumers and admin clients alike. 600: it holds the SCRAM password.
write_config() {
  mkdir -p "$CONNECT_HOME"
  : >"$CONNECT_CONF"
  chmod 600 "$CONNECT_CONF"
  local prefix
  {
    echo "# Written by infra/local/connect.sh on every start; edit infra.env instead."
    connect_worker_properties "$INFRA_HOST:$KAFKA_SASL_SSL_PORT" "$CONNECT_GROUP_ID" "$CONNECT_PORT" 1
    for prefix in "" producer. consumer. admin.; do
      cat <<EOF
${prefix}security.protocol=SASL_SSL
${prefix}sasl.mechanism=SCRAM-SHA-512
${prefix}sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$KAFKA_SCRAM_USER" password="$KAFKA_SCRAM_PASSWORD";
${prefix}ssl.truststore.type=PEM
${prefix}ssl.truststore.location=$KAFKA_CA_FILE
EOF
    done
  } >"$CONNECT_CONF"
}

# The broker's CA and SCRAM user exist once kafka.sh got past its storage format (or, on storage
# formatted before the SASL_SSL listener existed, past its start). With the broker starting
# alongside (up.sh), wait for them rather than have the JVM fail on a missing truststore.
wait_for_kafka_credentials() {
  local i
  for ((i = 0; i < WAIT_TIMEOUT * 10; i++)); do
    [[ -s $KAFKA_CA_FILE && -s $KAFKA_SCRAM_MARK ]] && return 0
    [[ -n ${INFRA_KAFKA_STARTING:-} ]] || break
    sleep 0.1
  done
  die "$SVC" "no Kafka CA ($KAFKA_CA_FILE) or SCRAM user yet: start Kafka with infra/local/kafka.sh start first"
}

start() {
  local pid
  pid=$(connect_pid)
  if [[ -n $pid ]] && port_open "$CONNECT_PORT"; then
    log "$SVC" "already running (pid $pid) on $INFRA_HOST:$CONNECT_PORT"
    return 0
  fi
  if [[ -z $pid ]]; then
    port_open "$CONNECT_PORT" && die "$SVC" "port $CONNECT_PORT is taken by another process $(port_owner "$CONNECT_PORT")"
    # up.sh launches the broker alongside us; the worker waits for it by itself (it
    # retries the cluster-id lookup for a minute) and the JVM warm-up overlaps.
    if [[ -z ${INFRA_KAFKA_STARTING:-} ]] && ! port_open "$KAFKA_PORT"; then
      die "$SVC" "Kafka is not running on $INFRA_HOST:$KAFKA_PORT; start it first (up.sh kafka connect)"
    fi
    require_java "$SVC"
    fetch
    wait_for_kafka_credentials
    write_config
    rotate_log "$CONNECT_LOG"
    log "$SVC" "starting Kafka Connect $KAFKA_VERSION with Debezium $DEBEZIUM_VERSION (heap $CONNECT_HEAP)"
    start_detached "$CONNECT_LOG" "$CONNECT_PID" env "$(connect_worker_env)" "$JAVA" \
      -Xms"$CONNECT_HEAP" -Xmx"$CONNECT_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$LOG4J2_CONF" \
      -cp "$CONNECT_LIBS/*" org.apache.kafka.connect.cli.ConnectDistributed "$CONNECT_CONF" ||
      die "$SVC" "could not launch the JVM"
    pid=$(read_pidfile "$CONNECT_PID")
  fi
  wait_for "$SVC" "$CONNECT_URL/health" "$CONNECT_LOG" "$pid" "${INFRA_CONNECT_TIMEOUT:-180}" connect_healthy
  log "$SVC" "up (pid $pid) on $CONNECT_URL"
}

stop() {
  local pid
  pid=$(connect_pid)
  if [[ -z $pid ]]; then
    log "$SVC" "not running"
    return 0
  fi
  stop_pid "$SVC" "$pid"
  rm -f "$CONNECT_PID"
  log "$SVC" "stopped"
}

status() {
  local pid
  pid=$(connect_pid)
  if [[ -n $pid ]] && port_open "$CONNECT_PORT"; then
    print_status "$SVC" "$CONNECT_PORT" up "$pid"
  else
    print_status "$SVC" "$CONNECT_PORT" down "${pid:--}"
  fi
}

case "${1:-}" in
  fetch) fetch ;;
  start | stop | status) "$1" ;;
  *) echo "usage: $0 fetch|start|stop|status" >&2; exit 2 ;;
esac
