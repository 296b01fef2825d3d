#!/usr/bin/env bash
# Runs one real OpenSearch 3.5.0 node (the integ-test-zip distribution from Maven Central) with opensearch-knn 3.5.0.0
# and this plugin installed, on 127.0.0.1:9200.
#   integTest/node.sh start     unpack (first time), install or update the plugins, start, wait until it answers
#   integTest/node.sh stop      stop the node this script started
#   integTest/node.sh restart   stop, then start with the same data (cluster state survives)
#   integTest/node.sh crash-restart   kill -9 (no shutdown at all), then start with the same data
#   integTest/node.sh fresh-start   stop, delete the data (indices, cluster state, natives cache), start
#   integTest/node.sh clean     stop and delete the node and its data
#   integTest/node.sh status    say whether it runs
# OpenSearch refuses to run as root, so when run as root the node runs as an unprivileged user (LEAP_NODE_USER,
# created on first use). The plugin zip must exist (mvn package); the two zips are fetched by Maven when missing.
# Environment: LEAP_NODE_DIR (where the node lives), LEAP_NODE_PORT (9200), LEAP_NODE_HEAP (1g), LEAP_NODE_SETTINGS
# (more -E settings, e.g. -Eplugins.leap.models=bge-small-en-v1.5).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
source "$root/bin/find-jdk"
source "$root/integTest/node-lib.sh"
port=${LEAP_NODE_PORT:-9200}
url=http://127.0.0.1:$port
heap=${LEAP_NODE_HEAP:-1g}

running() { [ -f "$home/os.pid" ] && kill -0 "$(cat "$home/os.pid")" 2>/dev/null; }

start() {
  if running; then log "already running (pid $(cat "$home/os.pid"))"; return 0; fi
  if curl -s -o /dev/null "$url"; then log "port $port is taken by another process"; exit 1; fi
  install
  mkdir -p "$home/logs"
  local t0=$SECONDS
  log "starting on $url"
  # stdin/stdout/stderr redirected: a daemon holding the caller's pipe open would hang it
  as_node_user env JAVA_HOME="$JAVA_HOME" OPENSEARCH_JAVA_OPTS="-Xms$heap -Xmx$heap ${LEAP_NODE_JAVA_OPTS:-}" \
    "$home/bin/opensearch" -d -p "$home/os.pid" -Ediscovery.type=single-node -Enetwork.host=127.0.0.1 \
    -Ehttp.port="$port" -Ecluster.name=leap-it -Enode.name=leap-node-0 ${LEAP_NODE_SETTINGS:-} \
    </dev/null >"$home/logs/stdout.log" 2>&1
  for _ in $(seq 1 600); do
    if curl -sf "$url/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
      log "up in $((SECONDS - t0)) s; waiting for the models to load"
      wait_for_models "$t0" "$url"
      return 0
    fi
    if [ -f "$home/os.pid" ] && ! running; then break; fi
    sleep 0.5
  done
  log "the node did not come up; last log lines:"
  tail -n 40 "$home/logs/leap-it.log" "$home/logs/stdout.log" >&2 2>/dev/null || true
  exit 1
}

stop() {
  if running; then
    local pid
    pid=$(cat "$home/os.pid")
    kill "$pid"
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then log "pid $pid did not stop in 60 s; killing it"; kill -9 "$pid"; fi
    log "stopped"
  fi
  rm -f "$home/os.pid"
}

crash() {
  if running; then
    local pid
    pid=$(cat "$home/os.pid")
    kill -9 "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    log "killed pid $pid with SIGKILL"
  fi
  rm -f "$home/os.pid"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  crash-restart) crash; start ;;
  fresh-start) stop; rm -rf "$home/data"; start ;;
  clean) stop; rm -rf "$home" ;;
  status) if running; then echo "running (pid $(cat "$home/os.pid")) on $url"; else echo "stopped"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|restart|crash-restart|fresh-start|clean|status" >&2; exit 2 ;;
esac
