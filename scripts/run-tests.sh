#!/usr/bin/env bash
# The whole suite on SQLite; then, if a PostgreSQL is at hand (scripts/with-postgres.sh), the storage
# and service tests again on PostgreSQL (their `empty_db` and `example` fixtures switch backend).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pytest "$@"
if [ -n "${ROADMAP_TEST_POSTGRES_URL:-}" ]; then
  echo "Storage and service tests again, on PostgreSQL 15:"
  ROADMAP_TEST_BACKEND=postgres .venv/bin/pytest -q \
    tests/test_migrations.py tests/test_stage_service.py tests/test_authorisation.py tests/test_workflow.py \
    tests/test_review.py tests/test_onboarding.py tests/test_focus_stakeholders.py \
    tests/test_consultations_roadmap.py tests/test_cohorts.py tests/test_concurrency.py -m "not flow"
fi
