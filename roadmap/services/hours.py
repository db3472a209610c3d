"""Each person's and each team's hours against the commitment: events attended plus the team's own
work hours log (stage 0), paced over the programme's nine months; reminders to those behind pace."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import cast

from sqlalchemy import func
from sqlmodel import Session, col, select

from roadmap.domain.content import CoordinationTeam
from roadmap.domain.hours import PersonHours, TeamHours, elapsed_share
from roadmap.domain.permissions import Permission
from roadmap.domain.stages import Role, Stage
from roadmap.domain.validation import ProgrammeRules
from roadmap.errors import NotFound
from roadmap.services.access import Who, actor_and_municipality, require, resolve_actor
from roadmap.services.cohorts import find_cohort
from roadmap.store.db import unit_of_work
from roadmap.store.repository import load_content, stage_records, write_admin_audit
from roadmap.store.tables import (
    Cohort,
    EventAttendance,
    Municipality,
    Notification,
    ProgrammeEvent,
    User,
)
from roadmap.text import fold_name, tr_sort_key

REMIND_DAYS = 7  # a person behind pace is reminded at most once a week


def _start(session: Session, municipality: Municipality) -> date:
    cohort = session.get(Cohort, municipality.cohort_id) if municipality.cohort_id is not None else None
    return cohort.starts if cohort is not None else municipality.created_at.date()


def team_hours(
    session: Session, municipality: Municipality, today: date, rules: ProgrammeRules | None = None
) -> TeamHours:
    """One municipality's hours per person: its team's accounts and the members stage 0 names."""
    rules = rules or ProgrammeRules()
    record = stage_records(session, municipality)[Stage.TEAM]
    team = cast(CoordinationTeam, load_content(session, record))
    accounts = session.exec(
        select(User).where(User.municipality_id == municipality.id, User.role == Role.TEAM_MEMBER.value)
    ).all()
    credited = dict(
        session.exec(
            select(EventAttendance.user_id, func.sum(ProgrammeEvent.hours))
            .join(ProgrammeEvent, col(ProgrammeEvent.id) == EventAttendance.event_id)
            .where(col(EventAttendance.user_id).in_([u.id for u in accounts]))
            .group_by(col(EventAttendance.user_id))
        ).all()
    )
    counted = dict(
        session.exec(
            select(EventAttendance.user_id, func.count())
            .where(col(EventAttendance.user_id).in_([u.id for u in accounts]))
            .group_by(col(EventAttendance.user_id))
        ).all()
    )
    people: dict[str, PersonHours] = {}  # keyed by folded name: the hours log names people
    for member in team.members:
        people.setdefault(
            fold_name(member.name),
            PersonHours(name=member.name, email=member.email, events=0, logged=0, attended=0),
        )
    for user in accounts:
        key = fold_name(user.name)
        person = people.get(key) or next(
            (p for p in people.values() if p.email and p.email == user.email), None
        )
        if person is None:
            person = people[key] = PersonHours(
                name=user.name, email=user.email, events=0, logged=0, attended=0
            )
        person.email = person.email or user.email
        person.events += float(credited.get(user.id or 0, 0) or 0)
        person.attended += int(counted.get(user.id or 0, 0) or 0)
    unassigned = 0.0
    for entry in team.hours:
        person = people.get(fold_name(entry.member))
        if person is None:
            unassigned += entry.hours
        else:
            person.logged += entry.hours
    start = _start(session, municipality)
    return TeamHours(
        slug=municipality.slug,
        name=municipality.name,
        start=start,
        today=today,
        target=rules.hours_target,
        expected=round(rules.hours_target * elapsed_share(start, today), 1),
        people=sorted(people.values(), key=lambda p: tr_sort_key(p.name)),
        unassigned=unassigned,
    )


def hours_report(email: Who, slug: str, today: date | None = None) -> TeamHours:
    """A municipality's hours per person against the commitment, and where the pace says they should be."""
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        return team_hours(session, municipality, today or date.today())


def cohort_hours(session: Session, members: list[Municipality], today: date) -> dict[int, TeamHours]:
    """Every given municipality's hours (for the cohort's page and report), keyed by its id."""
    return {m.id: team_hours(session, m, today) for m in members if m.id is not None}


def remind_behind_pace(who: Who, cohort: str, today: date | None = None) -> int:
    """Queue a notice (through the outbox) to every team member of the cohort who is behind pace and
    was not reminded in the last week; returns how many were queued."""
    today = today or date.today()
    with unit_of_work() as session:
        actor = resolve_actor(session, who)
        require(actor, Permission.RUN_COHORT)
        group = find_cohort(session, cohort)
        if group is None:
            raise NotFound("notfound.cohort", slug=cohort)
        members = session.exec(select(Municipality).where(Municipality.cohort_id == group.id)).all()
        since = datetime.now(UTC) - timedelta(days=REMIND_DAYS)
        recent = set(
            session.exec(
                select(Notification.recipient).where(
                    Notification.kind == "hours_behind", Notification.created_at >= since
                )
            ).all()
        )
        queued = 0
        for municipality in members:
            hours = team_hours(session, municipality, today)
            for person in hours.people:
                if not person.email or person.email in recent or not hours.behind(person):
                    continue
                if session.exec(select(User.id).where(User.email == person.email)).first() is None:
                    continue  # named in stage 0 without an account: nobody to write to
                session.add(
                    Notification(
                        recipient=person.email,
                        kind="hours_behind",
                        params={
                            "municipality": municipality.name,
                            "name": person.name,
                            "hours": f"{person.total:g}",
                            "expected": f"{hours.expected:g}",
                            "target": f"{hours.target:g}",
                        },
                        municipality_id=municipality.id,
                        link=f"/m/{municipality.slug}/hours",
                    )
                )
                recent.add(person.email)
                queued += 1
        write_admin_audit(session, actor.email, "hours_remind", None, f"{cohort}: {queued}")
        return queued
