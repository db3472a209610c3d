"""The cohort's themes flow, run by Prefect: suggestions per municipality and a Markdown artifact."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from conftest import COORDINATOR, SLUG

pytestmark = pytest.mark.flow


def test_the_cohort_themes_flow_lists_topics_and_leaves_an_artifact(example, prefect_harness):
    from prefect.client.orchestration import get_client

    from flows.themes import cohort_themes
    from roadmap.services.cohorts import add_to_cohort, create_cohort

    create_cohort(COORDINATOR, "kohort", "Kohort 2026", date(2026, 3, 1), date(2026, 12, 1))
    add_to_cohort(COORDINATOR, "kohort", [SLUG], [])
    topics = cohort_themes("kohort", least=1)
    assert topics and all(t.municipalities == [SLUG] for t in topics)

    async def artifact() -> str:
        async with get_client() as client:
            found = await client.read_latest_artifacts()
            return next(a.data for a in found if a.key == "cohort-themes-kohort")

    assert topics[0].word in asyncio.run(artifact())
