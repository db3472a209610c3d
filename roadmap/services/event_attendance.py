"""Attendance at the programme's events: from a sign-in sheet, a check-in link (and QR code) shown at
the event, or the organiser's tick. Each attendee is credited the event's hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import BaseModel
from sqlmodel import Session, col, select

from roadmap.domain.permissions import Permission
from roadmap.domain.stages import Role
from roadmap.errors import NotFound, PermissionDenied, TransitionRefused
from roadmap.imports.event_sheet import read_event_sheet
from roadmap.imports.files import ImportProblem
from roadmap.services.access import Who, require, resolve_actor
from roadmap.services.events import visible_cohort_ids, visible_event
from roadmap.store.db import unit_of_work
from roadmap.store.repository import write_admin_audit
from roadmap.store.tables import EventAttendance, Municipality, ProgrammeEvent, User
from roadmap.text import fold_name

CHECKIN_BEFORE = timedelta(hours=1)  # the check-in link works from an hour before the start
CHECKIN_AFTER = timedelta(hours=3)  # until three hours after the event's planned end


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _credit(session: Session, event: ProgrammeEvent, person: User, source: str, by: str) -> bool:
    known = session.exec(
        select(EventAttendance).where(
            EventAttendance.event_id == event.id, EventAttendance.user_id == person.id
        )
    ).first()
    if known is not None:
        return False
    assert event.id is not None and person.id is not None
    session.add(EventAttendance(event_id=event.id, user_id=person.id, source=source, by=by))
    return True


def _cohort_team(session: Session, event: ProgrammeEvent) -> list[User]:
    return list(
        session.exec(
            select(User)
            .join(Municipality, col(Municipality.id) == User.municipality_id)
            .where(Municipality.cohort_id == event.cohort_id, User.role == Role.TEAM_MEMBER.value)
        ).all()
    )


class SheetResult(BaseModel):
    event: str
    rows: int
    credited: list[str]  # names of the people newly credited
    already: int  # matched people already credited (the same sheet imported twice changes nothing)
    unmatched: list[ImportProblem]  # rows that name no one of the cohort's teams, and why


def import_event_attendance(email: Who, event_id: int, path: Path) -> SheetResult:
    """Credit an event's hours from its sign-in sheet: each row matched to an account of the cohort's
    teams by e-mail, then by Turkish-folded name (a name two people share is not guessed)."""
    sheet = read_event_sheet(path)
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.RUN_COHORT)
        event = visible_event(session, actor, event_id)
        team = _cohort_team(session, event)
        by_email = {u.email: u for u in team}
        by_name: dict[str, list[User]] = {}
        for user in team:
            by_name.setdefault(fold_name(user.name), []).append(user)
        credited, already, unmatched = [], 0, list(sheet.problems)
        for row in sheet.rows:
            person = by_email.get(row.email) if row.email else None
            if person is None and row.name:
                same = by_name.get(fold_name(row.name), [])
                if len(same) > 1:
                    unmatched.append(ImportProblem(row=row.row, reason="ambiguous_person", detail=row.name))
                    continue
                person = same[0] if same else None
            if person is None:
                unmatched.append(
                    ImportProblem(row=row.row, reason="unknown_person", detail=row.name or row.email)
                )
                continue
            if _credit(session, event, person, "sheet", actor.email):
                credited.append(person.name)
            else:
                already += 1
        write_admin_audit(
            session,
            actor.email,
            "event_attendance",
            None,
            f"#{event_id} {path.name}: {len(credited)} credited",
        )
        return SheetResult(
            event=event.title, rows=len(sheet.rows), credited=credited, already=already, unmatched=unmatched
        )


def tick_attendance(email: Who, event_id: int, person_email: str, present: bool = True) -> bool:
    """The organiser ticks (or unticks) a person as present; returns whether anything changed."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.RUN_COHORT)
        event = visible_event(session, actor, event_id)
        person = next(
            (u for u in _cohort_team(session, event) if u.email == person_email.strip().lower()), None
        )
        if person is None:
            raise NotFound("notfound.user", email=person_email)
        if present:
            changed = _credit(session, event, person, "organiser", actor.email)
        else:
            known = session.exec(
                select(EventAttendance).where(
                    EventAttendance.event_id == event.id, EventAttendance.user_id == person.id
                )
            ).first()
            changed = known is not None
            if known is not None:
                session.delete(known)
        if changed:
            write_admin_audit(
                session, actor.email, "event_tick", None, f"#{event_id}: {person.email} {present}"
            )
        return changed


def checkin_code(email: Who, event_id: int) -> str:
    """The code of an event's check-in link (shown at the event as a link and a QR code)."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.RUN_COHORT)
        return visible_event(session, actor, event_id).checkin_code


def check_in(email: Who, code: str, now: datetime | None = None) -> str:
    """A signed-in team member checks in at an event with the code shown there; returns its title."""
    moment = now or datetime.now(UTC)
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        event = (
            session.exec(select(ProgrammeEvent).where(ProgrammeEvent.checkin_code == code)).first()
            if code
            else None
        )
        allowed = visible_cohort_ids(session, actor)
        if event is None or (allowed is not None and event.cohort_id not in allowed):
            raise NotFound("notfound.checkin")
        if Role(actor.role) != Role.TEAM_MEMBER:
            raise PermissionDenied("event.team_only")
        starts = _aware(event.starts)
        if not starts - CHECKIN_BEFORE <= moment <= starts + timedelta(hours=event.hours) + CHECKIN_AFTER:
            raise TransitionRefused("event.checkin_closed", title=event.title)
        if _credit(session, event, actor, "checkin", actor.email):
            write_admin_audit(session, actor.email, "event_checkin", None, f"#{event.id}")
        return event.title
