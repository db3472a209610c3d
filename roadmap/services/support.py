"""The support programme (Sivil Katılım Destek Programı): calls with a versioned rubric, and municipalities'
applications for projects that serve actions of their approved roadmap.

Reviews, decisions and the ledger of support given are in ``roadmap.services.support_review``.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import cast

from pydantic import BaseModel
from sqlmodel import Session, col, select

from roadmap.domain.content import RoadmapPlan
from roadmap.domain.permissions import Permission
from roadmap.domain.stages import Stage, Status
from roadmap.domain.support import ApplicationStatus, Criterion, Rubric
from roadmap.errors import InvalidInput, NotFound, TransitionRefused
from roadmap.i18n import record_text
from roadmap.imports.rubric import read_rubric
from roadmap.services.access import Who, authorise, can_see, require, resolve_actor, visible_municipality
from roadmap.store.db import unit_of_work
from roadmap.store.repository import load_content, stage_records
from roadmap.store.tables import (
    AuditRecord,
    CivicActor,
    Municipality,
    SupportApplication,
    SupportCall,
    SupportRubric,
    User,
)
from roadmap.text import ISTANBUL


def _today() -> date:
    """The programme's today (Turkey's calendar day): a call opens and closes on it."""
    return datetime.now(ISTANBUL).date()


class CallView(BaseModel):
    key: str
    name: str
    opens: date
    closes: date
    rubric_version: int
    criteria: list[Criterion]
    is_open: bool
    frozen: bool  # the rubric can no longer change: the call has opened


class ApplicationSummary(BaseModel):
    id: int
    call_key: str
    call_name: str
    slug: str
    municipality: str
    title: str
    status: ApplicationStatus
    submitted_by: str
    submitted_at: datetime
    submitted_by_name: str = ""


def _audit(
    session: Session, actor: User, action: str, comment: str, municipality_id: int | None = None
) -> None:
    session.add(
        AuditRecord(actor=actor.email, municipality_id=municipality_id, action=action, comment=comment)
    )


def people_names(session: Session, emails: set[str]) -> dict[str, str]:
    """The name of each person named by e-mail (pages show names, not addresses); the e-mail if unknown."""
    found = {u.email: u.name for u in session.exec(select(User).where(col(User.email).in_(emails))).all()}
    return {email: found.get(email) or email for email in emails}


def call_by_key(session: Session, key: str) -> SupportCall:
    call = session.exec(select(SupportCall).where(SupportCall.key == key)).first()
    if call is None:
        raise NotFound("notfound.support_call", key=key)
    return call


def rubric_of(session: Session, call: SupportCall, number: int | None = None) -> Rubric:
    """The call's rubric in force (or its version ``number``)."""
    stored = session.exec(
        select(SupportRubric).where(
            SupportRubric.call_id == call.id, SupportRubric.number == (number or call.rubric_version)
        )
    ).one()
    return Rubric.model_validate({"criteria": stored.criteria})


def call_view(session: Session, call: SupportCall) -> CallView:
    now = _today()
    return CallView(
        key=call.key,
        name=call.name,
        opens=call.opens,
        closes=call.closes,
        rubric_version=call.rubric_version,
        criteria=rubric_of(session, call).criteria,
        is_open=call.opens <= now <= call.closes,
        frozen=now >= call.opens,
    )


def create_call(email: Who, key: str, name: str, opens: date, closes: date, rubric: Path) -> CallView:
    """A new call with its rubric (version 1) read from a YAML or CSV/XLSX file."""
    with unit_of_work() as session:
        require(resolve_actor(session, email), Permission.REVIEW_SUPPORT)
    criteria = read_rubric(rubric)
    key, name = key.strip().lower(), " ".join(name.split())
    if not key or not key.replace("-", "").isalnum():
        raise InvalidInput("support.error.call_key", key=key, field="key")
    if len(name) < 2:
        raise InvalidInput("support.error.call_name", field="name")
    if len(name) > 200 or len(key) > 80:
        raise InvalidInput("form.error.too_long", max_length=200 if len(name) > 200 else 80, field="name")
    if closes < opens:
        raise InvalidInput(
            "support.error.call_dates", opens=opens.isoformat(), closes=closes.isoformat(), field="closes"
        )
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.REVIEW_SUPPORT)
        if session.exec(select(SupportCall).where(SupportCall.key == key)).first() is not None:
            raise InvalidInput("support.error.call_exists", key=key, field="key")
        call = SupportCall(key=key, name=name, opens=opens, closes=closes, created_by=actor.email)
        session.add(call)
        session.flush()
        session.add(
            SupportRubric(
                call_id=cast(int, call.id),
                number=1,
                criteria=[c.model_dump() for c in criteria.criteria],
                created_by=actor.email,
            )
        )
        _audit(session, actor, "support_call", record_text("support.call_audit", key=key, name=name))
        session.flush()
        return call_view(session, call)


