"""The programme's side of a call: the applications with their completeness and scores, scoring,
acceptance (the municipality in a cohort, its nominated team invited, stage 0 filled with them) and
rejection (a courteous message with the reason). All audited; an accepted application stays part of
the municipality's record, visible to its team and consultant."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal, cast

from pydantic import BaseModel
from sqlmodel import Session, col, select

from roadmap.domain.applications import ApplicationForm, CallForm, missing, weighted_score
from roadmap.domain.content import CoordinationTeam
from roadmap.domain.permissions import Permission
from roadmap.domain.safe_text import checked_text
from roadmap.domain.stages import Role, Stage
from roadmap.domain.validation import Problem
from roadmap.errors import InvalidInput, NotFound, TransitionRefused
from roadmap.services.access import Who, require, resolve_actor, visible_municipality
from roadmap.services.accounts import invite_in
from roadmap.services.applications import call_by_key
from roadmap.services.cohorts import find_cohort
from roadmap.services.municipalities import SLUG_PATTERN, create_municipality, find_municipality
from roadmap.services.stages import save_content
from roadmap.store.db import unit_of_work
from roadmap.store.repository import load_content, stage_records, write_admin_audit
from roadmap.store.tables import (
    Application,
    ApplicationReview,
    Municipality,
    Notification,
    ProgrammeCall,
    User,
)
from roadmap.text import fold_name


class ApplicationRow(BaseModel):
    id: int
    municipality: str
    province: str
    kind: str
    contact: str
    state: str
    email_confirmed: bool
    problems: list[Problem]  # empty: complete
    reviews: int
    score: float | None  # the mean of the reviewers' weighted scores (0–100)
    submitted_at: datetime | None
    municipality_slug: str = ""


def _rows(session: Session, call: ProgrammeCall, query: Any = None) -> list[ApplicationRow]:
    form = CallForm.model_validate(call.form)
    applications = session.exec(
        query
        if query is not None
        else select(Application).where(Application.call_id == call.id).order_by(col(Application.id))
    ).all()
    reviews: dict[int, list[float]] = {}
    for review in session.exec(
        select(ApplicationReview).where(
            col(ApplicationReview.application_id).in_([a.id for a in applications])
        )
    ).all():
        reviews.setdefault(review.application_id, []).append(weighted_score(form, review.scores))
    slugs = {}
    for application in applications:
        if application.municipality_id is not None:
            municipality = session.get(Municipality, application.municipality_id)
            slugs[application.id] = municipality.slug if municipality else ""
    rows = []
    for a in applications:
        assert a.id is not None
        data = ApplicationForm.model_validate(a.data)
        scores = reviews.get(a.id, [])
        rows.append(
            ApplicationRow(
                id=a.id,
                municipality=data.municipality,
                province=data.province,
                kind=data.kind,
                contact=a.contact_email,
                state=a.state,
                email_confirmed=a.email_confirmed_at is not None,
                problems=missing(data, form),
                reviews=len(scores),
                score=round(sum(scores) / len(scores), 1) if scores else None,
                submitted_at=a.submitted_at,
                municipality_slug=slugs.get(a.id, ""),
            )
        )
    return rows


def list_applications(email: Who, key: str) -> list[ApplicationRow]:
    """The call's applications with their completeness and scores (programme staff)."""
    with unit_of_work() as session:
        require(resolve_actor(session, email), Permission.RUN_COHORT)
        return _rows(session, call_by_key(session, key))


class ApplicationDetail(BaseModel):
    row: ApplicationRow
    form: ApplicationForm
    call: CallForm
    call_name: str
    reviews: list[dict[str, Any]]  # reviewer, scores, comment, score
    decision_reason: str = ""
    decided_by: str = ""


def _application(session: Session, call: ProgrammeCall, number: int) -> Application:
    application = session.get(Application, number)
    if application is None or application.call_id != call.id:
        raise NotFound("notfound.application", number=number)
    return application


