#!/usr/bin/env bash
# A three-broker KRaft cluster on this machine: three broker-only JVMs (node.id 1-3, their own
# ports and log dirs) and one dedicated KRaft controller JVM (node.id 100, the only voter of a
# static quorum), replication factor 3 and min.insync.replicas 2, with a Kafka Connect worker of
# its own (internal topics at replication factor 3). For fault tests that kill brokers: the
# controller stays up, so with brokers down it still fences them and shrinks the in-sync replica
# sets (two of three down: acks=all writes are refused with NOT_ENOUGH_REPLICAS). One controller
# is enough for that and spares a core on a two-core machine. It runs beside the single-broker
# infrastructure of up.sh and shares its jars.
#
# Usage: kafka-cluster.sh start|stop|status|brokers|connect-url
#        kafka-cluster.sh kill <node 1-3>     kill -9 one broker (a crash, no clean shutdown)
#        kafka-cluster.sh start-node <node>   start one broker again (after kill)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SVC=kafka-cluster
NODES=(1 2 3)
# The controller's node.id, outside the brokers' range. Its files use the name "controller".
CONTROLLER_ID=100
KAFKA_LIBS="$CACHE_DIR/kafka-${KAFKA_SCALA_VERSION}-${KAFKA_VERSION}/libs"
CONNECT_LIBS="$CACHE_DIR/connect-${KAFKA_VERSION}/libs"
CLUSTER_HOME="$STATE_DIR/kafka-cluster"
CONNECT_URL="http://$INFRA_HOST:$KAFKA_CLUSTER_CONNECT_PORT"
# Written when the state dir is (re)created; state without it or with another value was
# formatted for another topology (before: three combined broker+controller nodes).
LAYOUT="brokers=1,2,3 controller=$CONTROLLER_ID"
LAYOUT_FILE="$CLUSTER_HOME/layout"

client_port() { echo $((KAFKA_CLUSTER_BASE_PORT + $1 - 1)); }
CONTROLLER_PORT=$KAFKA_CLUSTER_CONTROLLER_BASE_PORT
# Per-node files; <node> is a broker number or "controller".
node_dir() { if [[ $1 == controller ]]; then echo "$CLUSTER_HOME/controller"; else echo "$CLUSTER_HOME/node-$1"; fi; }
node_log() { echo "$LOG_DIR/kafka-cluster-$1.log"; }
node_pidfile() { echo "$PID_DIR/kafka-cluster-$1.pid"; }
node_conf() { echo "$(node_dir "$1")/server.properties"; }
CONNECT_LOG="$LOG_DIR/kafka-cluster-connect.log"
CONNECT_PID="$PID_DIR/kafka-cluster-connect.pid"

brokers() {
  local list=() n
  for n in "${NODES[@]}"; do list+=("$INFRA_HOST:$(client_port "$n")"); done
  (IFS=,; echo "${list[*]}")
}

# A static quorum of one voter.
voters() { echo "$CONTROLLER_ID@$INFRA_HOST:$CONTROLLER_PORT"; }

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

# Settings both roles read: the controller creates topics (default replication factor), elects
# leaders (no unclean election), fences brokers (session timeout) and keeps the eligible leader
# replicas (min ISR); the brokers check min ISR on every acks=all write.
cluster_policy() {
  cat <<EOF
controller.quorum.voters=$(voters)
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
# What production runs: three copies, two of them needed for an acknowledged write.
default.replication.factor=3
min.insync.replicas=2
# No unclean election: a replica that was not in sync never becomes leader (no lost writes).
unclean.leader.election.enable=false
# A killed broker is declared dead (fenced, dropped from the in-sync replicas) after this; the
# fault tests wait on it.
broker.session.timeout.ms=6000
EOF
}

write_controller_config() {
  local dir
  dir=$(node_dir controller)
  mkdir -p "$dir/data"
  cat >"$(node_conf controller)" <<EOF
# Written by infra/local/kafka-cluster.sh on every start; edit infra.env instead.
process.roles=controller
node.id=$CONTROLLER_ID
listeners=CONTROLLER://$INFRA_HOST:$CONTROLLER_PORT
log.dirs=$dir/data
$(cluster_policy)
EOF
}

write_broker_config() {
  local n=$1 dir
  dir=$(node_dir "$n")
  mkdir -p "$dir/data"
  cat >"$(node_conf "$n")" <<EOF
# Written by infra/local/kafka-cluster.sh on every start; edit infra.env instead.
process.roles=broker
node.id=$n
listeners=PLAINTEXT://$INFRA_HOST:$(client_port "$n")
advertised.listeners=PLAINTEXT://$INFRA_HOST:$(client_port "$n")
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
$(cluster_policy)
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
# Topics are provisioned (config/kafka-topics.yaml), never created by a client.
auto.create.topics.enable=false
offsets.topic.num.partitions=5
transaction.state.log.num.partitions=5
group.initial.rebalance.delay.ms=0
broker.heartbeat.interval.ms=1000
EOF
}

