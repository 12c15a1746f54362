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

write_config() {
  mkdir -p "$KAFKA_DATA"
  cat >"$KAFKA_CONF" <<EOF
# Written by infra/local/kafka.sh on every start; edit infra.env instead.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$INFRA_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$INFRA_HOST:$KAFKA_PORT,CONTROLLER://$INFRA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$INFRA_HOST:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
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
  "$JAVA" -cp "$KAFKA_LIBS/*" -Dlog4j2.configurationFile="$INFRA_DIR/log4j2.xml" \
    kafka.tools.StorageTool format -t "$(cat "$id_file")" -c "$KAFKA_CONF" --ignore-formatted \
    >>"$KAFKA_LOG" 2>&1 || { show_log_tail "$KAFKA_LOG"; die "$SVC" "storage format failed"; }
}

start() {
  local pid
  pid=$(kafka_pid)
  if [[ -n $pid ]] && port_open "$KAFKA_PORT"; then
    log "$SVC" "already running (pid $pid) on $INFRA_HOST:$KAFKA_PORT"
    return 0
  fi
  if [[ -z $pid ]]; then
    local port
    for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
      port_open "$port" && die "$SVC" "port $port is taken by another process $(port_owner "$port")"
    done
    require_java "$SVC"
    fetch
    write_config
    rotate_log "$KAFKA_LOG"
    format_storage
    log "$SVC" "starting Kafka $KAFKA_VERSION (KRaft, heap $KAFKA_HEAP)"
    start_detached "$KAFKA_LOG" "$KAFKA_PID" "$JAVA" \
      -Xms"$KAFKA_HEAP" -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$INFRA_DIR/log4j2.xml" \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_CONF" || die "$SVC" "could not launch the JVM"
    pid=$(read_pidfile "$KAFKA_PID")
    # Port and log line both: in 4.3 the port opens only after the broker is unfenced,
    # but the log line keeps that true should a later version bind earlier.
    # shellcheck disable=SC2317
    kafka_started() { port_open "$KAFKA_PORT" && grep -q 'Kafka Server started' "$KAFKA_LOG"; }
    wait_for "$SVC" "$INFRA_HOST:$KAFKA_PORT" "$KAFKA_LOG" "$pid" "$WAIT_TIMEOUT" kafka_started
  else
    wait_for "$SVC" "$INFRA_HOST:$KAFKA_PORT" "$KAFKA_LOG" "$pid" "$WAIT_TIMEOUT" port_open "$KAFKA_PORT"
  fi
  log "$SVC" "up (pid $pid) on $INFRA_HOST:$KAFKA_PORT"
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
