"""The programme office's line for each municipality of a cohort: the application it came from, its
hours and pace, its consulting sessions (for the cohort page and the cohort report)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlmodel import Session, col, select

from roadmap.domain.applications import CallForm, weighted_score
from roadmap.domain.permissions import Permission
from roadmap.domain.stages import Role
from roadmap.errors import NotFound
from roadmap.services.access import Who, require, resolve_actor, visible_municipalities
from roadmap.services.cohorts import find_cohort
from roadmap.services.consulting import sessions_of
from roadmap.services.hours import cohort_hours
from roadmap.store.db import unit_of_work
from roadmap.store.tables import Application, ApplicationReview, Municipality, ProgrammeCall


class OfficeRow(BaseModel):
    slug: str
    call: str = ""  # the call it was accepted from ("" when it did not apply through the tool)
    submitted: date | None = None
    score: float | None = None  # the reviewers' mean (0–100)
    hours: float = 0  # the team's total
    average: float = 0  # per person
    expected: float = 0  # per person, by today
    behind: bool = False
    people_behind: int = 0
    consulting: int = 0  # sessions held
    last_consulting: date | None = None
    next_steps: str = ""  # agreed at the last session


def office_rows_in(
    session: Session, members: list[Municipality], today: date, scores: bool = True
) -> dict[str, OfficeRow]:
    """Every given municipality's line (``scores``: with the reviewers' scores, for the programme)."""
    ids = [m.id for m in members if m.id is not None]
    applications = {
        a.municipality_id: (a, call)
        for a, call in session.exec(
            select(Application, ProgrammeCall)
            .join(ProgrammeCall, col(ProgrammeCall.id) == Application.call_id)
            .where(col(Application.municipality_id).in_(ids))
        ).all()
    }
    reviews: dict[int, list[ApplicationReview]] = {}
    for review in session.exec(
        select(ApplicationReview).where(
            col(ApplicationReview.application_id).in_([a.id for a, _ in applications.values()])
        )
    ).all():
        reviews.setdefault(review.application_id, []).append(review)
    consulting = sessions_of(session, ids)
    teams = cohort_hours(session, members, today)
    rows = {}
    for municipality in members:
        assert municipality.id is not None
        hours = teams[municipality.id]
        row = OfficeRow(
            slug=municipality.slug,
            hours=round(hours.total, 1),
            average=round(hours.average, 1),
            expected=hours.expected,
            behind=hours.team_behind,
            people_behind=sum(1 for p in hours.people if hours.behind(p)),
        )
        if municipality.id in applications:
            application, call = applications[municipality.id]
            row.call = call.name
            row.submitted = application.submitted_at.date() if application.submitted_at else None
            given = reviews.get(application.id or 0, [])
            if scores and given:
                form = CallForm.model_validate(call.form)
                row.score = round(sum(weighted_score(form, r.scores) for r in given) / len(given), 1)
        sessions = consulting.get(municipality.id, [])
        row.consulting = len(sessions)
        if sessions:
            row.last_consulting, row.next_steps = sessions[0].held_on, sessions[0].next_steps
        rows[municipality.slug] = row
    return rows


def office_rows(email: Who, cohort: str, slugs: list[str], today: date | None = None) -> dict[str, OfficeRow]:
    """The lines of the cohort's municipalities named (those the person may see; the cohort page asks
    for the page it shows). Reviewers' scores only for the programme."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        group = find_cohort(session, cohort)
        if group is None or Role(actor.role) == Role.TEAM_MEMBER:
            raise NotFound("notfound.cohort", slug=cohort)
        members = [m for m in visible_municipalities(session, actor, group.id) if m.slug in set(slugs)]
        return office_rows_in(session, members, today or date.today(), Role(actor.role) == Role.COORDINATOR)


def cohort_office(who: Who, cohort: str, today: date | None = None) -> dict[str, OfficeRow]:
    """Every municipality's line in the cohort, for the programme's report."""
    with unit_of_work() as session:
        require(resolve_actor(session, who), Permission.RUN_COHORT)
        group = find_cohort(session, cohort)
        if group is None:
            raise NotFound("notfound.cohort", slug=cohort)
        members = list(session.exec(select(Municipality).where(Municipality.cohort_id == group.id)).all())
        return office_rows_in(session, members, today or date.today())
