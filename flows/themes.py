"""Themes for a cohort: each municipality's inputs grouped into suggested themes (the model runs in this
process, offline), and the themes that recur across the cohort as a Markdown artifact.

One municipality needs no flow: ``roadmap themes SLUG`` (``roadmap.services.themes.theme_synthesis``).
"""

from __future__ import annotations

from roadmap.settings import configure_prefect_defaults

configure_prefect_defaults()  # before Prefect reads its settings on import

from prefect import flow, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from roadmap.analysis.synthesis import RecurringTopic, recurring_topics  # noqa: E402
from roadmap.domain.content import Theme  # noqa: E402
from roadmap.errors import RoadmapError  # noqa: E402
from roadmap.services.access import SYSTEM  # noqa: E402
from roadmap.services.cohorts import cohort_members  # noqa: E402
from roadmap.services.themes import theme_synthesis  # noqa: E402


@task(name="municipality-themes", cache_policy=NO_CACHE)
def municipality_themes(slugs: list[str]) -> dict[str, list[Theme]]:
    """Accepted themes and fresh suggestions for each municipality of a chunk (one model load)."""
    found: dict[str, list[Theme]] = {}
    for slug in slugs:
        try:
            _, result = theme_synthesis(SYSTEM, slug)
        except RoadmapError:  # bad data fails this municipality alone
            continue
        found[slug] = [
            Theme(id=t.id, name=t.name, inputs=[i.id for i in t.inputs], accepted=t.accepted)
            for t in result.themes
        ]
    return found


def topics_markdown(cohort: str, topics: list[RecurringTopic]) -> str:
    lines = [f"# {cohort}", "", "| word | municipalities | themes |", "| --- | --- | --- |"]
    lines += [f"| {t.word} | {len(t.municipalities)} | {'; '.join(t.themes)} |" for t in topics]
    return "\n".join(lines)


@flow(name="cohort-themes", log_prints=False)
def cohort_themes(cohort: str, chunk_size: int = 50, least: int = 2) -> list[RecurringTopic]:
    """Suggest themes for every municipality of the cohort and list the words that name themes in at
    least ``least`` municipalities."""
    names = sorted(cohort_members(SYSTEM, cohort))
    chunks = [names[i : i + chunk_size] for i in range(0, len(names), chunk_size)]
    found: dict[str, list[Theme]] = {}
    for future in [municipality_themes.submit(chunk) for chunk in chunks]:
        found.update(future.result())
    topics = recurring_topics(found, least)
    create_markdown_artifact(key=f"cohort-themes-{cohort}".lower(), markdown=topics_markdown(cohort, topics))
    return topics
