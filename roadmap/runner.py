"""How roadmap documents are built: the one place that chooses the engine.

The CLI, the web app (through recorded jobs, ``roadmap.services.jobs``) and the flows ask this
module to build one document or a cohort's documents; nobody else decides between

- ``inline``: in this process, one after another (a single export; the default at a desk),
- ``pool``: a plain process pool (the default for a cohort),
- ``flow``: a Prefect flow in this process (``--orchestrate``, or whenever ``PREFECT_API_URL`` is set),
- ``deployment``: the ``cohort-build`` deployment, run by the workers of a Prefect server (``--deployed``).

``ROADMAP_BUILD_ENGINE`` sets the default for a whole install. Retries are not chosen here: the one
retry policy is ``roadmap.batch.RETRY`` (used by the plain loop and by the flows' tasks alike).
Interactive paths stay fast: Prefect is imported only when a Prefect engine is chosen.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from roadmap.batch import BatchSummary, Outcome, build_many, process_pool, start_workers
from roadmap.pipeline import BuildResult, build_roadmap_document
from roadmap.prefect_api import temporary_server
from roadmap.settings import Language, get_settings


class Engine(StrEnum):
    INLINE = "inline"
    POOL = "pool"
    FLOW = "flow"
    DEPLOYMENT = "deployment"


PREFECT_ENGINES = (Engine.FLOW, Engine.DEPLOYMENT)


def choose_engine(requested: Engine | str | None = None, *, many: bool = False) -> Engine:
    """The engine for this build: the one asked for, else the install's setting, else what fits.

    A Prefect server in reach (``PREFECT_API_URL``) means flows, so that runs show up there.
    """
    if requested:
        return Engine(requested)
    configured = get_settings().build_engine
    if configured:
        return Engine(configured)
    if os.environ.get("PREFECT_API_URL"):
        return Engine.FLOW
    return Engine.POOL if many else Engine.INLINE


def _quiet_prefect(level: str) -> None:
    # A failed task is reported by the caller in one line; Prefect's own log would add a traceback.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", level)


def build_document(
    slug: str,
    lang: Language,
    *,
    engine: Engine | str | None = None,
    out: Path | None = None,
    reference: Path | None = None,
    with_comments: bool = False,
    actor: str = "system:orchestrator",
    pdf: bool = False,
) -> BuildResult:
    """One municipality's roadmap; a deployment is for cohorts, so one document then runs as a flow."""
    chosen = choose_engine(engine)
    options = {"reference": reference, "with_comments": with_comments, "actor": actor, "pdf": pdf}
    if chosen in PREFECT_ENGINES:
        _quiet_prefect("CRITICAL")
        # lazy: flows imports Prefect, which interactive commands and web requests must never load
        from flows.build_roadmap import run_in_process

        return run_in_process(slug, lang=lang, out=out, **options)
    return build_roadmap_document(slug, lang=lang, out=out, **options)  # type: ignore[arg-type]


def build_cohort(
    cohort: str,
    slugs: list[str],
    lang: Language,
    *,
    engine: Engine | str | None = None,
    out_dir: Path | None = None,
    workers: int = 2,
    chunk_size: int | None = None,
    force: bool = False,
    progress: Callable[[list[Outcome]], None] | None = None,
) -> BatchSummary:
    """Every roadmap of a cohort (``slugs``, already authorised), reporting progress per chunk."""
    chosen = choose_engine(engine, many=True)
    folder = out_dir or get_settings().out_dir / cohort
    if chosen == Engine.DEPLOYMENT:
        # lazy: flows imports Prefect, which interactive commands and web requests must never load
        from flows.cohort import run_deployed_cohort_build

        summary = run_deployed_cohort_build(cohort, lang, force)
        if progress:
            progress(summary.outcomes)
        return summary
    if chosen == Engine.FLOW:
        _quiet_prefect("ERROR")
        # Prefect's server (unless one is in reach) and the worker processes start first, side by side
        # with importing Prefect: each takes seconds.
        server = None if os.environ.get("PREFECT_API_URL") else temporary_server()
        with process_pool(workers) as pool:
            start_workers(pool, workers)
            # lazy: flows imports Prefect, which interactive commands and web requests must never load
            from flows.cohort import run_cohort_build

            return run_cohort_build(
                cohort, lang, out_dir, workers, chunk_size, force, progress, pool=pool, server=server
            )
    processes = workers if chosen == Engine.POOL else 1
    return build_many(slugs, lang, folder, processes, chunk_size, force, progress=progress)
