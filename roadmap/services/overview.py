"""What a stage's web page shows, read in one transaction (the page is the most visited one)."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, ConfigDict
from sqlmodel import col, select

from roadmap.domain.content import RoadmapData
from roadmap.domain.permissions import Relation
from roadmap.domain.stages import Action, Stage, Status
from roadmap.services.access import actor_and_municipality, standing
from roadmap.services.review import CommentView, open_threads
from roadmap.services.snapshots import Snapshot, current_records, snapshot
from roadmap.services.stages import StageView, StatusReport, assemble_report
from roadmap.store.db import unit_of_work
from roadmap.store.tables import AuditRecord, User


class StageOverview(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    view: StageView
    report: StatusReport
    data: RoadmapData
    threads: list[CommentView]
    last_review: AuditRecord | None
    snapshot: Snapshot  # what the page derives from the content is kept with it, per version
    standing: Relation  # how the reader stands to the municipality (the page asks the gate with it)
    # The names of the people the page mentions by e-mail (the last reviewer, the last editor).
    names: dict[str, str] = {}


def stage_overview(email: str | None, slug: str, stage: Stage) -> StageOverview:
    """The stage's content and status, every stage's status, its comments and its latest review."""
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        records = current_records(session, municipality)
        kept = snapshot(session, municipality, records)
        data = kept.data
        record = records[stage]
        assert municipality.id is not None  # a stored municipality
        review = session.exec(
            select(AuditRecord)
            .where(
                AuditRecord.municipality_id == municipality.id,
                AuditRecord.stage == int(stage),
                col(AuditRecord.action).in_([Action.REQUEST_CHANGES.value, Action.APPROVE.value]),
            )
            .order_by(col(AuditRecord.id).desc())
        ).first()
        threads = open_threads(session, municipality.id)  # every stage's open threads
        mentioned = {e for e in (review.actor if review else "", record.updated_by or "") if e}
        people = session.exec(select(User).where(col(User.email).in_(mentioned))).all() if mentioned else []
        return StageOverview(
            view=StageView(
                slug=slug,
                stage=stage,
                status=Status(record.status),
                version=record.version,
                # shared by every page of these versions: read, never changed (a form's post is a copy)
                content=kept.derived(("content", stage), lambda: data.content(stage).model_dump(mode="json")),
                updated_by=record.updated_by or "",
            ),
            report=assemble_report(
                session,
                municipality,
                records,
                data,
                kept.problems,
                kept.checks,
                open_comments=Counter(int(thread.stage) for thread in threads),  # read once, below too
            ),
            data=data,
            snapshot=kept,
            threads=[t for t in threads if t.stage == stage],
            last_review=review,
            standing=standing(session, actor, municipality),
            names={person.email: person.name for person in people},
        )
