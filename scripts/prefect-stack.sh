#!/usr/bin/env bash
# A Prefect server backed by PostgreSQL, a process work pool and workers, with our flows deployed.
#
#   bash scripts/prefect-stack.sh start    # server, pool, workers, deployments; prints PREFECT_API_URL
#   bash scripts/prefect-stack.sh status
#   bash scripts/prefect-stack.sh stop     # stops only the processes this script started
#
# Settings (environment):
#   PREFECT_STACK_DIR   pids and logs                   (default: data/prefect-stack)
#   PREFECT_STACK_PORT  the server's port               (default: 4200)
#   PREFECT_STACK_DB    the server's database           (default: the roadmap_prefect database of
#                       scripts/postgres-test-db.sh; any postgresql+asyncpg:// URL)
#   PREFECT_STACK_POOL  the work pool                   (default: roadmap-pool)
#   PREFECT_STACK_WORKERS  how many workers             (default: 2)
# The workers run flows with this environment: set ROADMAP_DATABASE_URL (or ROADMAP_DATA_DIR) and
# ROADMAP_OUT_DIR before `start` so that they use the shared database and document folder.
# On more machines: run the server once, and `prefect worker start --pool roadmap-pool` on each
# machine with PREFECT_API_URL pointing at it and the project installed in the same path.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$(pwd)/.venv/bin"
DIR="${PREFECT_STACK_DIR:-$(pwd)/data/prefect-stack}"
PORT="${PREFECT_STACK_PORT:-4200}"
DB="${PREFECT_STACK_DB:-postgresql+asyncpg://roadmap_test:roadmap_test@127.0.0.1:5432/roadmap_prefect}"
POOL="${PREFECT_STACK_POOL:-roadmap-pool}"
WORKERS="${PREFECT_STACK_WORKERS:-2}"
export PREFECT_API_URL="http://127.0.0.1:${PORT}/api"
export PREFECT_HOME="${PREFECT_HOME:-$DIR/home}"
export PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1
mkdir -p "$DIR" "$PREFECT_HOME"

healthy() { "$BIN/python" - <<PY 2>/dev/null
import urllib.request, sys
try:
    sys.exit(0 if urllib.request.urlopen("${PREFECT_API_URL}/health", timeout=2).status == 200 else 1)
except Exception:
    sys.exit(1)
PY
}

stop_pid() {  # an idle worker ignores the first SIGTERM; a second one ends it
  local file="$1"
  [ -f "$file" ] || return 0
  local pid
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; kill -TERM "$pid" 2>/dev/null || true; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

case "${1:-}" in
  start)
    if ! healthy; then
      PREFECT_SERVER_DATABASE_CONNECTION_URL="$DB" PREFECT_SERVER_API_HOST=127.0.0.1 \
        nohup "$BIN/prefect" server start --host 127.0.0.1 --port "$PORT" --no-ui \
        >"$DIR/server.log" 2>&1 &
      echo $! >"$DIR/server.pid"
      for _ in $(seq 1 120); do healthy && break; sleep 1; done
      healthy || { echo "Prefect server did not start; see $DIR/server.log" >&2; exit 1; }
    fi
    "$BIN/prefect" work-pool inspect "$POOL" >/dev/null 2>&1 \
      || "$BIN/prefect" work-pool create "$POOL" --type process >/dev/null
    for n in $(seq 1 "$WORKERS"); do
      if [ -f "$DIR/worker-$n.pid" ] && kill -0 "$(cat "$DIR/worker-$n.pid")" 2>/dev/null; then continue; fi
      nohup "$BIN/prefect" worker start --pool "$POOL" --limit 2 --name "roadmap-worker-$n" \
        >"$DIR/worker-$n.log" 2>&1 &
      echo $! >"$DIR/worker-$n.pid"
    done
    "$BIN/python" -m flows.deploy --pool "$POOL"
    echo "PREFECT_API_URL=${PREFECT_API_URL}"
    ;;
  status)
    healthy && echo "server: up (${PREFECT_API_URL})" || echo "server: down"
    for file in "$DIR"/worker-*.pid; do
      [ -f "$file" ] || continue
      kill -0 "$(cat "$file")" 2>/dev/null && echo "$(basename "$file" .pid): up" || echo "$(basename "$file" .pid): down"
    done
    ;;
  stop)
    for file in "$DIR"/worker-*.pid; do stop_pid "$file"; done
    stop_pid "$DIR/server.pid"
    ;;
  *)
    echo "usage: $0 start|status|stop" >&2
    exit 2
    ;;
esac
