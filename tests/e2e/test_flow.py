"""The build-roadmap flow as a real Prefect run (temporary local server, started once)."""

from __future__ import annotations

import asyncio

import pytest
from test_document import content_text

from roadmap.pipeline import build_roadmap_document

pytestmark = pytest.mark.flow


def test_flow_run_writes_the_same_document_as_the_direct_path_and_reports_what_waits(
    example, prefect_harness, tmp_path
):
    from prefect.client.orchestration import get_client

    from flows.build_roadmap import run_in_process as build_roadmap

    orchestrated = build_roadmap("ornekkoy", out=tmp_path / "prefect.docx")
    direct = build_roadmap_document("ornekkoy", out=tmp_path / "direct.docx")
    assert orchestrated.path.exists()
    assert content_text(orchestrated.path) == content_text(direct.path)
    assert orchestrated.draft and [int(w.stage) for w in orchestrated.waiting] == [4, 5, 6]

    async def artifact_markdown() -> str:
        async with get_client() as client:
            artifacts = await client.read_latest_artifacts()
            return next(a.data for a in artifacts if a.key == "roadmap-ornekkoy")

    summary = asyncio.run(artifact_markdown())
    assert "Katılım toplantıları: danışman incelemeli" in summary


def test_flow_is_idempotent(example, prefect_harness, tmp_path):
    from flows.build_roadmap import run_in_process as build_roadmap

    out = tmp_path / "exports" / "roadmap.docx"
    first = content_text(build_roadmap("ornekkoy", out=out).path)
    second = content_text(build_roadmap("ornekkoy", out=out).path)
    assert first == second
    assert [p.name for p in out.parent.iterdir()] == ["roadmap.docx"]  # no temporary files left behind


def test_flow_tasks_run_as_plain_functions_without_a_server(example):
    from flows.build_roadmap import TASKS

    data = TASKS.load.fn("ornekkoy").data
    analysis = TASKS.analyse.fn(data, "tr")
    assert analysis.findings.staff_responses == 40
    assert [r.code for r in analysis.ranking if r.selected] != []
