"""Reminders about check-ins: before a period's deadline and after it, to each action's responsible
people, through the notification outbox. Each reminder is written once (run it as often as you like).
The same run reminds the team members of running cohorts who are behind pace on their hours (issue 22;
``roadmap.services.hours``), at most once a week each.

Run by ``roadmap monitoring remind`` and by the scheduled Prefect deployment (``flows/monitoring.py``).
"""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel
from sqlmodel import Session, col, select

from roadmap.domain.content import RoadmapAction
from roadmap.domain.monitoring import CheckinStatus, Period, periods_of, planned_in
from roadmap.domain.stages import Stage, Status
from roadmap.errors import RoadmapError
from roadmap.services.hours import queue_behind_pace
from roadmap.services.monitoring import Monitored, checkins_of, monitored, notify, team_of
from roadmap.store.db import unit_of_work
from roadmap.store.tables import MonitoringReminder, Municipality, StageRecord, TeamMemberRow, User
from roadmap.text import fold_name

FOLLOW_UP_DAYS = 60  # after this long past a deadline, a missing check-in is no longer chased


class ReminderReport(BaseModel):
    before: int = 0  # notices written before a deadline
    after: int = 0  # after it
    pace: int = 0  # team members of a running cohort behind pace on their hours (at most weekly)


def responsible_people(session: Session, municipality: Municipality, action: RoadmapAction) -> list[User]:
    """The team members of the action's responsible directorate; the whole team if none is."""
    team = team_of(session, municipality)
    wanted = fold_name(action.responsible)
    members = session.exec(
        select(TeamMemberRow).where(TeamMemberRow.municipality_id == municipality.id)
    ).all()
    emails = {m.email.lower() for m in members if wanted and fold_name(m.directorate) == wanted and m.email}
    matched = [person for person in team if person.email in emails]
    return matched or team


def _due(state: Monitored, today: date) -> list[tuple[Period, str]]:
    """The periods a reminder is due for today: "before" in the days before a deadline, "after" once it passed."""
    due = []
    for period in periods_of(state.plan):
        deadline = period.deadline(state.grace_days)
        if deadline - timedelta(days=state.remind_before_days) <= today <= deadline:
            due.append((period, "before"))
        elif deadline < today <= deadline + timedelta(days=FOLLOW_UP_DAYS):
            due.append((period, "after"))
    return due


def _remind_municipality(
    session: Session, municipality: Municipality, today: date, report: ReminderReport
) -> None:
    state = monitored(session, municipality)
    rows = checkins_of(session, state.municipality_id)
    done = {(r.action_id, r.period) for r in rows}
    withdrawn = {r.action_id for r in rows if r.status == CheckinStatus.WITHDRAWN.value}
    sent = {
        (r.action_id, r.period, r.kind)
        for r in session.exec(
            select(MonitoringReminder).where(MonitoringReminder.municipality_id == municipality.id)
        )
    }
    for period, kind in _due(state, today):
        for code, action in state.plan.codes().items():
            key = (action.id, period.label)
            if key in done or action.id in withdrawn or (*key, kind) in sent:
                continue
            if not planned_in(state.plan, action, period):
                continue
            people = responsible_people(session, municipality, action)
            written = notify(
                session,
                None,
                municipality,
                people,
                f"checkin_{kind}",
                action=code,
                title=action.title,
                period=period.label,
                deadline=period.deadline(
                    state.grace_days
                ).isoformat(),  # said as a date in each reader's language
                link=f"/m/{municipality.slug}/monitoring/{code}",
            )
            session.add(
                MonitoringReminder(
                    municipality_id=state.municipality_id, action_id=action.id, period=period.label, kind=kind
                )
            )
            if kind == "before":
                report.before += written
            else:
                report.after += written


def send_reminders(today: date | None = None) -> ReminderReport:
    """Write the reminders due today for every monitored roadmap, and the behind-pace reminders of every
    running cohort (the system's work, no acting person)."""
    today = today or date.today()
    report = ReminderReport()
    with unit_of_work() as session:
        approved = session.exec(
            select(Municipality)
            .join(StageRecord, col(StageRecord.municipality_id) == col(Municipality.id))
            .where(StageRecord.stage == int(Stage.ROADMAP), StageRecord.status == Status.APPROVED.value)
            .order_by(col(Municipality.id))
        ).all()
        for municipality in approved:
            try:
                _remind_municipality(session, municipality, today, report)
            except RoadmapError:  # a roadmap without a start date has no periods to remind about
                continue
        report.pace = queue_behind_pace(session, today)
    return report
