"""Reviewing support applications: scores per criterion with comments, conflicts of interest, decisions,
and the ledger of support given, which feeds the roadmap's budget and the monitoring of its actions.

Reviewers are the programme's staff (``Permission.REVIEW_SUPPORT`` in the one gate). A reviewer who
declared a conflict of interest on an application cannot score it; a decision needs at least
``support_min_reviews`` reviews by different reviewers without a conflict, and records its reason.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from pydantic import BaseModel
from sqlalchemy import update
from sqlmodel import Session, col, select

from roadmap.domain.permissions import Permission
from roadmap.domain.stages import Role
from roadmap.domain.support import ApplicationStatus, Criterion, check_scores, mean_score
from roadmap.errors import InvalidInput, StaleVersion, TransitionRefused
from roadmap.i18n import msg, record_text
from roadmap.services.access import Who, require, resolve_actor
from roadmap.services.support import (
    ApplicationSummary,
    _audit,
    _summary,
    people_names,
    rubric_of,
    visible_application,
)
from roadmap.services.support_awards import AwardView, _awards, _plan
from roadmap.settings import get_settings
from roadmap.store.db import unit_of_work
from roadmap.store.tables import (
    CivicActor,
    Municipality,
    Notification,
    SupportApplication,
    SupportAward,
    SupportReview,
    User,
    utcnow,
)


class ReviewView(BaseModel):
    reviewer: str
    reviewer_name: str
    rubric_version: int
    scores: dict[str, int]
    notes: dict[str, str]
    comment: str
    conflict: bool
    weighted: float | None
    at: datetime


class ApplicationView(BaseModel):
    summary: ApplicationSummary
    request: str
    actions: list[tuple[str, str]]  # (code, title)
    actors: list[str]
    rubric_version: int
    criteria: list[Criterion]
    reviews: list[ReviewView]
    score: float | None
    min_reviews: int
    decided_by: str
    decided_by_name: str
    decided_at: datetime | None
    decision_reason: str
    awards: list[AwardView]

    @property
    def scoring_reviews(self) -> list[ReviewView]:
        return [r for r in self.reviews if not r.conflict]

    @property
    def decidable(self) -> bool:
        return (
            self.summary.status == ApplicationStatus.SUBMITTED
            and len(self.scoring_reviews) >= self.min_reviews
        )


def _open_application(session: Session, email: Who, number: int) -> tuple[SupportApplication, str]:
    actor = resolve_actor(session, email)
    require(actor, Permission.REVIEW_SUPPORT)
    application, _, _ = visible_application(session, actor, number)
    if application.status != ApplicationStatus.SUBMITTED:
        raise TransitionRefused("support.error.decided", number=number)
    return application, actor.email


def _own_review(session: Session, application: SupportApplication, reviewer: str) -> SupportReview | None:
    return session.exec(
        select(SupportReview).where(
            SupportReview.application_id == application.id, SupportReview.reviewer == reviewer
        )
    ).first()


def review_application(
    email: Who, number: int, scores: dict[str, int], comment: str, notes: dict[str, str] | None = None
) -> float:
    """Score every criterion of the call's (frozen) rubric, with a comment; a reviewer's later review
    replaces their earlier one. Refused to a reviewer who declared a conflict. Returns the weighted score."""
    comment = comment.strip()
    with unit_of_work() as session:
        application, reviewer = _open_application(session, email, number)
        call = visible_application(session, resolve_actor(session, email), number)[1]
        rubric = rubric_of(session, call)
        review = _own_review(session, application, reviewer)
        if review is not None and review.conflict:
            raise TransitionRefused("support.error.conflicted", number=number)
        problems = [
            msg(p.key, criterion=p.criterion, value=p.value, top=p.top) for p in check_scores(rubric, scores)
        ]
        if problems:
            raise InvalidInput("support.error.scores", problems, number=number, field="scores")
        if len(comment) < 2:
            raise InvalidInput("support.error.comment", field="comment")
        if len(comment) > 4000 or any(len(v) > 2000 for v in (notes or {}).values()):
            raise InvalidInput("form.error.too_long", max_length=4000, field="comment")
        review = review or SupportReview(
            application_id=cast(int, application.id), reviewer=reviewer, rubric_version=0
        )
        review.rubric_version = call.rubric_version
        review.scores = dict(scores)
        review.notes = {k: v.strip() for k, v in (notes or {}).items() if v.strip() and rubric.criterion(k)}
        review.comment = comment
        review.at = utcnow()
        session.add(review)
        application.version += 1
        session.add(application)
        weighted = rubric.weighted(scores)
        _audit(
            session,
            resolve_actor(session, email),
            "support_review",
            record_text("support.review_audit", number=number, score=weighted),
            application.municipality_id,
        )
        return weighted


def declare_conflict(email: Who, number: int, reason: str) -> None:
    """A reviewer declares a conflict of interest: their scores (if any) are withdrawn and they cannot score."""
    reason = reason.strip()
    if len(reason) < 2:
        raise InvalidInput("support.error.conflict_reason", field="comment")
    if len(reason) > 4000:
        raise InvalidInput("form.error.too_long", max_length=4000, field="comment")
    with unit_of_work() as session:
        application, reviewer = _open_application(session, email, number)
        call = visible_application(session, resolve_actor(session, email), number)[1]
        review = _own_review(session, application, reviewer) or SupportReview(
            application_id=cast(int, application.id), reviewer=reviewer, rubric_version=call.rubric_version
        )
        review.conflict, review.scores, review.notes, review.comment, review.at = (
            True,
            {},
            {},
            reason,
            utcnow(),
        )
        session.add(review)
        _audit(
            session,
            resolve_actor(session, email),
            "support_conflict",
            record_text("support.conflict_audit", number=number, reason=reason),
            application.municipality_id,
        )


def decide_application(email: Who, number: int, award: bool, reason: str) -> ApplicationStatus:
    """Award or decline, with the reason; refused before enough independent reviews."""
    reason = reason.strip()
    if len(reason) < 2:
        raise InvalidInput("support.error.decision_reason", field="comment")
    if len(reason) > 4000:
        raise InvalidInput("form.error.too_long", max_length=4000, field="comment")
    with unit_of_work() as session:
        application, decider = _open_application(session, email, number)
        reviews = session.exec(
            select(SupportReview).where(
                SupportReview.application_id == application.id, col(SupportReview.conflict).is_(False)
            )
        ).all()
        needed = get_settings().support_min_reviews
        if len({r.reviewer for r in reviews}) < needed:
            raise TransitionRefused("support.error.reviews_needed", needed=needed, count=len(reviews))
        status = ApplicationStatus.AWARDED if award else ApplicationStatus.DECLINED
        decided = session.exec(
            update(SupportApplication)
            .where(
                col(SupportApplication.id) == application.id,
                col(SupportApplication.version) == application.version,
                col(SupportApplication.status) == ApplicationStatus.SUBMITTED.value,
            )
            .values(
                status=status.value,
                decided_by=decider,
                decided_at=utcnow(),
                decision_reason=reason,
                version=application.version + 1,
            )
        )
        if (
            decided.rowcount != 1
        ):  # another decision or review came first: this one was based on older reviews
            raise StaleVersion("refused.stale", given=application.version, current=application.version + 1)
        _notify_team(session, application, status, reason, resolve_actor(session, email))
        _audit(
            session,
            resolve_actor(session, email),
            "support_decision",
            record_text(
                "support.decision_audit",
                number=number,
                status=msg(f"support.status.{status.value}"),
                reason=reason,
            ),
            application.municipality_id,
        )
        return status


def _notify_team(
    session: Session, application: SupportApplication, status: ApplicationStatus, reason: str, actor: User
) -> None:
    """The municipality's team hears of the decision through the outbox, in the decision's transaction."""
    municipality = session.get_one(Municipality, application.municipality_id)
    team = session.exec(
        select(User).where(User.municipality_id == municipality.id, User.role == Role.TEAM_MEMBER.value)
    ).all()
    for person in team:
        session.add(
            Notification(
                recipient=person.email,
                kind=f"support_{status.value}",
                params={
                    "municipality": municipality.name,
                    "number": application.id,
                    "title": application.title,
                    "who": actor.name or actor.email,
                    "text": reason[:1000],
                },
                municipality_id=municipality.id,
                link=f"/m/{municipality.slug}/support/{application.id}",
            )
        )


def show_application(email: Who, number: int) -> ApplicationView:
    """The application with each review, the weighted score, the decision and the support given."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        application, call, municipality = visible_application(session, actor, number)
        rubric = rubric_of(session, call)
        plan = _plan(session, municipality)
        codes = plan.action_codes()
        titles = {a.id: a.title for _, a in plan.actions()}
        reviews = session.exec(
            select(SupportReview)
            .where(SupportReview.application_id == application.id)
            .order_by(col(SupportReview.at))
        ).all()
        actors = [session.get(CivicActor, i) for i in application.actor_ids]
        names = people_names(
            session, {r.reviewer for r in reviews} | {application.submitted_by, application.decided_by}
        )
        views = [
            ReviewView(
                reviewer=r.reviewer,
                reviewer_name=names[r.reviewer],
                rubric_version=r.rubric_version,
                scores=r.scores,
                notes=r.notes,
                comment=r.comment,
                conflict=r.conflict,
                weighted=None
                if r.conflict
                else rubric_of(session, call, r.rubric_version).weighted(r.scores),
                at=r.at,
            )
            for r in reviews
        ]
        return ApplicationView(
            summary=_summary(application, call, municipality, names),
            request=application.request,
            actions=[(codes.get(i, "?"), titles.get(i, "")) for i in application.action_ids],
            actors=[a.name for a in actors if a is not None],
            rubric_version=call.rubric_version,
            criteria=rubric.criteria,
            reviews=views,
            score=mean_score(rubric, [r.scores for r in reviews if not r.conflict]),
            min_reviews=get_settings().support_min_reviews,
            decided_by=application.decided_by,
            decided_by_name=names[application.decided_by] if application.decided_by else "",
            decided_at=application.decided_at,
            decision_reason=application.decision_reason,
            awards=_awards(session, col(SupportAward.application_id) == application.id, codes),
        )
