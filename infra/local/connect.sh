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

write_config() {
  mkdir -p "$CONNECT_HOME"
  cat >"$CONNECT_CONF" <<EOF
# Written by infra/local/connect.sh on every start; edit infra.env instead.
bootstrap.servers=$INFRA_HOST:$KAFKA_PORT
group.id=$CONNECT_GROUP_ID
listeners=http://$INFRA_HOST:$CONNECT_PORT
rest.advertised.host.name=$INFRA_HOST
rest.advertised.port=$CONNECT_PORT
plugin.path=$PLUGIN_PATH
# Both Kafka's and Debezium's jars carry ServiceLoader manifests, so the slow reflective
# scan of every plugin jar can be skipped.
plugin.discovery=service_load
config.storage.topic=_connect-configs
offset.storage.topic=_connect-offsets
status.storage.topic=_connect-status
config.storage.replication.factor=1
offset.storage.replication.factor=1
status.storage.replication.factor=1
offset.storage.partitions=1
status.storage.partitions=1
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
# Commit source offsets often so a restarted connector replays little.
offset.flush.interval.ms=1000
EOF
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
    write_config
    rotate_log "$CONNECT_LOG"
    log "$SVC" "starting Kafka Connect $KAFKA_VERSION with Debezium $DEBEZIUM_VERSION (heap $CONNECT_HEAP)"
    start_detached "$CONNECT_LOG" "$CONNECT_PID" "$JAVA" \
      -Xms"$CONNECT_HEAP" -Xmx"$CONNECT_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$INFRA_DIR/log4j2.xml" \
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
