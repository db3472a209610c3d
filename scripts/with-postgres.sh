#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL for the tests that use it; stop it afterwards if we started it.
# If PostgreSQL cannot be installed or started, the command still runs and those tests are skipped.
set -uo pipefail
here="$(dirname "$0")"
was_running=false
pg_isready -q -h 127.0.0.1 2>/dev/null && was_running=true
if url=$(bash "$here/postgres-test-db.sh" start | tail -n 1); then
  export ROADMAP_TEST_POSTGRES_URL="$url"
  $was_running || trap 'bash "$here/postgres-test-db.sh" stop' EXIT
else
  echo "PostgreSQL could not be started: its tests will be skipped." >&2
fi
"$@"