# State formatted for another topology (the old three broker+controller nodes: their metadata
# log lives in the nodes' data dirs, which the new controller would not have) cannot be reused:
# it holds test data only, so stop whatever of it runs and start from empty storage.
check_layout() {
  [[ -d $CLUSTER_HOME ]] || mkdir -p "$CLUSTER_HOME"
  if [[ -f $LAYOUT_FILE && $(cat "$LAYOUT_FILE") == "$LAYOUT" ]]; then return 0; fi
  if compgen -G "$CLUSTER_HOME/node-*" >/dev/null || [[ -e $CLUSTER_HOME/controller || -e $CLUSTER_HOME/cluster.id ]]; then
    local was="another layout"
    grep -qs '^process.roles=broker,controller' "$CLUSTER_HOME"/node-*/server.properties &&
      was="the old layout (three combined broker+controller nodes)"
    log "$SVC" "$CLUSTER_HOME was formatted for $was; stopping it and wiping its state (test data only) to format it as $LAYOUT"
    stop
    rm -rf "$CLUSTER_HOME"/node-* "$CLUSTER_HOME/controller" "$CLUSTER_HOME/cluster.id"
  fi
  echo "$LAYOUT" >"$LAYOUT_FILE"
}

node_name() { if [[ $1 == controller ]]; then echo "controller $CONTROLLER_ID"; else echo "broker $1"; fi; }
node_port() { if [[ $1 == controller ]]; then echo "$CONTROLLER_PORT"; else client_port "$1"; fi; }

# The one cluster id every node (the controller and the brokers) is formatted with.
cluster_id() {
  local id_file="$CLUSTER_HOME/cluster.id"
  if [[ ! -s $id_file ]]; then
    head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$id_file"
  fi
  cat "$id_file"
}

# prepare_node <broker number|controller>: its config, a fresh log, its storage formatted (once).
prepare_node() {
  local n=$1 dir
  dir=$(node_dir "$n")
  if [[ $n == controller ]]; then write_controller_config; else write_broker_config "$n"; fi
  rotate_log "$(node_log "$n")"
  [[ -f $dir/data/meta.properties ]] && return 0
  "$JAVA" -cp "$KAFKA_LIBS/*" -Dlog4j2.configurationFile="$LOG4J2_CONF" \
    kafka.tools.StorageTool format -t "$(cluster_id)" -c "$(node_conf "$n")" --ignore-formatted \
    >>"$(node_log "$n")" 2>&1 || { show_log_tail "$(node_log "$n")"; die "$SVC" "storage format of $(node_name "$n") failed"; }
}

# prepare_nodes NODE...: the nodes that are not running, in parallel (a format is a JVM of its own,
# about 3 s of CPU each: four of them one after the other nearly doubled a cold start).
prepare_nodes() {
  local n jobs=() failed=0 job
  cluster_id >/dev/null
  for n in "$@"; do
    [[ -n $(node_pid "$n") ]] && continue
    prepare_node "$n" &
    jobs+=($!)
  done
  for job in "${jobs[@]}"; do wait "$job" || failed=1; done
  ((failed == 0)) || die "$SVC" "could not prepare the nodes' storage"
}

# launch_node <broker number|controller>: starts it unless it runs (prepare_nodes first).
launch_node() {
  local n=$1 heap=$KAFKA_CLUSTER_HEAP port
  if [[ -n $(node_pid "$n") ]]; then return 0; fi
  port=$(node_port "$n")
  port_open "$port" && die "$SVC" "port $port is taken by another process $(port_owner "$port")"
  [[ $n == controller ]] && heap=$KAFKA_CLUSTER_CONTROLLER_HEAP
  log "$SVC" "starting $(node_name "$n") on $INFRA_HOST:$port (heap $heap)"
  start_detached "$(node_log "$n")" "$(node_pidfile "$n")" "$JAVA" \
    -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$LOG4J2_CONF" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$(node_conf "$n")" || die "$SVC" "could not launch $(node_name "$n")"
}

# A broker opens its client port once the controller has registered and unfenced it.
wait_node() {
  local n=$1 pid
  pid=$(read_pidfile "$(node_pidfile "$n")")
  # shellcheck disable=SC2317
  node_up() { port_open "$(node_port "$n")"; }
  wait_for "$SVC" "$(node_name "$n") on $INFRA_HOST:$(node_port "$n")" "$(node_log "$n")" "$pid" "$WAIT_TIMEOUT" node_up
}

# Plaintext to its brokers (the cluster is for fault tests, not for TLS); RF 3 internal topics.
write_connect_config() {
  mkdir -p "$CLUSTER_HOME/connect"
  {
    echo "# Written by infra/local/kafka-cluster.sh on every start."
    connect_worker_properties "$(brokers)" "$CONNECT_GROUP_ID-cluster" "$KAFKA_CLUSTER_CONNECT_PORT" 3
  } >"$CLUSTER_HOME/connect/worker.properties"
}

connect_healthy() { curl -fsS -m 3 -o /dev/null "$CONNECT_URL/health" 2>/dev/null; }