def _detail(session: Session, call: ProgrammeCall, application: Application) -> ApplicationDetail:
    form = CallForm.model_validate(call.form)
    (row,) = _rows(session, call, select(Application).where(Application.id == application.id))
    reviews = session.exec(
        select(ApplicationReview)
        .where(ApplicationReview.application_id == application.id)
        .order_by(col(ApplicationReview.id))
    ).all()
    return ApplicationDetail(
        row=row,
        form=ApplicationForm.model_validate(application.data),
        call=form,
        call_name=call.name,
        reviews=[
            {
                "reviewer": r.reviewer,
                "scores": r.scores,
                "comment": r.comment,
                "score": weighted_score(form, r.scores),
            }
            for r in reviews
        ],
        decision_reason=application.decision_reason,
        decided_by=application.decided_by,
    )


def show_application(email: Who, key: str, number: int) -> ApplicationDetail:
    """One application in full, with its reviews (programme staff)."""
    with unit_of_work() as session:
        require(resolve_actor(session, email), Permission.RUN_COHORT)
        call = call_by_key(session, key)
        return _detail(session, call, _application(session, call, number))


def score_application(
    email: Who, key: str, number: int, scores: dict[str, float], comment: str = ""
) -> float:
    """A reviewer scores a submitted application on each of the call's criteria (scoring again replaces
    their earlier scores); returns their weighted score (0–100)."""
    comment = checked_text(comment, "comment").strip()
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.RUN_COHORT)
        call = call_by_key(session, key)
        application = _application(session, call, number)
        if application.state == "draft":
            raise TransitionRefused("application.not_submitted", number=number)
        form = CallForm.model_validate(call.form)
        known = {c.id: c for c in form.criteria}
        for criterion, value in scores.items():
            if criterion not in known:
                raise InvalidInput("application.unknown_criterion", field=criterion, names=", ".join(known))
            if not 0 <= value <= known[criterion].max:
                raise InvalidInput("application.bad_score", field=criterion, max=known[criterion].max)
        unscored = [c for c in known if c not in scores]
        if unscored:
            raise InvalidInput("application.unscored", names=", ".join(unscored))
        review = session.exec(
            select(ApplicationReview).where(
                ApplicationReview.application_id == application.id, ApplicationReview.reviewer == actor.email
            )
        ).first() or ApplicationReview(application_id=number, reviewer=actor.email)
        review.scores, review.comment, review.at = dict(scores), comment, datetime.now(UTC)
        session.add(review)
        score = weighted_score(form, scores)
        write_admin_audit(session, actor.email, "application_score", None, f"{key} #{number}: {score}")
        return score


def _slug_for(session: Session, name: str) -> str:
    """A free slug from a municipality's name ("Nilüfer Belediyesi" → "nilufer")."""
    base = fold_name(name)
    for word in ("büyükşehir", "buyuksehir", "belediyesi", "belediye"):
        base = base.replace(word, " ")
    base = "-".join(part for part in "".join(c if c.isalnum() else " " for c in base).split())
    base = (base.encode("ascii", "ignore").decode() or "belediye")[:70].strip("-") or "belediye"
    slug, number = base, 2
    while find_municipality(session, slug) is not None:
        slug, number = f"{base}-{number}", number + 1
    return slug


