"""The programme's events (trainings, webinars, experience sharing, quarterly meetings, one-to-one
meetings, consulting): the calendar of a cohort, what each person may see of it, registration by the
teams. Attendance (which credits the event's hours) is in ``roadmap.services.event_attendance``."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import cast

from pydantic import BaseModel
from sqlmodel import Session, col, select

from roadmap.domain.hours import EVENT_KINDS
from roadmap.domain.permissions import Permission
from roadmap.domain.safe_text import checked_text
from roadmap.domain.stages import Role
from roadmap.errors import InvalidInput, NotFound, PermissionDenied
from roadmap.services.access import Who, require, resolve_actor, visible_municipalities
from roadmap.services.cohorts import find_cohort
from roadmap.store.db import unit_of_work
from roadmap.store.repository import write_admin_audit
from roadmap.store.tables import (
    Cohort,
    EventAttendance,
    EventRegistration,
    Municipality,
    ProgrammeEvent,
    User,
)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def add_event(
    email: Who,
    cohort: str,
    kind: str,
    title: str,
    starts: datetime,
    hours: float,
    online_link: str = "",
    place: str = "",
) -> ProgrammeEvent:
    """Programme staff put an event on the cohort's calendar."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.RUN_COHORT)
        group = find_cohort(session, cohort)
        if group is None or group.id is None:
            raise NotFound("notfound.cohort", slug=cohort)
        return schedule_event(session, actor, group, kind, title, starts, hours, online_link, place)


def schedule_event(
    session: Session,
    actor: User,
    group: Cohort,
    kind: str,
    title: str,
    starts: datetime,
    hours: float,
    online_link: str = "",
    place: str = "",
) -> ProgrammeEvent:
    """Check an event and put it on ``group``'s calendar in the caller's transaction (which has asked
    whether ``actor`` may run the cohort), with its audit record."""
    if kind not in EVENT_KINDS:
        raise InvalidInput("event.bad_kind", field="kind", kind=kind, kinds=", ".join(EVENT_KINDS))
    title = checked_text(title, "title").strip()
    if not 3 <= len(title) <= 200:
        raise InvalidInput("event.bad_title", field="title")
    if not 0 < hours <= 40:
        raise InvalidInput("event.bad_hours", field="hours")
    online_link = checked_text(online_link, "online_link").strip()
    if online_link and not online_link.startswith(("https://", "http://")):
        raise InvalidInput("event.bad_link", field="online_link")
    event = ProgrammeEvent(
        cohort_id=cast(int, group.id),
        kind=kind,
        title=title,
        starts=_aware(starts),
        hours=hours,
        online_link=online_link,
        place=checked_text(place, "place").strip()[:200],
        checkin_code=secrets.token_urlsafe(12),
        created_by=actor.email,
    )
    session.add(event)
    session.flush()
    write_admin_audit(session, actor.email, "event_add", None, f"{group.slug} #{event.id}: {title}")
    return event


class EventRow(BaseModel):
    id: int
    cohort: str
    kind: str
    title: str
    starts: datetime
    hours: float
    online_link: str
    place: str
    registered: int  # people of the teams the reader may see
    attended: int
    mine_registered: bool = False
    mine_attended: bool = False


def visible_cohort_ids(session: Session, actor: User) -> set[int] | None:
    """The cohorts whose events a person sees: all for the programme (None), else their municipalities'."""
    if Role(actor.role) == Role.COORDINATOR:
        return None
    return {m.cohort_id for m in visible_municipalities(session, actor) if m.cohort_id is not None}


def _visible_people(session: Session, actor: User) -> set[int] | None:
    """Whose registrations and attendance a person sees: all for the programme (None), else the people
    of the municipalities they may see."""
    if Role(actor.role) == Role.COORDINATOR:
        return None
    ids = [m.id for m in visible_municipalities(session, actor)]
    people = session.exec(select(User.id).where(col(User.municipality_id).in_(ids))).all()
    return {p for p in people if p is not None} | ({actor.id} if actor.id else set())


