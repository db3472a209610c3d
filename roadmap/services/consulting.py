"""The process-consulting log: sessions a consultant holds with a municipality (when, with whom, what
was discussed, what was agreed), shown on the municipality's journey and in the cohort report."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlmodel import Session, col, select

from roadmap.domain.permissions import Permission
from roadmap.domain.safe_text import checked_text
from roadmap.errors import InvalidInput
from roadmap.services.access import Who, authorise, resolve_actor, visible_municipality
from roadmap.store.db import unit_of_work
from roadmap.store.repository import write_admin_audit
from roadmap.store.tables import ConsultingSession


class ConsultingEntry(BaseModel):
    id: int
    held_on: date
    consultant: str
    people: str
    topics: str
    next_steps: str


def _entry(row: ConsultingSession) -> ConsultingEntry:
    assert row.id is not None
    return ConsultingEntry(
        id=row.id,
        held_on=row.held_on,
        consultant=row.consultant,
        people=row.people,
        topics=row.topics,
        next_steps=row.next_steps,
    )


def record_consulting(
    email: Who, slug: str, held_on: date, people: str, topics: str, next_steps: str = ""
) -> ConsultingEntry:
    """The municipality's consultant (or a coordinator) records a consulting session."""
    people = checked_text(people, "people").strip()
    topics = checked_text(topics, "topics").strip()
    next_steps = checked_text(next_steps, "next_steps").strip()
    if len(topics) < 3:
        raise InvalidInput("consulting.topics_needed", field="topics")
    if len(topics) > 4000 or len(next_steps) > 4000 or len(people) > 1000:
        raise InvalidInput("consulting.too_long", field="topics")
    if held_on > date.today():
        raise InvalidInput("consulting.future", field="held_on", day=held_on)
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        municipality = authorise(session, actor, Permission.REVIEW, slug)
        assert municipality.id is not None
        row = ConsultingSession(
            municipality_id=municipality.id,
            held_on=held_on,
            consultant=actor.email,
            people=people,
            topics=topics,
            next_steps=next_steps,
        )
        session.add(row)
        session.flush()
        write_admin_audit(session, actor.email, "consulting", municipality, f"{held_on}: {topics[:200]}")
        return _entry(row)


def consulting_log(email: Who, slug: str) -> list[ConsultingEntry]:
    """The municipality's consulting sessions, newest first (its team, consultant and the programme)."""
    with unit_of_work() as session:
        municipality = visible_municipality(session, resolve_actor(session, email), slug)
        return sessions_of(session, [municipality.id or 0]).get(municipality.id or 0, [])


def sessions_of(session: Session, municipality_ids: list[int]) -> dict[int, list[ConsultingEntry]]:
    """Consulting sessions of many municipalities (the cohort report), newest first."""
    rows = session.exec(
        select(ConsultingSession)
        .where(col(ConsultingSession.municipality_id).in_(municipality_ids))
        .order_by(col(ConsultingSession.held_on).desc(), col(ConsultingSession.id).desc())
    ).all()
    found: dict[int, list[ConsultingEntry]] = {}
    for row in rows:
        found.setdefault(row.municipality_id, []).append(_entry(row))
    return found
