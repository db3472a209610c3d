"""Beyond one machine: a real Prefect server on PostgreSQL, a process work pool and two workers.

``scripts/prefect-stack.sh`` starts them and deploys our flows; ``roadmap cohort build --deployed``
hands a cohort to the workers and waits. Needs the PostgreSQL of scripts/with-postgres.sh.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import use_data_dir

from roadmap.devtools.synthetic import generate_cohort
from roadmap.services.access import SYSTEM
from roadmap.services.cohorts import cohort_members, cohort_progress
from roadmap.store.db import init_database

pytestmark = pytest.mark.server
ROOT = Path(__file__).resolve().parents[2]
PORT = "4251"


def test_a_cohort_is_built_by_workers_of_a_real_prefect_server(tmp_path):
    url = os.environ.get("ROADMAP_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("no PostgreSQL for the Prefect server: run through scripts/with-postgres.sh")
    use_data_dir(tmp_path)
    init_database()
    cohort = generate_cohort(4, 9).cohort
    prefect_db = url.rsplit("/", 1)[0].replace("+psycopg", "+asyncpg") + "/roadmap_prefect"
    env = {
        **os.environ,
        "PREFECT_STACK_DIR": str(tmp_path / "stack"),
        "PREFECT_STACK_PORT": PORT,
        "PREFECT_STACK_DB": prefect_db,
        "PREFECT_STACK_POOL": "roadmap-test-pool",
        "PREFECT_HOME": str(tmp_path / "stack" / "home"),
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    stack = ["bash", str(ROOT / "scripts" / "prefect-stack.sh")]
    try:
        started = subprocess.run([*stack, "start"], env=env, capture_output=True, text=True, timeout=300)
        assert started.returncode == 0, started.stdout + started.stderr
        assert "deployed cohort-build/cohort-build" in started.stdout
        status = subprocess.run([*stack, "status"], env=env, capture_output=True, text=True, timeout=60)
        assert status.stdout.count(": up") == 3, status.stdout  # the server and two workers

        build = subprocess.run(
            [
                sys.executable,
                "-m",
                "roadmap",
                "cohort",
                "build",
                cohort,
                "--deployed",
                "--as",
                f"koordinator@{cohort}.example.org",
            ],
            env={**env, "PREFECT_API_URL": f"http://127.0.0.1:{PORT}/api"},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert build.returncode == 0, build.stdout + build.stderr
        assert "4 yol haritası yazıldı" in build.stdout
    finally:
        subprocess.run([*stack, "stop"], env=env, capture_output=True, timeout=120)

    rows = cohort_progress(SYSTEM, cohort).rows
    assert all(row.exports == 1 for row in rows)
    for slug in cohort_members(SYSTEM, cohort):
        assert (tmp_path / "out" / cohort / f"{slug}-yol-haritasi-tr.docx").exists()
    status = subprocess.run([*stack, "status"], env=env, capture_output=True, text=True, timeout=60)
    assert ": up" not in status.stdout  # nothing left running
