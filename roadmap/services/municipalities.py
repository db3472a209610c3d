"""Municipalities, accounts and consultant assignments."""

from __future__ import annotations

import re

from pydantic import BaseModel
from sqlalchemy import delete
from sqlmodel import Session, col, select

from roadmap.domain.permissions import Permission
from roadmap.domain.safe_text import checked_text
from roadmap.domain.stages import Role
from roadmap.errors import InvalidInput, NotFound, PermissionDenied
from roadmap.services.access import require, resolve_actor, visible_municipalities, visible_municipality
from roadmap.services.office_records import forget_office
from roadmap.services.support_bundle import forget_support
from roadmap.store.db import unit_of_work
from roadmap.store.repository import stage_records, write_admin_audit
from roadmap.store.tables import (
    AccountToken,
    AuditRecord,
    Cohort,
    CohortIndicatorValue,
    ConsultantAssignment,
    MonitoringCheckin,
    MonitoringReminder,
    Municipality,
    Notification,
    PlanAmendment,
    ReviewComment,
    RoadmapExport,
    RoadmapRelease,
    StageRecord,
    StageVersion,
    StakeholderRound,
    StakeholderScore,
    TeamMemberRow,
    User,
)


def list_municipalities(email: str | None) -> list[Municipality]:
    with unit_of_work() as session:
        return visible_municipalities(session, resolve_actor(session, email))


def create_municipality(
    session: Session, slug: str, name: str, province: str = "", programme: str = "", kind: str = ""
) -> Municipality:
    municipality = Municipality(slug=slug, name=name, province=province, programme=programme, kind=kind)
    session.add(municipality)
    session.flush()
    stage_records(session, municipality)
    session.add(AuditRecord(actor="system", municipality_id=municipality.id, action="create"))
    return municipality


def upsert_user(
    session: Session, email: str, name: str, role: Role, municipality: Municipality | None = None
) -> User:
    """Create the account, or bring an existing one up to date."""
    user = session.exec(select(User).where(User.email == email.lower())).first() or User(
        email=email.lower(), name=name, role=role
    )
    user.name, user.role = name, role.value
    if role == Role.TEAM_MEMBER and municipality is not None:
        user.municipality_id = municipality.id
    session.add(user)
    session.flush()
    if role == Role.CONSULTANT and municipality is not None:
        assigned = session.exec(
            select(ConsultantAssignment).where(
                ConsultantAssignment.user_id == user.id,
                ConsultantAssignment.municipality_id == municipality.id,
            )
        ).first()
        if assigned is None:
            assert user.id is not None and municipality.id is not None  # both flushed
            session.add(ConsultantAssignment(user_id=user.id, municipality_id=municipality.id))
    return user


def find_municipality(session: Session, slug: str) -> Municipality | None:
    return session.exec(select(Municipality).where(Municipality.slug == slug)).first()


def delete_municipality(session: Session, slug: str) -> bool:
    """Remove a municipality and everything recorded for it (used to reload the example)."""
    municipality = find_municipality(session, slug)
    if municipality is None:
        return False
    mid = municipality.id
    assert mid is not None
    forget_office(session, mid)
    forget_support(session, mid)
    record_ids = select(StageRecord.id).where(StageRecord.municipality_id == mid)
    session.exec(delete(StageVersion).where(col(StageVersion.stage_record_id).in_(record_ids)))
    session.exec(
        delete(ReviewComment).where(
            col(ReviewComment.municipality_id) == mid, col(ReviewComment.parent_id).is_not(None)
        )
    )
    rounds = select(StakeholderRound.id).where(StakeholderRound.municipality_id == mid)
    session.exec(delete(StakeholderScore).where(col(StakeholderScore.round_id).in_(rounds)))
    for statement in (
        delete(StakeholderRound).where(col(StakeholderRound.municipality_id) == mid),
        delete(ReviewComment).where(col(ReviewComment.municipality_id) == mid),
        delete(RoadmapExport).where(col(RoadmapExport.municipality_id) == mid),
        delete(RoadmapRelease).where(col(RoadmapRelease.municipality_id) == mid),
        delete(MonitoringCheckin).where(col(MonitoringCheckin.municipality_id) == mid),
        delete(PlanAmendment).where(col(PlanAmendment.municipality_id) == mid),
        delete(CohortIndicatorValue).where(col(CohortIndicatorValue.municipality_id) == mid),
        delete(MonitoringReminder).where(col(MonitoringReminder.municipality_id) == mid),
        delete(StageRecord).where(col(StageRecord.municipality_id) == mid),
        delete(TeamMemberRow).where(col(TeamMemberRow.municipality_id) == mid),
        delete(ConsultantAssignment).where(col(ConsultantAssignment.municipality_id) == mid),
        delete(AuditRecord).where(col(AuditRecord.municipality_id) == mid),
        delete(Notification).where(col(Notification.municipality_id) == mid),
        delete(AccountToken).where(
            col(AccountToken.user_id).in_(select(User.id).where(User.municipality_id == mid))
        ),
        delete(User).where(col(User.municipality_id) == mid),
    ):
        session.exec(statement)
    session.exec(delete(Municipality).where(col(Municipality.id) == mid))
    session.expunge(municipality)
    return True


KINDS = ("büyükşehir", "il", "ilçe", "belde")  # a municipality's kind, as the law names them
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{1,78}[a-z0-9]")


def _coordinator_or_first(session: Session, email: str | None) -> str:
    """The acting coordinator; on a database without any account, the set-up itself may act."""
    if session.exec(select(User)).first() is None:
        return "setup"
    actor = resolve_actor(session, email)
    require(actor, Permission.MANAGE)
    return actor.email


