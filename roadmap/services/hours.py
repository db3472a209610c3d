"""Each person's and each team's hours against the commitment: events attended plus the team's own
work hours log (stage 0), paced over the programme's nine months; reminders to those behind pace."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from roadmap.domain.hours import PersonHours, TeamHours, elapsed_share
from roadmap.domain.stages import Role, Stage
from roadmap.domain.validation import ProgrammeRules
from roadmap.services.access import Who, actor_and_municipality
from roadmap.store.db import unit_of_work
from roadmap.store.tables import (
    Cohort,
    EventAttendance,
    Municipality,
    Notification,
    ProgrammeEvent,
    StageRecord,
    TeamMemberRow,
    User,
)
from roadmap.text import fold_name, tr_sort_key

REMIND_DAYS = 7  # a person behind pace is reminded at most once a week


def team_hours(
    session: Session, municipality: Municipality, today: date, rules: ProgrammeRules | None = None
) -> TeamHours:
    """One municipality's hours per person: its team's accounts and the members stage 0 names."""
    return cohort_hours(session, [municipality], today, rules)[municipality.id or 0]


def cohort_hours(
    session: Session, members: list[Municipality], today: date, rules: ProgrammeRules | None = None
) -> dict[int, TeamHours]:
    """Many municipalities' hours, keyed by id, in a handful of queries (the cohort page and report)."""
    rules = rules or ProgrammeRules()
    ids = [m.id for m in members if m.id is not None]
    logs = dict(  # stage 0's JSON holds the hours log; its members live in their own table
        session.exec(
            select(StageRecord.municipality_id, StageRecord.data).where(
                col(StageRecord.municipality_id).in_(ids), StageRecord.stage == int(Stage.TEAM)
            )
        ).all()
    )
    named: dict[int, list[TeamMemberRow]] = {}
    for row in session.exec(
        select(TeamMemberRow)
        .where(col(TeamMemberRow.municipality_id).in_(ids))
        .order_by(col(TeamMemberRow.position))
    ).all():
        named.setdefault(row.municipality_id, []).append(row)
    accounts: dict[int, list[User]] = {}
    for user in session.exec(
        select(User).where(col(User.municipality_id).in_(ids), User.role == Role.TEAM_MEMBER.value)
    ).all():
        accounts.setdefault(user.municipality_id or 0, []).append(user)
    credited = {
        user_id: (float(total or 0), int(count))
        for user_id, total, count in session.exec(
            select(EventAttendance.user_id, func.sum(ProgrammeEvent.hours), func.count())
            .join(ProgrammeEvent, col(ProgrammeEvent.id) == EventAttendance.event_id)
            .join(User, col(User.id) == EventAttendance.user_id)
            .where(col(User.municipality_id).in_(ids))
            .group_by(col(EventAttendance.user_id))
        ).all()
    }
    starts: dict[int | None, date] = {c.id: c.starts for c in session.exec(select(Cohort)).all()}
    found = {}
    for municipality in members:
        assert municipality.id is not None
        people: dict[str, PersonHours] = {}  # keyed by folded name: the hours log names people
        for member in named.get(municipality.id, []):
            people.setdefault(
                fold_name(member.name),
                PersonHours(name=member.name, email=member.email, events=0, logged=0, attended=0),
            )
        for user in accounts.get(municipality.id, []):
            key = fold_name(user.name)
            person = people.get(key) or next(
                (p for p in people.values() if p.email and p.email == user.email), None
            )
            if person is None:
                person = people[key] = PersonHours(
                    name=user.name, email=user.email, events=0, logged=0, attended=0
                )
            person.email = person.email or user.email
            hours, count = credited.get(user.id or 0, (0.0, 0))
            person.events += hours
            person.attended += count
        unassigned = 0.0
        for entry in (logs.get(municipality.id) or {}).get("hours", []):
            person = people.get(fold_name(str(entry.get("member", ""))))
            if person is None:
                unassigned += float(entry.get("hours", 0))
            else:
                person.logged += float(entry.get("hours", 0))
        start = starts.get(municipality.cohort_id) or municipality.created_at.date()
        found[municipality.id] = TeamHours(
            slug=municipality.slug,
            name=municipality.name,
            start=start,
            today=today,
            target=rules.hours_target,
            expected=round(rules.hours_target * elapsed_share(start, today), 1),
            people=sorted(people.values(), key=lambda p: tr_sort_key(p.name)),
            unassigned=unassigned,
        )
    return found


def hours_report(email: Who, slug: str, today: date | None = None) -> TeamHours:
    """A municipality's hours per person against the commitment, and where the pace says they should be."""
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        return team_hours(session, municipality, today or date.today())


def queue_behind_pace(session: Session, today: date) -> int:
    """Queue a notice (through the outbox) to every team member of a running cohort who is behind pace
    and was not reminded in the last week; returns how many were queued. The system's work, done by the
    one reminder run (``roadmap monitoring remind`` and the scheduled flow)."""
    cohorts = session.exec(select(Cohort).where(Cohort.starts <= today, Cohort.ends >= today)).all()
    ids = [c.id for c in cohorts if c.id is not None]
    members = session.exec(select(Municipality).where(col(Municipality.cohort_id).in_(ids))).all()
    if not members:
        return 0
    since = datetime.now(UTC) - timedelta(days=REMIND_DAYS)
    recent = set(
        session.exec(
            select(Notification.recipient).where(
                Notification.kind == "hours_behind", Notification.created_at >= since
            )
        ).all()
    )
    accounts = set(session.exec(select(User.email)).all())
    queued = 0
    for municipality_id, hours in cohort_hours(session, list(members), today).items():
        for person in hours.people:
            if not person.email or person.email in recent or not hours.behind(person):
                continue
            if person.email not in accounts:
                continue  # named in stage 0 without an account: nobody to write to
            session.add(
                Notification(
                    recipient=person.email,
                    kind="hours_behind",
                    params={
                        "municipality": hours.name,
                        "name": person.name,
                        "hours": f"{person.total:g}",
                        "expected": f"{hours.expected:g}",
                        "target": f"{hours.target:g}",
                    },
                    municipality_id=municipality_id,
                    link=f"/m/{hours.slug}/hours",
                )
            )
            recent.add(person.email)
            queued += 1
    return queued
