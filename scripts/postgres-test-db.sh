#!/usr/bin/env bash
# A throwaway PostgreSQL 15 database for the tests that run on PostgreSQL (Debian's packages).
#   bash scripts/postgres-test-db.sh start   # installs if missing, starts, prints the URL to export
#   bash scripts/postgres-test-db.sh stop
set -euo pipefail
ROLE=roadmap_test
PASSWORD=roadmap_test
DATABASE=roadmap_test
PREFECT_DATABASE=roadmap_prefect
URL="postgresql+psycopg://${ROLE}:${PASSWORD}@127.0.0.1:5432/${DATABASE}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

case "${1:-}" in
  start)
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
      echo "Installing PostgreSQL 15 (Debian package)…" >&2
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq postgresql >/dev/null
    fi
    $SUDO pg_ctlcluster 15 main start >/dev/null 2>&1 || true  # "already running" is fine; stdout is the URL
    for _ in $(seq 1 30); do
      $SUDO su postgres -c "pg_isready -q -h 127.0.0.1" && break
      sleep 1
    done
    $SUDO su postgres -c "psql -q -v ON_ERROR_STOP=1" <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ROLE}') THEN
    CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}';
  END IF;
END \$\$;
SQL
    # Ours, one more for each test process (pytest-xdist's gw0, gw1, …), and one for a Prefect server
    # (scripts/prefect-stack.sh).
    for name in "${DATABASE}" "${DATABASE}_gw0" "${DATABASE}_gw1" "${DATABASE}_gw2" "${DATABASE}_gw3" "${PREFECT_DATABASE}"; do
      if ! $SUDO su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = '${name}'\"" | grep -q 1; then
        $SUDO su postgres -c "createdb -O ${ROLE} ${name}"
      fi
    done
    echo "${URL}"
    ;;
  stop)
    $SUDO pg_ctlcluster 15 main stop 2>/dev/null || true
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
