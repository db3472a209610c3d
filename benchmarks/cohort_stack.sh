#!/usr/bin/env bash
# The national build through a Prefect server on PostgreSQL with two workers (scripts/prefect-stack.sh),
# the roadmap's own data on PostgreSQL too: generates COUNT municipalities, starts the stack, builds the
# cohort as `roadmap cohort build --deployed` does, prints the time, stops the stack.
#
#   bash benchmarks/cohort_stack.sh            # 1,390 municipalities
#   COUNT=120 bash benchmarks/cohort_stack.sh
#
# It uses the test PostgreSQL of scripts/postgres-test-db.sh and EMPTIES its roadmap_test database.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${COUNT:-1390}"
WORK="$(mktemp -d -t roadmap-cohort-stack-XXXX)"
url=$(bash scripts/postgres-test-db.sh start | tail -n 1)
export ROADMAP_DATABASE_URL="$url" ROADMAP_DATA_DIR="$WORK/data" ROADMAP_OUT_DIR="$WORK/out"
export PREFECT_STACK_DIR="$WORK/stack" PREFECT_STACK_PORT="${PREFECT_STACK_PORT:-4290}" PREFECT_HOME="$WORK/stack/home"
mkdir -p "$ROADMAP_DATA_DIR"
.venv/bin/python - "$url" "$COUNT" "$WORK/cohort" <<'PY'
import sys, time
from sqlalchemy import create_engine, text
url, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
engine = create_engine(url)
with engine.begin() as connection:
    connection.execute(text("DROP SCHEMA public CASCADE"))
    connection.execute(text("CREATE SCHEMA public"))
engine.dispose()
from roadmap.devtools.synthetic import generate_cohort
from roadmap.store.db import init_database
init_database()
started = time.perf_counter()
slug = generate_cohort(count, 7).cohort
print(f"generated {count} municipalities in {time.perf_counter() - started:.0f} s")
open(out, "w").write(slug)
PY
cohort=$(cat "$WORK/cohort")
trap 'bash scripts/prefect-stack.sh stop >/dev/null; rm -rf "$WORK"' EXIT
bash scripts/prefect-stack.sh start | tail -1
started=$(date +%s.%N)
PREFECT_API_URL="http://127.0.0.1:${PREFECT_STACK_PORT}/api" \
  .venv/bin/roadmap cohort build "$cohort" --deployed --as "koordinator@${cohort}.example.org" | tail -1
echo "deployed build of ${COUNT}: $(.venv/bin/python -c "print(f'{$(date +%s.%N) - $started:.1f}')") s (server and workers already up)"
