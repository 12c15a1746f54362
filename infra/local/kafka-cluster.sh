#!/usr/bin/env bash
# A three-broker KRaft cluster on this machine (three broker+controller JVMs with their own
# node.id, ports and log dirs), replication factor 3 and min.insync.replicas 2, with a Kafka
# Connect worker of its own (internal topics at replication factor 3). For fault tests that kill
# brokers; it runs beside the single-broker infrastructure of up.sh and shares its jars.
#
# Usage: kafka-cluster.sh start|stop|status|brokers|connect-url
#        kafka-cluster.sh kill <node 1-3>     kill -9 one broker (a crash, no clean shutdown)
#        kafka-cluster.sh start-node <node>   start one broker again (after kill)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SVC=kafka-cluster
NODES=(1 2 3)
KAFKA_LIBS="$CACHE_DIR/kafka-${KAFKA_SCALA_VERSION}-${KAFKA_VERSION}/libs"
CONNECT_LIBS="$CACHE_DIR/connect-${KAFKA_VERSION}/libs"
PLUGIN_PATH="$CACHE_DIR/debezium-postgres-${DEBEZIUM_VERSION}/plugins"
CLUSTER_HOME="$STATE_DIR/kafka-cluster"
CONNECT_URL="http://$INFRA_HOST:$KAFKA_CLUSTER_CONNECT_PORT"

client_port() { echo $((KAFKA_CLUSTER_BASE_PORT + $1 - 1)); }
controller_port() { echo $((KAFKA_CLUSTER_CONTROLLER_BASE_PORT + $1 - 1)); }
node_log() { echo "$LOG_DIR/kafka-cluster-$1.log"; }
node_pidfile() { echo "$PID_DIR/kafka-cluster-$1.pid"; }
node_conf() { echo "$CLUSTER_HOME/node-$1/server.properties"; }
CONNECT_LOG="$LOG_DIR/kafka-cluster-connect.log"
CONNECT_PID="$PID_DIR/kafka-cluster-connect.pid"

brokers() {
  local list=() n
  for n in "${NODES[@]}"; do list+=("$INFRA_HOST:$(client_port "$n")"); done
  (IFS=,; echo "${list[*]}")
}

voters() {
  local list=() n
  for n in "${NODES[@]}"; do list+=("$n@$INFRA_HOST:$(controller_port "$n")"); done
  (IFS=,; echo "${list[*]}")
}

node_pid() {
  local pid
  pid=$(read_pidfile "$(node_pidfile "$1")")
  if pid_is "$pid" "$(node_conf "$1")"; then echo "$pid"; fi
}

connect_pid() {
  local pid
  pid=$(read_pidfile "$CONNECT_PID")
  if pid_is "$pid" ConnectDistributed; then echo "$pid"; fi
}

write_node_config() {
  local n=$1 dir="$CLUSTER_HOME/node-$1"
  mkdir -p "$dir/data"
  cat >"$(node_conf "$n")" <<EOF
# Written by infra/local/kafka-cluster.sh on every start; edit infra.env instead.
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$(voters)
listeners=PLAINTEXT://$INFRA_HOST:$(client_port "$n"),CONTROLLER://$INFRA_HOST:$(controller_port "$n")
advertised.listeners=PLAINTEXT://$INFRA_HOST:$(client_port "$n")
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
# What production runs: three copies, two of them needed for an acknowledged write.
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
# Topics are provisioned (config/kafka-topics.yaml), never created by a client.
auto.create.topics.enable=false
# No unclean election: a replica that was not in sync never becomes leader (no lost writes).
unclean.leader.election.enable=false
offsets.topic.num.partitions=5
transaction.state.log.num.partitions=5
group.initial.rebalance.delay.ms=0
# A killed broker is declared dead after this; the fault tests wait on it.
broker.session.timeout.ms=6000
broker.heartbeat.interval.ms=1000
EOF
}

format_node() {
  local n=$1 dir="$CLUSTER_HOME/node-$1"
  [[ -f $dir/data/meta.properties ]] && return 0
  local id_file="$CLUSTER_HOME/cluster.id"
  if [[ ! -s $id_file ]]; then
    head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$id_file"
  fi
  "$JAVA" -cp "$KAFKA_LIBS/*" -Dlog4j2.configurationFile="$INFRA_DIR/log4j2.xml" \
    kafka.tools.StorageTool format -t "$(cat "$id_file")" -c "$(node_conf "$n")" --ignore-formatted \
    >>"$(node_log "$n")" 2>&1 || { show_log_tail "$(node_log "$n")"; die "$SVC" "storage format of node $n failed"; }
}

launch_node() {
  local n=$1
  if [[ -n $(node_pid "$n") ]]; then return 0; fi
  local port
  for port in "$(client_port "$n")" "$(controller_port "$n")"; do
    port_open "$port" && die "$SVC" "port $port is taken by another process $(port_owner "$port")"
  done
  write_node_config "$n"
  rotate_log "$(node_log "$n")"
  format_node "$n"
  log "$SVC" "starting broker $n on $INFRA_HOST:$(client_port "$n") (heap $KAFKA_CLUSTER_HEAP)"
  start_detached "$(node_log "$n")" "$(node_pidfile "$n")" "$JAVA" \
    -Xms"$KAFKA_CLUSTER_HEAP" -Xmx"$KAFKA_CLUSTER_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$INFRA_DIR/log4j2.xml" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$(node_conf "$n")" || die "$SVC" "could not launch broker $n"
}

