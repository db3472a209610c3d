"""The ``build-roadmap`` flow: every automatic step for one municipality, as Prefect tasks."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmap.settings import Language, configure_prefect_defaults

configure_prefect_defaults()  # before Prefect reads its settings on import

from prefect import flow, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.context import SettingsContext, get_settings_context  # noqa: E402
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, Settings, get_current_settings  # noqa: E402
from prefect.utilities.annotations import quote  # noqa: E402

from roadmap import pipeline  # noqa: E402
from roadmap.batch import RETRY  # noqa: E402

if TYPE_CHECKING:
    from prefect import Task
    from prefect.client.schemas import TaskRun
    from prefect.client.schemas.objects import State


def _transient(_task: Task[..., Any], _run: TaskRun, state: State[Any]) -> bool:
    """Prefect's retry condition: the builds' one retry policy decides."""
    return RETRY.worth_another(state.result(raise_on_failure=False))


def _task(function: Callable[..., Any], retries: bool = False) -> Callable[..., Any]:
    """A Prefect task around a pipeline step, called with the step's own signature.

    Steps that do I/O (``retries=True``) are retried by the builds' one policy (``roadmap.batch.RETRY``).
    The inputs are large pydantic models and image bytes: no cache key is computed from them, and
    ``quote`` keeps Prefect from walking them looking for futures (a third of its overhead here).
    """
    policy: dict[str, Any] = (
        {
            "retries": RETRY.attempts - 1,
            "retry_delay_seconds": RETRY.delays(),
            "retry_condition_fn": _transient,
        }
        if retries
        else {}
    )
    # Prefect's overloads take either the function alone or the options alone; ``task(fn, **options)``
    # works at run time but matches neither.
    wrapped = task(function, name=function.__name__.replace("_", "-"), cache_policy=NO_CACHE, **policy)  # type: ignore[call-overload]

    def call(*args: Any) -> Any:
        return wrapped(*(quote(a) for a in args))

    call.fn = function  # type: ignore[attr-defined]  # the plain function, for tests
    return call


TASKS = pipeline.Steps(
    load=_task(pipeline.load_roadmap, retries=True),
    analyse=_task(pipeline.analyse_roadmap),
    charts=_task(pipeline.draw_charts),
    write=_task(pipeline.write_document, retries=True),
    pdf=_task(pipeline.write_pdf, retries=True),
    record=_task(pipeline.record_document, retries=True),
)


@flow(name="build-roadmap", log_prints=False)
def build_roadmap(
    municipality: str,
    lang: Language = "tr",
    out: Path | None = None,
    reference: Path | None = None,
    with_comments: bool = False,
    actor: str = "system:orchestrator",
    pdf: bool = False,
) -> pipeline.BuildResult:
    """Read, analyse, draw, write and record one municipality's roadmap; report what it waits for."""
    result = pipeline.build_roadmap_document(
        municipality,
        lang=lang,
        out=out,
        reference=reference,
        steps=TASKS,
        with_comments=with_comments,
        actor=actor,
        pdf=pdf,
    )
    create_markdown_artifact(
        key=f"roadmap-{municipality}".lower(),
        markdown=result.summary(),
        description=f"Roadmap build for {municipality}",
    )
    return result


def run_in_process(
    municipality: str, lang: Language = "tr", out: Path | None = None, **options: Any
) -> pipeline.BuildResult:
    """Run the flow in this process, as ``roadmap export --orchestrate`` and ``make demo`` do.

    Flow-run heartbeats exist to spot crashed runs on workers; in our own process they only add
    up to a second at exit, waiting for the heartbeat thread, so they are off here. Deployed runs
    started by a worker do not come through this function and keep them.
    """
    context = get_settings_context()
    with SettingsContext(profile=context.profile, settings=_without_heartbeats()):
        # With ``**options`` every overload of ``Flow.__call__`` matches, so mypy infers Any.
        result: pipeline.BuildResult = build_roadmap(municipality, lang=lang, out=out, **options)
        return result


@lru_cache(maxsize=1)
def _without_heartbeats() -> Settings:
    # Building a Settings object costs ~0.1 s; build it once per process.
    return get_current_settings().copy_with_update(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})