def replace_rubric(email: Who, key: str, rubric: Path) -> int:
    """A new version of the call's rubric, until the call opens (then it is frozen); returns its number."""
    with unit_of_work() as session:
        require(resolve_actor(session, email), Permission.REVIEW_SUPPORT)
    criteria = read_rubric(rubric)
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.REVIEW_SUPPORT)
        call = call_by_key(session, key)
        if _today() >= call.opens:
            raise TransitionRefused("support.error.rubric_frozen", key=key, opens=call.opens.isoformat())
        number = call.rubric_version + 1
        session.add(
            SupportRubric(
                call_id=cast(int, call.id),
                number=number,
                criteria=[c.model_dump() for c in criteria.criteria],
                created_by=actor.email,
            )
        )
        call.rubric_version = number
        call.version += 1
        session.add(call)
        _audit(session, actor, "support_rubric", record_text("support.rubric_audit", key=key, number=number))
        return number


def list_calls(email: Who) -> list[CallView]:
    """Every call, the newest first (anyone signed in may read the calls and their rubrics)."""
    with unit_of_work() as session:
        resolve_actor(session, email)
        calls = session.exec(select(SupportCall).order_by(col(SupportCall.opens).desc())).all()
        return [call_view(session, call) for call in calls]


def approved_plan(session: Session, municipality: Municipality) -> RoadmapPlan:
    """The roadmap's plan, if stage 5 is approved: only an approved roadmap's actions are supported."""
    record = stage_records(session, municipality)[Stage.ROADMAP]
    if Status(record.status) != Status.APPROVED:
        raise TransitionRefused("support.error.not_approved", slug=municipality.slug)
    return cast(RoadmapPlan, load_content(session, record))


def apply_for_support(
    email: Who,
    slug: str,
    key: str,
    actions: list[str],
    title: str,
    request: str,
    actor_ids: list[int] | None = None,
) -> int:
    """A municipality applies to an open call for a project serving ``actions`` (codes "2.1") of its
    approved roadmap, stating the technical and in-kind support asked for; returns the application's number."""
    title, request = " ".join(title.split()), request.strip()
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        municipality = authorise(session, actor, Permission.SUBMIT, slug)
        call = call_by_key(session, key)
        if not call.opens <= _today() <= call.closes:
            raise TransitionRefused(
                "support.error.call_closed",
                key=key,
                opens=call.opens.isoformat(),
                closes=call.closes.isoformat(),
            )
        plan = approved_plan(session, municipality)
        codes = plan.codes()
        if not actions:
            raise InvalidInput("support.error.no_action", field="actions")
        unknown = [code for code in actions if code not in codes]
        if unknown:
            raise InvalidInput("support.error.unknown_action", codes=", ".join(unknown), field="actions")
        if len(title) < 3:
            raise InvalidInput("support.error.title", field="title")
        if len(title) > 200:
            raise InvalidInput("form.error.too_long", max_length=200, field="title")
        if len(request) < 10 or len(request) > 4000:
            raise InvalidInput("support.error.request", field="request")
        ids = list(dict.fromkeys(actor_ids or []))
        missing = [i for i in ids if session.get(CivicActor, i) is None]
        if missing:
            raise InvalidInput(
                "support.error.unknown_actor", ids=", ".join(map(str, missing)), field="actors"
            )
        application = SupportApplication(
            call_id=cast(int, call.id),
            municipality_id=cast(int, municipality.id),
            title=title,
            request=request,
            action_ids=[codes[code].id for code in dict.fromkeys(actions)],
            actor_ids=ids,
            submitted_by=actor.email,
        )
        session.add(application)
        session.flush()
        _audit(
            session,
            actor,
            "support_apply",
            record_text("support.apply_audit", number=application.id, key=key, title=title),
            municipality.id,
        )
        return cast(int, application.id)


def _summary(
    application: SupportApplication,
    call: SupportCall,
    municipality: Municipality,
    names: dict[str, str] | None = None,
) -> ApplicationSummary:
    return ApplicationSummary(
        id=cast(int, application.id),
        call_key=call.key,
        call_name=call.name,
        slug=municipality.slug,
        municipality=municipality.name,
        title=application.title,
        status=ApplicationStatus(application.status),
        submitted_by=application.submitted_by,
        submitted_at=application.submitted_at,
        submitted_by_name=(names or {}).get(application.submitted_by, application.submitted_by),
    )


def support_applications(email: Who, slug: str | None = None) -> list[ApplicationSummary]:
    """Applications the person may see (of one municipality if ``slug``), the newest first."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        query = (
            select(SupportApplication, SupportCall, Municipality)
            .join(SupportCall, col(SupportCall.id) == col(SupportApplication.call_id))
            .join(Municipality, col(Municipality.id) == col(SupportApplication.municipality_id))
            .order_by(col(SupportApplication.id).desc())
        )
        if slug:
            visible_municipality(session, actor, slug)
            query = query.where(Municipality.slug == slug)
        rows = session.exec(query).all()
        return [_summary(a, c, m) for a, c, m in rows if can_see(session, actor, m)]


def visible_application(
    session: Session, actor: User, number: int
) -> tuple[SupportApplication, SupportCall, Municipality]:
    """The application, if this person may see its municipality; otherwise "not found", as for a missing one."""
    application = session.get(SupportApplication, number)
    municipality = session.get(Municipality, application.municipality_id) if application else None
    if application is None or municipality is None or not can_see(session, actor, municipality):
        raise NotFound("notfound.support_application", number=number)
    return application, session.get_one(SupportCall, application.call_id), municipality