wait_node() {
  local n=$1 pid
  pid=$(read_pidfile "$(node_pidfile "$n")")
  # shellcheck disable=SC2317
  node_up() { port_open "$(client_port "$n")"; }
  wait_for "$SVC" "broker $n on $INFRA_HOST:$(client_port "$n")" "$(node_log "$n")" "$pid" "$WAIT_TIMEOUT" node_up
}

write_connect_config() {
  mkdir -p "$CLUSTER_HOME/connect"
  cat >"$CLUSTER_HOME/connect/worker.properties" <<EOF
# Written by infra/local/kafka-cluster.sh on every start.
bootstrap.servers=$(brokers)
group.id=$CONNECT_GROUP_ID-cluster
listeners=http://$INFRA_HOST:$KAFKA_CLUSTER_CONNECT_PORT
rest.advertised.host.name=$INFRA_HOST
rest.advertised.port=$KAFKA_CLUSTER_CONNECT_PORT
plugin.path=$PLUGIN_PATH
plugin.discovery=service_load
config.storage.topic=_connect-configs
offset.storage.topic=_connect-offsets
status.storage.topic=_connect-status
config.storage.replication.factor=3
offset.storage.replication.factor=3
status.storage.replication.factor=3
offset.storage.partitions=1
status.storage.partitions=1
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
offset.flush.interval.ms=1000
# Source records are acknowledged by every in-sync replica, and retried without duplicates.
producer.acks=all
producer.enable.idempotence=true
EOF
}

connect_healthy() { curl -fsS -m 3 -o /dev/null "$CONNECT_URL/health" 2>/dev/null; }

start() {
  require_java "$SVC"
  "$INFRA_DIR/kafka.sh" fetch
  "$INFRA_DIR/connect.sh" fetch
  mkdir -p "$CLUSTER_HOME"
  local n
  for n in "${NODES[@]}"; do launch_node "$n"; done
  for n in "${NODES[@]}"; do wait_node "$n"; done
  log "$SVC" "brokers up: $(brokers)"
  if [[ -z $(connect_pid) ]]; then
    port_open "$KAFKA_CLUSTER_CONNECT_PORT" && die "$SVC" "port $KAFKA_CLUSTER_CONNECT_PORT is taken $(port_owner "$KAFKA_CLUSTER_CONNECT_PORT")"
    write_connect_config
    rotate_log "$CONNECT_LOG"
    log "$SVC" "starting its Kafka Connect worker on $CONNECT_URL"
    start_detached "$CONNECT_LOG" "$CONNECT_PID" "$JAVA" \
      -Xms"$CONNECT_HEAP" -Xmx"$CONNECT_HEAP" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$INFRA_DIR/log4j2.xml" \
      -cp "$CONNECT_LIBS/*" org.apache.kafka.connect.cli.ConnectDistributed "$CLUSTER_HOME/connect/worker.properties" ||
      die "$SVC" "could not launch Kafka Connect"
  fi
  wait_for "$SVC" "$CONNECT_URL/health" "$CONNECT_LOG" "$(read_pidfile "$CONNECT_PID")" "${INFRA_CONNECT_TIMEOUT:-180}" connect_healthy
  log "$SVC" "up: brokers $(brokers), Connect $CONNECT_URL"
}

stop() {
  local pid n
  pid=$(connect_pid)
  [[ -z $pid ]] || stop_pid "$SVC" "$pid"
  for n in "${NODES[@]}"; do
    pid=$(node_pid "$n")
    [[ -z $pid ]] || stop_pid "$SVC" "$pid" &
  done
  wait
  log "$SVC" "stopped"
}

kill_node() {
  local n=${1:?usage: kafka-cluster.sh kill <node>} pid
  pid=$(node_pid "$n")
  [[ -n $pid ]] || die "$SVC" "broker $n is not running"
  kill -9 "$pid"
  while pid_alive "$pid"; do sleep 0.1; done
  log "$SVC" "killed broker $n (pid $pid)"
}

start_node() {
  local n=${1:?usage: kafka-cluster.sh start-node <node>}
  require_java "$SVC"
  launch_node "$n"
  wait_node "$n"
  log "$SVC" "broker $n up"
}

status() {
  local n pid up=0
  for n in "${NODES[@]}"; do
    pid=$(node_pid "$n")
    if [[ -n $pid ]] && port_open "$(client_port "$n")"; then
      print_status "broker-$n" "$(client_port "$n")" up "$pid" && up=$((up + 1))
    else
      print_status "broker-$n" "$(client_port "$n")" down "${pid:--}" || true
    fi
  done
  pid=$(connect_pid)
  if [[ -n $pid ]] && connect_healthy; then print_status connect "$KAFKA_CLUSTER_CONNECT_PORT" up "$pid"; else print_status connect "$KAFKA_CLUSTER_CONNECT_PORT" down "${pid:--}"; fi
}

case "${1:-}" in
  start | stop | status) "$1" ;;
  kill) kill_node "${2:-}" ;;
  start-node) start_node "${2:-}" ;;
  brokers) brokers ;;
  connect-url) echo "$CONNECT_URL" ;;
  *) echo "usage: $0 start|stop|status|brokers|connect-url|kill <node>|start-node <node>" >&2; exit 2 ;;
esac
