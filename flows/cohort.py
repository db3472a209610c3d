"""Cohort flows: build every municipality's roadmap in parallel processes; report the cohort's progress.

``cohort_build`` gives each task a chunk of municipalities (``roadmap.batch``). Prefect runs the tasks
in threads of the flow's own process (their states, retries and artifacts are Prefect's); each task
hands its chunk to a plain process pool the flow owns, whose workers import only what a build needs.
Measured with ``benchmarks/cohort.py``: Prefect's process-pool task runner cost about 1.5 s a task and
a slow start (each worker imports Prefect and talks to the API); this way the flow's overhead is the
server's start and a few API calls a chunk. A municipality whose data is bad fails alone and is named
in the table artifact with its error.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, nullcontext
from datetime import date
from pathlib import Path
from typing import Any

from roadmap.services.access import SYSTEM
from roadmap.settings import Language, configure_prefect_defaults

configure_prefect_defaults()  # before Prefect reads its settings on import

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact, create_table_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.futures import as_completed  # noqa: E402
from prefect.settings import (  # noqa: E402
    PREFECT_API_URL,
    PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
    temporary_settings,
)
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402

from roadmap import batch  # noqa: E402
from roadmap.i18n import message  # noqa: E402
from roadmap.prefect_api import TemporaryServer  # noqa: E402
from roadmap.render.cohort_report import report_markdown, report_rows, write_report_xlsx  # noqa: E402
from roadmap.services.cohort_monitoring import cohort_monitoring  # noqa: E402
from roadmap.services.cohorts import cohort_members, cohort_progress  # noqa: E402
from roadmap.services.office import cohort_office  # noqa: E402
from roadmap.settings import get_settings  # noqa: E402


@task(
    name="build-chunk",
    cache_policy=NO_CACHE,
    retries=batch.RETRY.attempts - 1,
    retry_delay_seconds=[10 * delay for delay in batch.RETRY.delays()],
)
def build_chunk(slugs: list[str], lang: Language, out_dir: str, force: bool) -> list[batch.Outcome]:
    """Build a chunk of roadmaps in one of the flow's worker processes; each municipality is retried
    by the builds' one policy inside, and the chunk as a whole only if its process itself fails (bad
    data never raises here)."""
    if _POOL is None:  # the task called on its own, outside ``cohort_build``
        return batch.build_chunk(slugs, lang, Path(out_dir), force)
    return _POOL.submit(batch.build_chunk, slugs, lang, Path(out_dir), force).result()


_POOL: ProcessPoolExecutor | None = None  # the worker processes of the cohort build running now


# Prefect's ``TaskRunner`` is invariant in its future type, so no concrete runner fits the parameter.
@flow(name="cohort-build", task_runner=ThreadPoolTaskRunner(), log_prints=False)  # type: ignore[arg-type]
def cohort_build(
    cohort: str,
    lang: Language = "tr",
    out_dir: str | None = None,
    chunk_size: int | None = None,
    force: bool = False,
    workers: int | None = None,
) -> batch.BatchSummary:
    """Build every roadmap of the cohort; a table artifact lists each municipality's outcome.

    ``workers`` worker processes build the documents (one per core by default).
    """
    global _POOL
    logger = get_run_logger()
    started = time.perf_counter()
    names = cohort_members(SYSTEM, cohort)
    out = out_dir or str(get_settings().out_dir / cohort)
    processes = workers or os.cpu_count() or 1
    size = chunk_size or batch.chunk_size_for(len(names), processes)
    outcomes: list[batch.Outcome] = []
    given = _POOL  # started by ``run_cohort_build`` before the flow, warm by now
    with nullcontext(given) if given else batch.process_pool(processes) as pool:
        _POOL = pool
        try:
            chunks = batch.chunked(list(names), size)
            futures = [build_chunk.submit(chunk, lang, out, force) for chunk in chunks]
            for future in as_completed(futures):
                done = future.result()
                outcomes.extend(done)
                batch.report_progress(done)
                logger.info("%d/%d municipalities done", len(outcomes), len(names))
        finally:
            _POOL = given
    summary = batch.BatchSummary.of(outcomes, time.perf_counter() - started)
    create_table_artifact(
        key=f"cohort-build-{cohort}".lower(),
        table=batch.outcome_rows(summary.outcomes, names),
        description=message("cohort.build_done", lang, **summary.model_dump(exclude={"outcomes"})),
    )
    for failure in summary.failures():
        logger.warning("%s (%s): %s", names.get(failure.slug, failure.slug), failure.slug, failure.error)
    return summary


@flow(name="cohort-report", log_prints=False)
def cohort_report(
    cohort: str, lang: Language = "tr", out: str | None = None, today: date | None = None
) -> str:
    """Where each municipality stands, who waits on whom, what is overdue: artifacts and an .xlsx."""
    status = cohort_progress(SYSTEM, cohort, today)
    path = Path(out) if out else get_settings().out_dir / f"{cohort}-ilerleme-raporu-{lang}.xlsx"
    monitoring, office = cohort_monitoring(SYSTEM, cohort, today), cohort_office(SYSTEM, cohort, today)
    write_report_xlsx(status, lang, path, monitoring=monitoring, office=office)
    create_markdown_artifact(key=f"cohort-report-{cohort}".lower(), markdown=report_markdown(status, lang))
    create_table_artifact(key=f"cohort-progress-{cohort}".lower(), table=report_rows(status, lang))
    return str(path)


def run_cohort_build(
    cohort: str,
    lang: Language = "tr",
    out_dir: Path | None = None,
    workers: int = 2,
    chunk_size: int | None = None,
    force: bool = False,
    progress: Callable[[list[batch.Outcome]], None] | None = None,
    pool: ProcessPoolExecutor | None = None,
    server: TemporaryServer | None = None,
) -> batch.BatchSummary:
    """Run ``cohort_build`` in this process with ``workers`` worker processes (CLI and benchmarks).

    ``pool`` (``workers`` processes) and ``server`` may have been started by the caller before Prefect
    was imported (``roadmap.runner``): both take seconds to start, and start side by side. Flow-run
    heartbeats exist to spot crashed runs on workers; in our own process they only hold up the end.
    """
    global _POOL
    batch.PROGRESS_HOOK = progress
    try:
        with ExitStack() as stack:
            if pool is None:
                pool = stack.enter_context(batch.process_pool(workers))
                batch.start_workers(pool, workers)
            updates: dict[Any, Any] = {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
            if server is not None:
                updates[PREFECT_API_URL] = server.ready()
            stack.enter_context(temporary_settings(updates=updates))
            _POOL = pool
            # one task thread per worker process keeps each process fed, a chunk at a time
            runner: ThreadPoolTaskRunner[Any] = ThreadPoolTaskRunner(max_workers=workers)
            return cohort_build.with_options(task_runner=runner)(  # type: ignore[arg-type]  # as on ``cohort_build``
                cohort, lang, str(out_dir) if out_dir else None, chunk_size, force, workers
            )
    finally:
        _POOL = None
        batch.PROGRESS_HOOK = None


def run_deployed_cohort_build(
    cohort: str, lang: Language = "tr", force: bool = False, timeout: float = 3 * 3600
) -> batch.BatchSummary:
    """Hand the build to the workers of a Prefect server (``PREFECT_API_URL``) and wait for it.

    The outcome comes back through the run's table artifact, which lives on the server: the caller
    needs no shared result storage with the workers.
    """
    import asyncio
    import json

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
    from prefect.client.schemas.objects import FlowRun
    from prefect.deployments import run_deployment

    from roadmap.errors import RoadmapError

    started = time.perf_counter()
    # Called from sync code, ``run_deployment`` returns the FlowRun; its type also allows the
    # coroutine it returns in async contexts.
    run: FlowRun = run_deployment(  # type: ignore[assignment]
        "cohort-build/cohort-build",
        parameters={"cohort": cohort, "lang": lang, "force": force},
        timeout=timeout,
        poll_interval=2,
        as_subflow=False,
    )
    if run.state is None or not run.state.is_completed():
        state = run.state.name if run.state else "?"
        raise RoadmapError("cohort.deployed_failed", run=run.name, state=state)

    async def rows() -> list[dict[str, Any]]:
        async with get_client() as client:
            found = await client.read_artifacts(
                artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run.id]))
            )
        data = next(a.data for a in found if a.type == "table")
        return json.loads(data) if isinstance(data, str) else data  # type: ignore[return-value]

    outcomes = [
        batch.Outcome(
            slug=row["slug"],
            ok=row["result"] != "failed",
            unchanged=row["result"] == "unchanged",
            number=row["version"] or None,
            draft=row["draft"] == "yes",
            attempts=row["attempts"],
            seconds=row["seconds"],
            error=row["error"],
        )
        for row in asyncio.run(rows())
    ]
    return batch.BatchSummary.of(outcomes, time.perf_counter() - started)
