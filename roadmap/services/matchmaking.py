"""Matchmaking: civic actors suggested for each action of a municipality's roadmap, introductions logged,
and an introduced organisation made a partner on the action (through the stage service).

An introduction has a status and a free "next step" note; a one-to-one meeting is arranged by the
programme office and linked to it there.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from pydantic import BaseModel
from sqlalchemy import func, update
from sqlmodel import Session, col, select

from roadmap.analysis.actors import (
    ActionSuggestions,
    Candidate,
    Place,
    district_of,
    in_register,
    name_key,
    suggest,
)
from roadmap.domain.actors import IntroductionStatus
from roadmap.domain.catalogues import focus_titles
from roadmap.domain.content import FocusAreas, RoadmapPlan, StakeholderMap
from roadmap.domain.permissions import Permission
from roadmap.domain.stages import Stage
from roadmap.errors import InvalidInput, NotFound, StaleVersion
from roadmap.i18n import record_text
from roadmap.services.access import Who, actor_and_municipality, authorise, resolve_actor
from roadmap.services.actors import _organisation, visible_actor
from roadmap.services.stages import editable_record, save_content
from roadmap.services.support import people_names
from roadmap.settings import Language
from roadmap.store.db import unit_of_work
from roadmap.store.repository import load_content, programme_of, stage_records
from roadmap.store.tables import ActorIntroduction, AuditRecord, CivicActor, Municipality, SupportApplication


class Introduction(BaseModel):
    id: int
    actor_id: int
    actor_name: str
    action_id: str
    action_code: str
    introduced_by: str
    introduced_by_name: str
    introduced_at: datetime
    status: IntroductionStatus
    next_step: str
    version: int


def _plan(session: Session, municipality: Municipality) -> RoadmapPlan:
    return cast(RoadmapPlan, load_content(session, stage_records(session, municipality)[Stage.ROADMAP]))


def activity(session: Session) -> dict[int, int]:
    """How many introductions and applications each organisation is already part of, programme-wide."""
    counts: dict[int, int] = dict(
        session.exec(
            select(ActorIntroduction.actor_id, func.count()).group_by(col(ActorIntroduction.actor_id))
        ).all()
    )
    for actor_ids in session.exec(select(SupportApplication.actor_ids)).all():
        for actor_id in actor_ids:
            counts[actor_id] = counts.get(actor_id, 0) + 1
    return counts


def match_actors(email: Who, slug: str, lang: Language = "tr") -> list[ActionSuggestions]:
    """For each action of the roadmap, civic actors ranked local first, with the reasons why."""
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        records = stage_records(session, municipality)
        plan = cast(RoadmapPlan, load_content(session, records[Stage.ROADMAP]))
        register = cast(StakeholderMap, load_content(session, records[Stage.STAKEHOLDERS])).stakeholders
        focus = cast(FocusAreas, load_content(session, records[Stage.FOCUS]))
        titles = focus_titles(focus, lang, programme_of(session, municipality).catalogue)
        active = activity(session)
        candidates = [
            Candidate(
                id=cast(int, r.id),
                name=r.name,
                kind=r.kind,
                province=r.province,
                district=r.district,
                focus_areas=list(r.focus_areas),
                active=active.get(cast(int, r.id), 0),
                in_register=in_register(_organisation(r), register) is not None,
            )
            for r in session.exec(select(CivicActor).where(col(CivicActor.kvkk_consent))).all()
        ]
        introduced = {
            (i.actor_id, i.action_id)
            for i in session.exec(
                select(ActorIntroduction).where(ActorIntroduction.municipality_id == municipality.id)
            ).all()
        }
        place = Place(municipality.province, district_of(municipality.name, municipality.kind))
    return suggest(plan, candidates, place, introduced, titles)


def _action_id(plan: RoadmapPlan, code: str) -> str:
    """The id of the action with code ``code`` ("2.1"), or its id itself; refused if there is none."""
    codes = plan.codes()
    if code in codes:
        return codes[code].id
    if any(action.id == code for _, action in plan.actions()):
        return code
    raise InvalidInput("match.error.no_action", code=code, field="action")


def introduce(email: Who, slug: str, actor_id: int, action: str, next_step: str = "") -> int:
    """Log that an organisation was introduced to the municipality for an action (its code, "2.1")."""
    if len(next_step.strip()) > 2000:
        raise InvalidInput("form.error.too_long", max_length=2000, field="next_step")
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        municipality = authorise(session, actor, Permission.INTRODUCE, slug)
        record = visible_actor(session, actor, actor_id)
        plan = _plan(session, municipality)
        action_id = _action_id(plan, action)
        code = plan.action_codes()[action_id]
        logged = session.exec(
            select(ActorIntroduction).where(
                ActorIntroduction.municipality_id == municipality.id,
                ActorIntroduction.actor_id == actor_id,
                ActorIntroduction.action_id == action_id,
            )
        ).first()
        if logged is not None:
            raise InvalidInput(
                "match.error.already_introduced", name=record.name, code=code, number=logged.id
            )
        introduction = ActorIntroduction(
            actor_id=actor_id,
            municipality_id=cast(int, municipality.id),
            action_id=action_id,
            action_code=code,
            introduced_by=actor.email,
            next_step=next_step.strip(),
        )
        session.add(introduction)
        session.add(
            AuditRecord(
                actor=actor.email,
                municipality_id=municipality.id,
                action="actor_introduced",
                comment=record_text("match.introduced_audit", name=record.name, code=code),
            )
        )
        session.flush()
        return cast(int, introduction.id)


def introductions(email: Who, slug: str) -> list[Introduction]:
    """The municipality's introductions, newest first."""
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        rows = session.exec(
            select(ActorIntroduction, CivicActor)
            .join(CivicActor, col(CivicActor.id) == col(ActorIntroduction.actor_id))
            .where(ActorIntroduction.municipality_id == municipality.id)
            .order_by(col(ActorIntroduction.introduced_at).desc(), col(ActorIntroduction.id).desc())
        ).all()
        names = people_names(session, {i.introduced_by for i, _ in rows})
    return [
        Introduction(
            id=cast(int, i.id),
            actor_id=i.actor_id,
            actor_name=a.name,
            action_id=i.action_id,
            action_code=i.action_code,
            introduced_by=i.introduced_by,
            introduced_by_name=names[i.introduced_by],
            introduced_at=i.introduced_at,
            status=IntroductionStatus(i.status),
            next_step=i.next_step,
            version=i.version,
        )
        for i, a in rows
    ]


