"""Amendments to an approved roadmap: a team asks to change an action's dates, targets or responsible
unit, with a reason; the consultant approves or rejects (a rejection says why). The approved plan is
never edited: it stays the baseline, and progress is read against the plan with the approved
amendments applied."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import func
from sqlmodel import Session, col, select

from roadmap.domain.amendments import AmendmentChange, baseline_values
from roadmap.domain.content import ApprovedAmendment, RoadmapPlan
from roadmap.domain.monitoring import indicator_address
from roadmap.domain.permissions import Permission
from roadmap.errors import InvalidInput, NotFound, PermissionDenied, TransitionRefused, field_problems
from roadmap.services.access import Who, actor_and_municipality, can
from roadmap.services.monitoring import audit, consultants_of, monitored, notify, team_of
from roadmap.store.db import unit_of_work
from roadmap.store.tables import Municipality, PlanAmendment, utcnow


class AmendmentView(BaseModel):
    number: int
    action_code: str
    action_title: str
    changes: dict[str, Any]  # field -> new value; targets by indicator code ("1.1.1")
    baseline: dict[str, Any]  # field -> the value it replaces, likewise
    reason: str
    requested_by: str
    requested_at: datetime
    state: str  # pending, approved, rejected
    decided_by: str
    decided_at: datetime | None
    comment: str


def _coded(values: dict[str, Any], addresses: dict[str, str]) -> dict[str, Any]:
    shown = dict(values)
    if "targets" in shown:
        shown["targets"] = {addresses.get(k, k): v for k, v in shown["targets"].items()}
    return shown


def request_amendment(
    email: Who, slug: str, action_code: str, changes: dict[str, Any], reason: str
) -> AmendmentView:
    """Ask to change an approved action; ``changes`` holds :class:`AmendmentChange`'s fields (targets
    keyed by indicator id or ``ACTION.N``). Counts once the consultant approves it."""
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        if not can(session, actor, Permission.EDIT, municipality):
            raise PermissionDenied("refused.unauthorised", who=actor.email)
        state = monitored(session, municipality)
        code, action = state.action(action_code)
        if len(reason.strip()) < 3:
            raise InvalidInput("amendment.needs_reason")
        try:
            change = AmendmentChange.model_validate(changes)
        except ValidationError as error:
            raise InvalidInput("amendment.invalid", field_problems(error), action=code) from None
        ids = {i.id for i in action.indicators}
        change.targets = {
            k if k in ids else indicator_address(code, action, k).id: v for k, v in change.targets.items()
        }
        if change.is_empty():
            raise InvalidInput("amendment.nothing", action=code)
        start = change.start_month or action.start_month
        end = change.end_month or action.end_month
        if start and end and end < start:
            raise InvalidInput("amendment.dates", start=start, end=end)
        number = (
            session.exec(
                select(func.max(PlanAmendment.number)).where(PlanAmendment.municipality_id == municipality.id)
            ).one()
            or 0
        ) + 1
        row = PlanAmendment(
            municipality_id=state.municipality_id,
            number=number,
            action_id=action.id,
            changes=change.model_dump(mode="json", exclude_none=True, exclude_defaults=True),
            baseline=baseline_values(action, change),
            reason=reason.strip()[:4000],
            requested_by=actor.email,
        )
        session.add(row)
        audit(session, actor, state.municipality_id, "amendment_requested", f"{number} ({code}): {reason}")
        notify(
            session, actor, municipality, consultants_of(session, municipality), "amendment_requested",
            action=code, title=action.title, number=number, who=actor.name or actor.email, text=reason[:1000],
            link=f"/m/{slug}/monitoring/{code}#amendments",
        )  # fmt: skip
        session.flush()
        return _view(
            row, code, action.title, {i.id: f"{code}.{n}" for n, i in enumerate(action.indicators, 1)}
        )


def _view(row: PlanAmendment, code: str, title: str, addresses: dict[str, str]) -> AmendmentView:
    return AmendmentView(
        number=row.number,
        action_code=code,
        action_title=title,
        changes=_coded(row.changes, addresses),
        baseline=_coded(row.baseline, addresses),
        reason=row.reason,
        requested_by=row.requested_by,
        requested_at=row.requested_at,
        state=row.state,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        comment=row.comment,
    )


def decide_amendment(email: Who, slug: str, number: int, approve: bool, comment: str = "") -> AmendmentView:
    """The consultant approves an amendment (the plan changes, the approved one stays the baseline) or
    rejects it with a comment."""
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        if not can(session, actor, Permission.REVIEW, municipality):
            raise PermissionDenied("refused.unauthorised", who=actor.email)
        state = monitored(session, municipality)
        row = session.exec(
            select(PlanAmendment).where(
                PlanAmendment.municipality_id == municipality.id, PlanAmendment.number == number
            )
        ).first()
        if row is None:
            raise NotFound("amendment.unknown", number=number)
        if row.state != "pending":
            raise TransitionRefused("amendment.decided", number=number)
        if not approve and len(comment.strip()) < 3:
            raise TransitionRefused("amendment.reject_needs_comment")
        row.state = "approved" if approve else "rejected"
        row.decided_by, row.decided_at, row.comment = actor.email, utcnow(), comment.strip()[:4000]
        session.add(row)
        code, action = state.action(row.action_id)
        audit(
            session, actor, state.municipality_id, f"amendment_{row.state}", f"{number} ({code}): {comment}"
        )
        notify(
            session, actor, municipality, team_of(session, municipality), f"amendment_{row.state}",
            action=code, title=action.title, number=number, who=actor.name or actor.email, text=comment[:1000],
            link=f"/m/{slug}/monitoring/{code}#amendments",
        )  # fmt: skip
        session.flush()
        return _view(
            row, code, action.title, {i.id: f"{code}.{n}" for n, i in enumerate(action.indicators, 1)}
        )


def amendments(email: Who, slug: str, action_code: str | None = None) -> list[AmendmentView]:
    """The roadmap's amendments (of one action, if given), oldest first."""
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        state = monitored(session, municipality)
        wanted = state.action(action_code)[1].id if action_code else None
        rows = session.exec(
            select(PlanAmendment)
            .where(PlanAmendment.municipality_id == municipality.id)
            .order_by(col(PlanAmendment.number))
        ).all()
        found = []
        baseline = {a.id: a for _, a in state.baseline.actions()}
        for row in rows:
            if (wanted and row.action_id != wanted) or row.action_id not in baseline:
                continue  # another action's, or one a later approved plan no longer has
            code, _ = state.action(row.action_id)
            approved = baseline[row.action_id]
            addresses = {i.id: f"{code}.{n}" for n, i in enumerate(approved.indicators, 1)}
            found.append(_view(row, code, approved.title, addresses))
        return found