def list_events(email: Who, cohort: str = "") -> list[EventRow]:
    """The events of the cohorts the person works in (a coordinator: all, or one cohort's)."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        return event_rows(session, actor, cohort)


def event_rows(session: Session, actor: User, cohort: str = "") -> list[EventRow]:
    query = select(ProgrammeEvent, Cohort.slug).join(Cohort, col(Cohort.id) == ProgrammeEvent.cohort_id)
    allowed = visible_cohort_ids(session, actor)
    if allowed is not None:
        query = query.where(col(ProgrammeEvent.cohort_id).in_(allowed))
    if cohort:
        query = query.where(Cohort.slug == cohort)
    people = _visible_people(session, actor)
    rows = []
    for event, slug in session.exec(query.order_by(col(ProgrammeEvent.starts))).all():
        registered = session.exec(
            select(EventRegistration.user_id).where(EventRegistration.event_id == event.id)
        ).all()
        attended = session.exec(
            select(EventAttendance.user_id).where(EventAttendance.event_id == event.id)
        ).all()
        assert event.id is not None
        rows.append(
            EventRow(
                id=event.id,
                cohort=slug,
                kind=event.kind,
                title=event.title,
                starts=_aware(event.starts),
                hours=event.hours,
                online_link=event.online_link,
                place=event.place,
                registered=len([u for u in registered if people is None or u in people]),
                attended=len([u for u in attended if people is None or u in people]),
                mine_registered=actor.id in registered,
                mine_attended=actor.id in attended,
            )
        )
    return rows


def visible_event(session: Session, actor: User, event_id: int) -> ProgrammeEvent:
    """The event, if the person may see it (the same "not found" otherwise)."""
    event = session.get(ProgrammeEvent, event_id)
    allowed = visible_cohort_ids(session, actor)
    if event is None or (allowed is not None and event.cohort_id not in allowed):
        raise NotFound("notfound.event", number=event_id)
    return event


class Attendee(BaseModel):
    name: str
    email: str
    municipality: str
    registered: bool
    attended: bool
    source: str = ""


def event_people(email: Who, event_id: int) -> tuple[EventRow, list[Attendee]]:
    """An event with the people of its cohort's teams the reader may see: registered, attended."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        event = visible_event(session, actor, event_id)
        (row,) = [r for r in event_rows(session, actor) if r.id == event.id]
        people = _visible_people(session, actor)
        registered = set(
            session.exec(
                select(EventRegistration.user_id).where(EventRegistration.event_id == event.id)
            ).all()
        )
        attended = dict(
            session.exec(
                select(EventAttendance.user_id, EventAttendance.source).where(
                    EventAttendance.event_id == event.id
                )
            ).all()
        )
        members = session.exec(
            select(User, Municipality.name)
            .join(Municipality, col(Municipality.id) == User.municipality_id)
            .where(Municipality.cohort_id == event.cohort_id, User.role == Role.TEAM_MEMBER.value)
            .order_by(col(Municipality.name), col(User.name))
        ).all()
        return row, [
            Attendee(
                name=user.name,
                email=user.email,
                municipality=name,
                registered=user.id in registered,
                attended=user.id in attended,
                source=attended.get(user.id or 0, ""),
            )
            for user, name in members
            if people is None or user.id in people
        ]


def register(email: Who, event_id: int, people: list[str] | None = None) -> int:
    """A team member registers themselves (and, if named, people of their own team) for an event;
    returns how many were newly registered."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        event = visible_event(session, actor, event_id)
        chosen = [actor] if not people else []
        for address in people or []:
            person = session.exec(select(User).where(User.email == address.strip().lower())).first()
            if person is None or (
                Role(actor.role) == Role.TEAM_MEMBER and person.municipality_id != actor.municipality_id
            ):
                raise NotFound("notfound.user", email=address)
            chosen.append(person)
        added = 0
        for person in chosen:
            if Role(person.role) != Role.TEAM_MEMBER:
                raise PermissionDenied("event.team_only")
            known = session.exec(
                select(EventRegistration).where(
                    EventRegistration.event_id == event.id, EventRegistration.user_id == person.id
                )
            ).first()
            if known is None:
                assert event.id is not None and person.id is not None
                session.add(EventRegistration(event_id=event.id, user_id=person.id, by=actor.email))
                added += 1
        write_admin_audit(session, actor.email, "event_register", None, f"#{event_id}: {added}")
        return added