def update_introduction(
    email: Who,
    slug: str,
    introduction_id: int,
    status: IntroductionStatus,
    next_step: str,
    expected_version: int,
) -> int:
    """Move an introduction on (in contact, a meeting, not pursued) with its next step; version-checked."""
    if len(next_step.strip()) > 2000:
        raise InvalidInput("form.error.too_long", max_length=2000, field="next_step")
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        municipality = authorise(session, actor, Permission.INTRODUCE, slug)
        introduction = session.get(ActorIntroduction, introduction_id)
        if introduction is None or introduction.municipality_id != municipality.id:
            raise NotFound("notfound.introduction", number=introduction_id)
        result = session.exec(
            update(ActorIntroduction)
            .where(
                col(ActorIntroduction.id) == introduction_id,
                col(ActorIntroduction.version) == expected_version,
            )
            .values(status=status.value, next_step=next_step.strip(), version=expected_version + 1)
        )
        if result.rowcount != 1:
            raise StaleVersion("refused.stale", given=expected_version, current=introduction.version)
        session.add(
            AuditRecord(
                actor=actor.email,
                municipality_id=municipality.id,
                action="introduction_update",
                comment=f"{introduction_id}: {status.value}",
            )
        )
        return expected_version + 1


def make_partner(email: Who, slug: str, actor_id: int, action: str) -> str:
    """Add the organisation to the action's partners (through the stage service: the roadmap must be
    editable, and the edit is version-checked and audited); its introduction, if any, becomes "partner"."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        municipality = authorise(session, actor, Permission.INTRODUCE, slug)
        record = visible_actor(session, actor, actor_id)
        stage = editable_record(session, actor, municipality, Stage.ROADMAP)
        plan = cast(RoadmapPlan, load_content(session, stage))
        action_id = _action_id(plan, action)
        target = next(a for _, a in plan.actions() if a.id == action_id)
        if name_key(record.name) in {name_key(p) for p in target.partners}:
            raise InvalidInput(
                "match.error.already_partner", name=record.name, code=plan.action_codes()[action_id]
            )
        target.partners.append(record.name)
        note = record_text("match.partner_audit", name=record.name, code=plan.action_codes()[action_id])
        save_content(session, actor, municipality, stage, plan, stage.version, note)
        session.exec(
            update(ActorIntroduction)
            .where(
                col(ActorIntroduction.municipality_id) == municipality.id,
                col(ActorIntroduction.actor_id) == actor_id,
                col(ActorIntroduction.action_id) == action_id,
            )
            .values(status=IntroductionStatus.PARTNER.value, version=ActorIntroduction.version + 1)
        )
        return record.name
