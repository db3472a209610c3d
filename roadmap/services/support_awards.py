"""The ledger of support given on awarded applications: what, how much, worth what, when, for which
action. It feeds the roadmap's budget summary (through the roadmap's data) and the monitoring of the
actions it serves (``awards_for_action`` and the partial ``templates/web/support_awards.html``).
"""

from __future__ import annotations

from datetime import date
from typing import cast

from pydantic import BaseModel
from sqlmodel import Session, col, select

from roadmap.domain.content import RoadmapPlan
from roadmap.domain.permissions import Permission
from roadmap.domain.stages import Stage
from roadmap.domain.support import ApplicationStatus, SupportKind
from roadmap.errors import InvalidInput, TransitionRefused
from roadmap.i18n import record_text
from roadmap.services.access import Who, actor_and_municipality, require, resolve_actor
from roadmap.services.support import _audit, visible_application
from roadmap.store.db import unit_of_work
from roadmap.store.repository import load_content, stage_records
from roadmap.store.tables import Municipality, SupportApplication, SupportAward


class AwardView(BaseModel):
    id: int
    application_id: int
    application_title: str
    action_id: str
    action_code: str
    kind: SupportKind
    description: str
    quantity: float
    unit: str
    value_try: float
    given_on: date


def record_award(
    email: Who,
    number: int,
    kind: SupportKind,
    description: str,
    quantity: float,
    unit: str,
    value_try: float,
    given_on: date,
    action: str = "",
) -> int:
    """Add what was given on an awarded application to the ledger (for one of its actions, by code)."""
    description = " ".join(description.split())
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.REVIEW_SUPPORT)
        application, _, municipality = visible_application(session, actor, number)
        if application.status != ApplicationStatus.AWARDED:
            raise TransitionRefused("support.error.not_awarded", number=number)
        codes = _codes(session, municipality)
        by_code = {code: action_id for action_id, code in codes.items()}
        action_id = by_code.get(action, action) if action else application.action_ids[0]
        if action_id not in application.action_ids:
            raise InvalidInput("support.error.award_action", code=action, field="action")
        if len(description) < 2:
            raise InvalidInput("support.error.award_description", field="description")
        if len(description) > 400 or len(unit.strip()) > 40:
            raise InvalidInput(
                "form.error.too_long", max_length=400 if len(description) > 400 else 40, field="description"
            )
        if quantity < 0 or value_try < 0:
            raise InvalidInput("support.error.award_amount", field="value")
        entry = SupportAward(
            application_id=cast(int, application.id),
            municipality_id=cast(int, municipality.id),
            action_id=action_id,
            kind=kind.value,
            description=description,
            quantity=quantity,
            unit=unit.strip(),
            value_try=value_try,
            given_on=given_on,
            recorded_by=actor.email,
        )
        session.add(entry)
        session.flush()
        _audit(
            session,
            actor,
            "support_award",
            record_text("support.award_audit", number=number, description=description, value=value_try),
            municipality.id,
        )
        return cast(int, entry.id)


def _plan(session: Session, municipality: Municipality) -> RoadmapPlan:
    return cast(RoadmapPlan, load_content(session, stage_records(session, municipality)[Stage.ROADMAP]))


def _codes(session: Session, municipality: Municipality) -> dict[str, str]:
    return _plan(session, municipality).action_codes()


def _awards(session: Session, where: object, codes: dict[str, str]) -> list[AwardView]:
    rows = session.exec(
        select(SupportAward, SupportApplication)
        .join(SupportApplication, col(SupportApplication.id) == col(SupportAward.application_id))
        .where(where)  # type: ignore[arg-type]
        .order_by(col(SupportAward.given_on), col(SupportAward.id))
    ).all()
    return [
        AwardView(
            id=cast(int, award.id),
            application_id=award.application_id,
            application_title=application.title,
            action_id=award.action_id,
            action_code=codes.get(award.action_id, ""),
            kind=SupportKind(award.kind),
            description=award.description,
            quantity=award.quantity,
            unit=award.unit,
            value_try=award.value_try,
            given_on=award.given_on,
        )
        for award, application in rows
    ]


def awards_for_action(email: Who, slug: str, action_code: str) -> list[AwardView]:
    """The support given for one action of the roadmap (by its code "2.1" or its id), for its monitoring."""
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        codes = _codes(session, municipality)
        by_code = {code: action_id for action_id, code in codes.items()}
        action_id = by_code.get(action_code, action_code)
        return _awards(
            session,
            (col(SupportAward.municipality_id) == municipality.id)
            & (col(SupportAward.action_id) == action_id),
            codes,
        )
