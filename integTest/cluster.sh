#!/usr/bin/env bash
# Runs a real three-node cluster from the same OpenSearch 3.5.0 installation as node.sh (k-NN and this plugin), each
# node with its own data, logs and ports:
#   leap-c0  cluster_manager, data      http 9210, transport 9310
#   leap-c1  data, ingest               http 9211, transport 9311
#   leap-c2  leap_encoder               http 9212, transport 9312   (the only node that loads models)
#   integTest/cluster.sh start            start the nodes that are not running (fresh data the first time), wait for
#                                         three nodes and the encoder's models
#   integTest/cluster.sh stop             stop every node
#   integTest/cluster.sh stop-node N      stop node N (0, 1 or 2)
#   integTest/cluster.sh start-node N     start node N again, with its data, and wait until the cluster has it
#   integTest/cluster.sh fresh-start      stop, delete every node's data, start
# Environment: LEAP_NODE_DIR (the installation, shared with node.sh), LEAP_CLUSTER_HEAP (768m).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
source "$root/bin/find-jdk"
source "$root/integTest/node-lib.sh"
heap=${LEAP_CLUSTER_HEAP:-768m}
cluster=$work/cluster
roles=("cluster_manager,data" "data,ingest" "leap_encoder")

dir() { echo "$cluster/c$1"; }
http() { echo "http://127.0.0.1:$((9210 + $1))"; }
running() { [ -f "$(dir "$1")/os.pid" ] && kill -0 "$(cat "$(dir "$1")/os.pid")" 2>/dev/null; }

start_node() {
  local n=$1 d
  d=$(dir "$n")
  if running "$n"; then return 0; fi
  mkdir -p "$d/data" "$d/logs"
  [ "$(id -u)" = 0 ] && chown -R "$user" "$d"
  log "starting leap-c$n (${roles[$n]}) on $(http "$n")"
  as_node_user env JAVA_HOME="$JAVA_HOME" OPENSEARCH_JAVA_OPTS="-Xms$heap -Xmx$heap" \
    "$home/bin/opensearch" -d -p "$d/os.pid" -Ecluster.name=leap-cluster-it -Enode.name="leap-c$n" \
    -Enode.roles="${roles[$n]}" -Enetwork.host=127.0.0.1 -Ehttp.port=$((9210 + n)) -Etransport.port=$((9310 + n)) \
    -Ediscovery.seed_hosts=127.0.0.1:9310,127.0.0.1:9311,127.0.0.1:9312 -Ecluster.initial_cluster_manager_nodes=leap-c0 \
    -Epath.data="$d/data" -Epath.logs="$d/logs" </dev/null >"$d/logs/stdout.log" 2>&1
}

stop_node() {
  local n=$1 pid
  if running "$n"; then
    pid=$(cat "$(dir "$n")/os.pid")
    kill "$pid"
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
    log "stopped leap-c$n"
  fi
  rm -f "$(dir "$n")/os.pid"
}

# Waits until the cluster (asked through node 0, or node 1 while 0 is down) has this many nodes.
wait_for_nodes() {
  local want=$1 t0=$SECONDS
  for _ in $(seq 1 360); do
    for n in 0 1; do
      if curl -sf "$(http "$n")/_cluster/health?wait_for_nodes=$want&timeout=1s" >/dev/null 2>&1; then
        log "$want nodes after $((SECONDS - t0)) s"
        return 0
      fi
    done
    sleep 0.5
  done
  log "the cluster did not reach $want nodes; last log lines:"
  for n in 0 1 2; do tail -n 20 "$(dir "$n")/logs/leap-cluster-it.log" >&2 2>/dev/null || true; done
  exit 1
}

start() {
  install
  local t0=$SECONDS
  for n in 0 1 2; do start_node "$n"; done
  wait_for_nodes 3
  wait_for_models "$t0" "$(http 2)"
}

case "${1:-}" in
  start) start ;;
  stop) for n in 2 1 0; do stop_node "$n"; done ;;
  stop-node) stop_node "$2" ;;
  start-node) t0=$SECONDS; start_node "$2"; wait_for_nodes 3; [ "$2" != 2 ] || wait_for_models "$t0" "$(http 2)" ;;
  fresh-start) for n in 2 1 0; do stop_node "$n"; done; rm -rf "$cluster"; start ;;
  *) echo "usage: $0 start|stop|stop-node N|start-node N|fresh-start" >&2; exit 2 ;;
esac
