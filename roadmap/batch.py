"""Building many roadmaps: one municipality's failure is its own, transient errors are retried.

The same functions serve the plain loop, a plain process pool (``roadmap cohort build``) and the
Prefect flow ``cohort_build`` (``flows/cohort.py``), whose tasks hand chunks of municipalities to the
same kind of process pool.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel
from sqlalchemy.exc import OperationalError

from roadmap.atomic import writing
from roadmap.errors import ExportRace, RoadmapError
from roadmap.pipeline import build_roadmap_document
from roadmap.settings import Language
from roadmap.store.files import StoreUnavailable

# Errors worth another attempt: a locked or restarting database, a busy file system, a lost race,
# a file store that did not answer.
TRANSIENT: tuple[type[BaseException], ...] = (
    OperationalError,
    OSError,
    TimeoutError,
    ExportRace,
    StoreUnavailable,
)


@dataclass(frozen=True)
class RetryPolicy:
    """The one retry policy of document builds: the plain loop below and the flows' tasks use it."""

    attempts: int = 3
    pause: float = 0.5  # seconds, times the attempt number
    transient: tuple[type[BaseException], ...] = TRANSIENT

    def worth_another(self, error: BaseException | None) -> bool:
        """Only a transient failure is tried again; bad data fails the same way every time."""
        return isinstance(error, self.transient)

    def delays(self) -> list[float]:
        return [self.pause * attempt for attempt in range(1, self.attempts)]


RETRY = RetryPolicy()
ATTEMPTS = RETRY.attempts


# Set by whoever shows progress (the CLI's bar) while a flow runs in this process. It lives here,
# not in the flow's module: Prefect pickles a flow's function with the globals it names.
PROGRESS_HOOK: Callable[[list[Outcome]], None] | None = None


def report_progress(done: list[Outcome]) -> None:
    if PROGRESS_HOOK is not None:
        PROGRESS_HOOK(done)


class Outcome(BaseModel):
    """What happened to one municipality's roadmap in a batch."""

    slug: str
    ok: bool
    number: int | None = None
    draft: bool = False
    unchanged: bool = False
    path: str = ""
    error: str = ""
    attempts: int = 1
    seconds: float = 0.0


class BatchSummary(BaseModel):
    built: int
    unchanged: int
    failed: int
    seconds: float
    outcomes: list[Outcome]

    @classmethod
    def of(cls, outcomes: list[Outcome], seconds: float) -> BatchSummary:
        return cls(
            built=sum(1 for o in outcomes if o.ok and not o.unchanged),
            unchanged=sum(1 for o in outcomes if o.unchanged),
            failed=sum(1 for o in outcomes if not o.ok),
            seconds=round(seconds, 2),
            outcomes=sorted(outcomes, key=lambda o: (o.ok, o.slug)),
        )

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]


def build_one(
    slug: str, lang: Language, out_dir: Path, force: bool = False, pause: float = RETRY.pause
) -> Outcome:
    """Build one municipality's roadmap; never raises: bad data becomes a failed outcome."""
    started = time.perf_counter()
    error = ""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            result = build_roadmap_document(
                slug,
                lang=lang,
                out=out_dir / f"{slug}-yol-haritasi-{lang}.docx",
                actor="system:cohort-build",
                skip_unchanged=not force or attempt > 1,
                layout=False,  # about 3 s a document: a cohort's contents are numbered by one export
            )
        except RETRY.transient as failure:
            error = f"{type(failure).__name__}: {failure}"
            time.sleep(pause * attempt)
            continue
        except RoadmapError as failure:  # the municipality's own data or set-up: trying again won't help
            error = str(failure)
        except Exception as failure:  # a bug met on this municipality's data must not stop the cohort
            error = f"{type(failure).__name__}: {failure}"
        else:
            return Outcome(
                slug=slug,
                ok=True,
                number=result.number,
                draft=result.draft,
                unchanged=result.unchanged,
                path=str(result.path),
                attempts=attempt,
                seconds=round(time.perf_counter() - started, 3),
            )
        return Outcome(
            slug=slug, ok=False, error=error, attempts=attempt, seconds=time.perf_counter() - started
        )
    return Outcome(slug=slug, ok=False, error=error, attempts=ATTEMPTS, seconds=time.perf_counter() - started)


def build_chunk(slugs: list[str], lang: Language, out_dir: Path, force: bool = False) -> list[Outcome]:
    """Build a chunk of municipalities one after another (the unit of work given to a process)."""
    with writing(out_dir):
        out_dir.mkdir(parents=True, exist_ok=True)
    return [build_one(slug, lang, out_dir, force) for slug in slugs]


def process_pool(workers: int) -> ProcessPoolExecutor:
    """The worker processes that build documents (the plain pool and the Prefect flow share it).

    Spawned, not forked: the parent holds database connections and (in the CLI) a progress thread.
    """
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def warm_up() -> None:
    """Import and load what a build needs (about 2 s a process): run in each worker of a pool while
    its owner waits for something else, such as Prefect's temporary server."""
    from roadmap.render.measure import word_cm

    word_cm("Katılım"), word_cm("Katılım", bold=True)  # the fonts the tables are measured with


def start_workers(pool: ProcessPoolExecutor, workers: int) -> None:
    """Start every worker process of the pool now, each warming up, instead of at its first chunk."""
    for _ in range(workers):
        pool.submit(warm_up)


def chunked(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), max(1, size))]


def chunk_size_for(count: int, workers: int) -> int:
    """About eight chunks per worker, between 5 and 40 municipalities each.

    Measured with ``benchmarks/cohort.py``: a Prefect task in a process pool costs ~0.5 s, so a chunk
    should hold several seconds of work; more chunks than workers keep both busy to the end.
    """
    return max(5, min(40, -(-count // (max(1, workers) * 8))))


def build_many(
    slugs: list[str],
    lang: Language,
    out_dir: Path,
    workers: int = 1,
    chunk_size: int | None = None,
    force: bool = False,
    progress: Callable[[list[Outcome]], None] | None = None,
) -> BatchSummary:
    """Build every roadmap: in this process (``workers=1``) or a plain process pool of ``workers``."""
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    size = chunk_size or (chunk_size_for(len(slugs), workers) if workers > 1 else 1)
    if workers <= 1:
        for chunk in chunked(slugs, size):
            done = build_chunk(chunk, lang, out_dir, force)
            outcomes.extend(done)
            if progress:
                progress(done)
    else:
        with process_pool(workers) as pool:
            futures = [
                pool.submit(build_chunk, chunk, lang, out_dir, force) for chunk in chunked(slugs, size)
            ]
            for future in as_completed(futures):
                done = future.result()
                outcomes.extend(done)
                if progress:
                    progress(done)
    return BatchSummary.of(outcomes, time.perf_counter() - started)


def outcome_rows(outcomes: Iterable[Outcome], names: dict[str, str]) -> list[dict[str, object]]:
    """One row per municipality, for a Prefect table artifact or a spreadsheet."""
    return [
        {
            "municipality": names.get(o.slug, o.slug),
            "slug": o.slug,
            "result": "unchanged" if o.unchanged else "built" if o.ok else "failed",
            "version": o.number or "",
            "draft": "yes" if o.draft else "",
            "attempts": o.attempts,
            "seconds": round(o.seconds, 2),
            "error": o.error,
        }
        for o in outcomes
    ]
