"""The ``build-roadmap`` flow: every automatic step for one municipality, as Prefect tasks."""

from __future__ import annotations

from pathlib import Path

from roadmap.settings import Language, configure_prefect_defaults

configure_prefect_defaults()  # before Prefect reads its settings on import

from prefect import flow, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from roadmap import pipeline  # noqa: E402


def _task(function, retries: int = 0):  # type: ignore[no-untyped-def]
    # Inputs are large pydantic models and image bytes: hashing them for a cache would cost more than the work.
    return task(function, name=function.__name__.replace("_", "-"), cache_policy=NO_CACHE, retries=retries)


TASKS = pipeline.Steps(
    load=_task(pipeline.load_roadmap, retries=2),
    progress=_task(pipeline.check_progress, retries=2),
    analyse=_task(pipeline.analyse_roadmap),
    charts=_task(pipeline.draw_charts),
    write=_task(pipeline.write_document, retries=1),
)


@flow(name="build-roadmap", log_prints=False)
def build_roadmap(municipality: str, lang: Language = "tr", out: Path | None = None) -> pipeline.BuildResult:
    """Read, analyse, draw and write one municipality's roadmap; report what it waits for."""
    result = pipeline.build_roadmap_document(municipality, lang=lang, out=out, steps=TASKS)
    create_markdown_artifact(
        key=f"roadmap-{municipality}".lower(),
        markdown=result.summary(),
        description=f"Roadmap build for {municipality}",
    )
    return result
