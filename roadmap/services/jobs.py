"""Recorded jobs: long work asked for in the web app, done by a worker, watched from the page.

The web app starts no threads: "rebuild the cohort" records a job (a ``build_job`` row). A worker
(``roadmap worker``, started and supervised by ``roadmap serve``) claims queued jobs one at a time,
builds through ``roadmap.runner`` (a Prefect deployment when one is configured) and writes the
progress into the row as each chunk finishes; the cohort page shows it.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime
from typing import cast

from pydantic import BaseModel
from sqlmodel import Session, col, select, update

from roadmap.batch import BatchSummary, Outcome
from roadmap.domain.permissions import Permission
from roadmap.errors import NotFound
from roadmap.runner import Engine, build_cohort, choose_engine
from roadmap.services.access import SystemActor, require, resolve_actor
from roadmap.services.cohorts import cohort_members, find_cohort
from roadmap.settings import Language
from roadmap.store.db import unit_of_work
from roadmap.store.tables import BuildJob, Municipality, utcnow

COHORT_BUILD = "cohort_build"
WORKER = SystemActor("worker")  # the job worker acts for the programme
ACTIVE = ("queued", "running")


class JobView(BaseModel):
    """A job as a page shows it."""

    id: int
    kind: str
    target: str
    state: str
    requested_by: str
    requested_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    total: int
    done: int
    failed: int
    engine: str
    failures: list[Outcome] = []
    built: int = 0
    unchanged: int = 0
    error: str = ""

    @property
    def active(self) -> bool:
        return self.state in ACTIVE

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def _view(job: BuildJob) -> JobView:
    outcome = job.outcome or {}
    return JobView(
        id=job.id or 0,
        kind=job.kind,
        target=job.target,
        state=job.state,
        requested_by=job.requested_by,
        requested_at=job.requested_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        total=job.total,
        done=job.done,
        failed=job.failed,
        engine=job.engine,
        failures=[Outcome.model_validate(o) for o in outcome.get("failures", [])],
        built=outcome.get("built", 0),
        unchanged=outcome.get("unchanged", 0),
        error=outcome.get("error", ""),
    )


def request_cohort_build(
    email: str | None, cohort: str, lang: Language = "tr", force: bool = False
) -> JobView:
    """Ask for every roadmap of a cohort to be built; a build already waiting or running is returned
    instead of a second one (pressing the button twice does the work once)."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.RUN_COHORT)
        found = find_cohort(session, cohort)
        if found is None:
            raise NotFound("notfound.cohort", slug=cohort)
        waiting = session.exec(
            select(BuildJob).where(
                BuildJob.kind == COHORT_BUILD, BuildJob.target == cohort, col(BuildJob.state).in_(ACTIVE)
            )
        ).first()
        if waiting is not None:
            return _view(waiting)
        total = len(session.exec(select(Municipality.id).where(Municipality.cohort_id == found.id)).all())
        job = BuildJob(
            kind=COHORT_BUILD, target=cohort, lang=lang, force=force, requested_by=actor.email, total=total
        )
        session.add(job)
        session.flush()
        return _view(job)


def cohort_jobs(email: str | None, cohort: str, limit: int = 3) -> list[JobView]:
    """The cohort's newest build jobs, newest first (for its page)."""
    with unit_of_work() as session:
        require(resolve_actor(session, email), Permission.RUN_COHORT)
        jobs = session.exec(
            select(BuildJob)
            .where(BuildJob.kind == COHORT_BUILD, BuildJob.target == cohort)
            .order_by(col(BuildJob.id).desc())
            .limit(limit)
        ).all()
        return [_view(job) for job in jobs]


# --- the worker's side: it acts for the programme, as the system actor ---------------------------


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _claim(session: Session, worker: str) -> BuildJob | None:
    """Take the oldest queued job; two workers never take the same one (a conditional update)."""
    for candidate in session.exec(
        select(BuildJob).where(BuildJob.state == "queued").order_by(col(BuildJob.id)).limit(5)
    ).all():
        taken = session.exec(
            update(BuildJob)
            .where(col(BuildJob.id) == candidate.id, col(BuildJob.state) == "queued")
            .values(state="running", started_at=utcnow(), worker=worker)
        )
        if taken.rowcount == 1:
            session.refresh(candidate)
            return candidate
    return None


def _update(job_id: int, **values: object) -> None:
    """Write what the worker knows now (engine, progress, outcome) into the job's row, committed."""
    with unit_of_work() as session:
        session.exec(update(BuildJob).where(col(BuildJob.id) == job_id).values(**values))


def run_next_job(engine: Engine | str | None = None, worker: str = "") -> JobView | None:
    """Claim and do the oldest queued job; ``None`` when there is none. Never raises for the job's
    own failure: it is recorded on the job, with its reason."""
    with unit_of_work() as session:
        claimed = _claim(session, worker or worker_name())
        if claimed is None:
            return None
        job_id, cohort, lang, force = claimed.id or 0, claimed.target, claimed.lang, claimed.force
    try:
        names = cohort_members(WORKER, cohort)
        chosen = choose_engine(engine, many=True)
        _update(job_id, engine=chosen.value, total=len(names))
        seen: list[Outcome] = []

        def advance(done: list[Outcome]) -> None:
            seen.extend(done)
            _update(job_id, done=len(seen), failed=sum(1 for o in seen if not o.ok))

        summary: BatchSummary = build_cohort(
            cohort,
            list(names),
            cast(Language, lang),  # recorded by request_cohort_build, from a Language
            engine=chosen,
            force=force,
            progress=advance,
        )
    except Exception as error:  # the job fails with its reason; the worker goes on to the next one
        _update(
            job_id,
            state="failed",
            finished_at=utcnow(),
            outcome={"error": str(error) or type(error).__name__},
        )
    else:
        _update(
            job_id,
            state="done",
            finished_at=utcnow(),
            total=len(summary.outcomes),
            done=len(summary.outcomes),
            failed=summary.failed,
            outcome={
                "built": summary.built,
                "unchanged": summary.unchanged,
                "failed": summary.failed,
                "seconds": summary.seconds,
                "failures": [o.model_dump() for o in summary.failures()],
            },
        )
    with unit_of_work() as session:
        finished = session.get(BuildJob, job_id)
        return _view(finished) if finished else None
