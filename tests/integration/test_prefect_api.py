"""An orchestrated cohort build started here runs on a temporary Prefect server of this process's own,
started before Prefect is imported, and records its run there."""

from __future__ import annotations

import asyncio

import pytest

from roadmap.devtools.synthetic import generate_cohort
from roadmap.runner import build_cohort
from roadmap.services.access import SYSTEM
from roadmap.services.cohorts import cohort_members


@pytest.mark.flow
def test_an_orchestrated_cohort_build_runs_on_a_temporary_server_and_records_its_run(
    empty_db, tmp_path, monkeypatch
):
    from roadmap import prefect_api

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    cohort = generate_cohort(4, 3).cohort
    slugs = list(cohort_members(SYSTEM, cohort))
    summary = build_cohort(
        cohort, slugs, "tr", engine="flow", out_dir=tmp_path / "docs", workers=2, chunk_size=2
    )
    assert (summary.built, summary.failed) == (4, 0)

    server = prefect_api.temporary_server()  # the one the build used, still running for the next
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    async def runs() -> list[tuple[str, str]]:
        async with get_client() as client:
            return [(run.flow_id.hex, run.state_name or "") for run in await client.read_flow_runs()]

    with temporary_settings(updates={PREFECT_API_URL: server.ready()}):
        found = asyncio.run(runs())
    assert [state for _, state in found] == ["Completed"]
    server.stop()
    assert server.process.poll() is not None