def _checked_details(name: str, province: str, kind: str) -> tuple[str, str, str]:
    """A municipality's name, province and kind, checked (each error names its field)."""
    name, province = checked_text(name, "name").strip(), checked_text(province, "province").strip()
    if len(name) < 2 or len(name) > 200:
        raise InvalidInput("municipality.bad_name", field="name")
    if len(province) > 100:
        raise InvalidInput("municipality.bad_province", field="province")
    if kind not in ("", *KINDS):
        raise InvalidInput("municipality.bad_kind", field="kind", kind=kind)
    return name, province, kind


def add_municipality(
    email: str | None, slug: str, name: str, province: str = "", programme: str = "", kind: str = ""
) -> Municipality:
    """A coordinator registers a municipality; its seven stages start as drafts."""
    if not SLUG_PATTERN.fullmatch(slug):
        raise InvalidInput("municipality.bad_slug", field="slug", slug=slug)
    name, province, kind = _checked_details(name, province, kind)
    programme = checked_text(programme, "programme")
    with unit_of_work() as session:
        actor = _coordinator_or_first(session, email)
        if find_municipality(session, slug) is not None:
            raise InvalidInput("municipality.exists", field="slug", slug=slug)
        municipality = create_municipality(session, slug, name, province, programme.strip(), kind)
        if actor != "setup":
            write_admin_audit(session, actor, "edit", municipality, f"{name} · {province} · {kind}")
        return municipality


def edit_municipality(email: str | None, slug: str, name: str, province: str, kind: str) -> Municipality:
    """A coordinator corrects a municipality's name, province and kind (its slug stays: links use it)."""
    name, province, kind = _checked_details(name, province, kind)
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        municipality = visible_municipality(session, actor, slug)
        require(actor, Permission.MANAGE)
        municipality.name, municipality.province, municipality.kind = name, province, kind
        session.add(municipality)
        write_admin_audit(session, actor.email, "edit", municipality, f"{name} · {province} · {kind}")
        return municipality


class MunicipalityDetails(BaseModel):
    slug: str
    name: str
    province: str
    kind: str
    cohort: str  # the cohort's name, or ""
    consultants: list[str]  # e-mails of the consultants assigned to it


def municipality_details(email: str | None, manage: bool = False) -> list[MunicipalityDetails]:
    """The municipalities the acting person may see, each with its cohort and consultants (``manage``:
    for the programme's administration, refused to all but coordinators)."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        if manage:
            require(actor, Permission.MANAGE)
        shown = visible_municipalities(session, actor)
        cohorts = dict(session.exec(select(Cohort.id, Cohort.name)).all())
        assigned: dict[int, list[str]] = {}
        for municipality_id, consultant in session.exec(
            select(ConsultantAssignment.municipality_id, User.email)
            .join(User, col(User.id) == ConsultantAssignment.user_id)
            .order_by(col(User.email))
        ).all():
            assigned.setdefault(municipality_id, []).append(consultant)
        return [
            MunicipalityDetails(
                slug=m.slug,
                name=m.name,
                province=m.province,
                kind=m.kind,
                cohort=cohorts.get(m.cohort_id, "") if m.cohort_id is not None else "",
                consultants=assigned.get(m.id or 0, []),
            )
            for m in shown
        ]


def add_user(email: str | None, new_email: str, name: str, role: Role, slug: str | None = None) -> User:
    """A coordinator creates (or updates) an account; a team member belongs to one municipality."""
    if not EMAIL_PATTERN.fullmatch(new_email.strip()):
        raise InvalidInput("user.bad_email", email=new_email)
    if role == Role.TEAM_MEMBER and not slug:
        raise InvalidInput("user.needs_municipality")
    name = checked_text(name, "name")
    with unit_of_work() as session:
        if _coordinator_or_first(session, email) == "setup" and role != Role.COORDINATOR:
            raise PermissionDenied("user.first_is_coordinator")
        municipality = None
        if slug:
            municipality = find_municipality(session, slug)
            if municipality is None:
                raise NotFound("notfound.municipality", slug=slug)
        return upsert_user(session, new_email.strip(), name.strip(), role, municipality)


def _consultant_and_municipality(
    session: Session, email: str | None, slug: str, consultant_email: str
) -> tuple[str, User, Municipality]:
    actor = _coordinator_or_first(session, email)
    consultant = session.exec(select(User).where(User.email == consultant_email.strip().lower())).first()
    if consultant is None:
        raise InvalidInput("notfound.user", field="consultant", email=consultant_email)
    if Role(consultant.role) != Role.CONSULTANT:
        raise InvalidInput("user.not_consultant", field="consultant", email=consultant_email)
    municipality = find_municipality(session, slug)
    if municipality is None:
        raise NotFound("notfound.municipality", slug=slug)
    return actor, consultant, municipality


def assign_consultant(email: str | None, slug: str, consultant_email: str) -> None:
    """A coordinator assigns a consultant to a municipality."""
    with unit_of_work() as session:
        actor, consultant, municipality = _consultant_and_municipality(session, email, slug, consultant_email)
        upsert_user(session, consultant.email, consultant.name, Role.CONSULTANT, municipality)
        write_admin_audit(session, actor, "assign", municipality, consultant.email)


def unassign_consultant(email: str | None, slug: str, consultant_email: str) -> bool:
    """A coordinator takes a consultant off a municipality; False if they were not assigned to it."""
    with unit_of_work() as session:
        actor, consultant, municipality = _consultant_and_municipality(session, email, slug, consultant_email)
        assignment = session.exec(
            select(ConsultantAssignment).where(
                ConsultantAssignment.user_id == consultant.id,
                ConsultantAssignment.municipality_id == municipality.id,
            )
        ).first()
        if assignment is None:
            return False
        session.delete(assignment)
        write_admin_audit(session, actor, "unassign", municipality, consultant.email)
        return True