def approved_amendment_lines(
    session: Session, municipality: Municipality, plan: RoadmapPlan
) -> list[ApprovedAmendment]:
    """The approved amendments to ``plan`` (the approved plan), one line per changed value, for the
    roadmap document; empty until the plan is approved and amended."""
    rows = session.exec(
        select(PlanAmendment)
        .where(PlanAmendment.municipality_id == municipality.id, PlanAmendment.state == "approved")
        .order_by(col(PlanAmendment.number))
    ).all()
    codes = plan.action_codes()
    actions = {a.id: a for _, a in plan.actions()}
    lines: list[ApprovedAmendment] = []
    for row in rows:
        if row.action_id not in codes:
            continue
        code = codes[row.action_id]
        common = {
            "number": row.number,
            "action": code,
            "reason": row.reason,
            "decided_on": row.decided_at.date() if row.decided_at else None,
        }
        for field in ("start_month", "end_month", "responsible"):
            if field in row.changes:
                lines.append(
                    ApprovedAmendment(
                        field=field, approved=row.baseline.get(field), amended=row.changes[field], **common
                    )
                )
        addresses = {i.id: f"{code}.{n}" for n, i in enumerate(actions[row.action_id].indicators, 1)}
        for indicator_id, target in row.changes.get("targets", {}).items():
            lines.append(
                ApprovedAmendment(
                    field="target", indicator=addresses.get(indicator_id, indicator_id),
                    approved=row.baseline.get("targets", {}).get(indicator_id), amended=target, **common,
                )
            )  # fmt: skip
    return lines
