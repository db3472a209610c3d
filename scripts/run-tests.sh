#!/usr/bin/env bash
# The whole suite on SQLite; then, if a PostgreSQL is at hand (scripts/with-postgres.sh), the storage
# and service tests again on PostgreSQL (their `empty_db` and `example` fixtures switch backend).
set -euo pipefail
cd "$(dirname "$0")/.."
# Two processes: much of the suite waits on LibreOffice, Chromium and Prefect servers, not the CPU.
# Every test has its own data folder, ports and Prefect home, so they never share state.
.venv/bin/pytest -n "${ROADMAP_TEST_PROCESSES:-2}" "$@"
if [ -n "${ROADMAP_TEST_POSTGRES_URL:-}" ]; then
  echo "Storage and service tests again, on PostgreSQL 15:"
  ROADMAP_TEST_BACKEND=postgres .venv/bin/pytest -q -n "${ROADMAP_TEST_PROCESSES:-2}" \
    tests/integration/test_migrations.py tests/integration/test_stage_service.py \
    tests/integration/test_authorisation.py tests/unit/test_workflow.py tests/integration/test_review.py \
    tests/e2e/test_onboarding.py tests/integration/test_focus_stakeholders.py \
    tests/integration/test_consultations_roadmap.py tests/integration/test_cohorts.py \
    tests/e2e/test_concurrency.py tests/e2e/test_jobs.py tests/integration/test_file_store.py \
    tests/integration/test_change_stamp.py tests/integration/test_monitoring.py \
    tests/integration/test_cohort_monitoring.py tests/integration/test_applications.py \
    tests/integration/test_events.py tests/integration/test_office_records.py \
    tests/integration/test_actor_lengths.py -m "not flow"
fi