def accept_application(email: Who, key: str, number: int, cohort: str, slug: str = "") -> str:
    """Accept a submitted application: the municipality joins the cohort, each nominee is invited by
    e-mail and stage 0 holds them; the contact is told. All or nothing. Returns the municipality's slug."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.MANAGE)
        call = call_by_key(session, key)
        application = _application(session, call, number)
        if application.state != "submitted":
            raise TransitionRefused("application.not_submitted", number=number)
        group = find_cohort(session, cohort)
        if group is None:
            raise NotFound("notfound.cohort", slug=cohort)
        form = ApplicationForm.model_validate(application.data)
        slug = slug or _slug_for(session, form.municipality)
        if not SLUG_PATTERN.fullmatch(slug):
            raise InvalidInput("municipality.bad_slug", field="slug", slug=slug)
        if find_municipality(session, slug) is not None:
            raise InvalidInput("municipality.exists", field="slug", slug=slug)
        municipality = create_municipality(
            session, slug, form.municipality, form.province, call.name, form.kind
        )
        municipality.cohort_id = group.id
        session.add(municipality)
        write_admin_audit(session, actor.email, "cohort_join", municipality, group.slug)
        for nominee in form.team:
            invite_in(
                session, actor, nominee.email, nominee.name, Role.TEAM_MEMBER, municipality, form.language
            )
        record = stage_records(session, municipality)[Stage.TEAM]
        team = cast(CoordinationTeam, load_content(session, record))
        team.members = form.coordination_team().members
        save_content(session, actor, municipality, record, team, record.version, f"{key} #{number}")
        application.municipality_id = municipality.id
        _decide(session, actor, call, application, form, "accepted", link=f"/m/{slug}")
        write_admin_audit(session, actor.email, "application_accept", municipality, f"{key} #{number}")
        return slug


def _decide(
    session: Session,
    actor: User,
    call: ProgrammeCall,
    application: Application,
    form: ApplicationForm,
    state: Literal["accepted", "rejected"],
    link: str = "",
    **params: str,
) -> None:
    """Record the decision on the application and tell its contact (in the language they applied in)."""
    application.state = state
    application.decided_at, application.decided_by = datetime.now(UTC), actor.email
    session.add(application)
    session.add(
        Notification(
            recipient=application.contact_email,
            kind=f"application_{state}",
            params={
                "call": call.name,
                "municipality": form.municipality,
                "name": form.contact_name,
                **params,
                "lang": form.language,
            },
            municipality_id=application.municipality_id,
            link=link,
        )
    )


def reject_application(email: Who, key: str, number: int, reason: str) -> None:
    """Decline a submitted application with a reason, which the contact receives in a courteous e-mail."""
    reason = checked_text(reason, "reason").strip()
    if len(reason) < 10:
        raise InvalidInput("application.reason_needed", field="reason")
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.MANAGE)
        call = call_by_key(session, key)
        application = _application(session, call, number)
        if application.state != "submitted":
            raise TransitionRefused("application.not_submitted", number=number)
        form = ApplicationForm.model_validate(application.data)
        application.decision_reason = reason
        _decide(session, actor, call, application, form, "rejected", reason=reason)
        write_admin_audit(session, actor.email, "application_reject", None, f"{key} #{number}: {reason}")


def municipality_application(email: Who, slug: str) -> ApplicationDetail | None:
    """The application a municipality was accepted from (its team and consultant see it), if any."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        municipality = visible_municipality(session, actor, slug)
        application = session.exec(
            select(Application).where(Application.municipality_id == municipality.id)
        ).first()
        if application is None:
            return None
        call = session.get(ProgrammeCall, application.call_id)
        assert call is not None
        detail = _detail(session, call, application)
        if actor.role != Role.COORDINATOR.value:  # scores and reviewers' notes stay with the programme
            detail.reviews = []
        return detail


def application_states(session: Session, municipality_ids: list[int]) -> dict[int, str]:
    """Each municipality's call (by name) it was accepted from, for the cohort's views."""
    rows = session.exec(
        select(Application.municipality_id, ProgrammeCall.name)
        .join(ProgrammeCall, col(ProgrammeCall.id) == Application.call_id)
        .where(col(Application.municipality_id).in_(municipality_ids))
    ).all()
    return {mid: name for mid, name in rows if mid is not None}


class CallRow(BaseModel):
    key: str
    name: str
    opens: datetime
    closes: datetime
    applications: int
    submitted: int


def list_calls(email: Who) -> list[CallRow]:
    """Every call, newest first, with how many applications it has (programme staff)."""
    with unit_of_work() as session:
        require(resolve_actor(session, email), Permission.RUN_COHORT)
        calls = session.exec(select(ProgrammeCall).order_by(col(ProgrammeCall.closes).desc())).all()
        rows = []
        for call in calls:
            states = session.exec(select(Application.state).where(Application.call_id == call.id)).all()
            rows.append(
                CallRow(
                    key=call.key,
                    name=call.name,
                    opens=call.opens,
                    closes=call.closes,
                    applications=len(states),
                    submitted=sum(1 for s in states if s != "draft"),
                )
            )
        return rows