start() {
  require_java "$SVC"
  "$INFRA_DIR/kafka.sh" fetch
  "$INFRA_DIR/connect.sh" fetch
  check_layout
  local n
  prepare_nodes controller "${NODES[@]}"
  # All four JVMs at once: the brokers retry until the controller listens.
  for n in controller "${NODES[@]}"; do launch_node "$n"; done
  for n in controller "${NODES[@]}"; do wait_node "$n"; done
  log "$SVC" "brokers up: $(brokers), controller $CONTROLLER_ID on $INFRA_HOST:$CONTROLLER_PORT"
  if [[ -z $(connect_pid) ]]; then
    port_open "$KAFKA_CLUSTER_CONNECT_PORT" && die "$SVC" "port $KAFKA_CLUSTER_CONNECT_PORT is taken $(port_owner "$KAFKA_CLUSTER_CONNECT_PORT")"
    write_connect_config
    rotate_log "$CONNECT_LOG"
    log "$SVC" "starting its Kafka Connect worker on $CONNECT_URL"
    start_detached "$CONNECT_LOG" "$CONNECT_PID" env "$(connect_worker_env)" "$JAVA" \
      -Xms"$CONNECT_HEAP" -Xmx"$CONNECT_HEAP" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$LOG4J2_CONF" \
      -cp "$CONNECT_LIBS/*" org.apache.kafka.connect.cli.ConnectDistributed "$CLUSTER_HOME/connect/worker.properties" ||
      die "$SVC" "could not launch Kafka Connect"
  fi
  wait_for "$SVC" "$CONNECT_URL/health" "$CONNECT_LOG" "$(read_pidfile "$CONNECT_PID")" "${INFRA_CONNECT_TIMEOUT:-180}" connect_healthy
  log "$SVC" "up: brokers $(brokers), Connect $CONNECT_URL"
}

# Connect, then the brokers (their controlled shutdown goes through the controller), then the
# controller.
stop() {
  local pid n
  pid=$(connect_pid)
  [[ -z $pid ]] || stop_pid "$SVC" "$pid"
  for n in "${NODES[@]}"; do
    pid=$(node_pid "$n")
    [[ -z $pid ]] || stop_pid "$SVC" "$pid" &
  done
  wait
  pid=$(node_pid controller)
  [[ -z $pid ]] || stop_pid "$SVC" "$pid"
  log "$SVC" "stopped"
}

broker_arg() {
  local n=${1:-}
  [[ " ${NODES[*]} " == *" $n "* ]] || die "$SVC" "usage: kafka-cluster.sh $2 <broker ${NODES[0]}-${NODES[-1]}> (got '${n}')"
}

kill_node() {
  local n=${1:-} pid
  broker_arg "$n" kill
  pid=$(node_pid "$n")
  [[ -n $pid ]] || die "$SVC" "broker $n is not running"
  kill -9 "$pid"
  while pid_alive "$pid"; do sleep 0.1; done
  log "$SVC" "killed broker $n (pid $pid)"
}

start_node() {
  local n=${1:-}
  broker_arg "$n" start-node
  [[ -f $LAYOUT_FILE && $(cat "$LAYOUT_FILE") == "$LAYOUT" ]] ||
    die "$SVC" "$CLUSTER_HOME is not formatted for this layout yet: run kafka-cluster.sh start"
  require_java "$SVC"
  # The controller too, should it be down: a broker waits for it to be registered.
  prepare_nodes controller "$n"
  launch_node controller
  launch_node "$n"
  wait_node controller
  wait_node "$n"
  log "$SVC" "broker $n up"
}

status() {
  local n pid
  for n in "${NODES[@]}"; do
    pid=$(node_pid "$n")
    if [[ -n $pid ]] && port_open "$(client_port "$n")"; then
      print_status "broker-$n" "$(client_port "$n")" up "$pid" || true
    else
      print_status "broker-$n" "$(client_port "$n")" down "${pid:--}" || true
    fi
  done
  pid=$(node_pid controller)
  if [[ -n $pid ]] && port_open "$CONTROLLER_PORT"; then
    print_status "ctrl-$CONTROLLER_ID" "$CONTROLLER_PORT" up "$pid" || true
  else
    print_status "ctrl-$CONTROLLER_ID" "$CONTROLLER_PORT" down "${pid:--}" || true
  fi
  pid=$(connect_pid)
  if [[ -n $pid ]] && connect_healthy; then print_status connect "$KAFKA_CLUSTER_CONNECT_PORT" up "$pid"; else print_status connect "$KAFKA_CLUSTER_CONNECT_PORT" down "${pid:--}"; fi
}

case "${1:-}" in
  start | stop | status) "$1" ;;
  kill) kill_node "${2:-}" ;;
  start-node) start_node "${2:-}" ;;
  brokers) brokers ;;
  connect-url) echo "$CONNECT_URL" ;;
  *) echo "usage: $0 start|stop|status|brokers|connect-url|kill <broker>|start-node <broker>" >&2; exit 2 ;;
esac
