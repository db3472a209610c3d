"""Municipalities, accounts and consultant assignments."""

from __future__ import annotations

import re

from sqlalchemy import delete
from sqlmodel import Session, col, select

from roadmap.domain.permissions import Permission
from roadmap.domain.safe_text import checked_text
from roadmap.domain.stages import Role
from roadmap.errors import InvalidInput, NotFound, PermissionDenied, RoadmapError
from roadmap.services.access import require, resolve_actor, visible_municipalities
from roadmap.store.db import unit_of_work
from roadmap.store.repository import stage_records
from roadmap.store.tables import (
    AuditRecord,
    ConsultantAssignment,
    Municipality,
    Notification,
    ReviewComment,
    RoadmapExport,
    RoadmapRelease,
    StageRecord,
    StageVersion,
    TeamMemberRow,
    User,
)


def list_municipalities(email: str | None) -> list[Municipality]:
    with unit_of_work() as session:
        return visible_municipalities(session, resolve_actor(session, email))


def create_municipality(
    session: Session, slug: str, name: str, province: str = "", programme: str = ""
) -> Municipality:
    municipality = Municipality(slug=slug, name=name, province=province, programme=programme)
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
    record_ids = select(StageRecord.id).where(StageRecord.municipality_id == mid)
    session.exec(delete(StageVersion).where(col(StageVersion.stage_record_id).in_(record_ids)))
    session.exec(
        delete(ReviewComment).where(
            col(ReviewComment.municipality_id) == mid, col(ReviewComment.parent_id).is_not(None)
        )
    )
    for statement in (
        delete(ReviewComment).where(col(ReviewComment.municipality_id) == mid),
        delete(RoadmapExport).where(col(RoadmapExport.municipality_id) == mid),
        delete(RoadmapRelease).where(col(RoadmapRelease.municipality_id) == mid),
        delete(StageRecord).where(col(StageRecord.municipality_id) == mid),
        delete(TeamMemberRow).where(col(TeamMemberRow.municipality_id) == mid),
        delete(ConsultantAssignment).where(col(ConsultantAssignment.municipality_id) == mid),
        delete(AuditRecord).where(col(AuditRecord.municipality_id) == mid),
        delete(Notification).where(col(Notification.municipality_id) == mid),
        delete(User).where(col(User.municipality_id) == mid),
    ):
        session.exec(statement)
    session.exec(delete(Municipality).where(col(Municipality.id) == mid))
    session.expunge(municipality)
    return True


SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{1,78}[a-z0-9]")
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _coordinator_or_first(session: Session, email: str | None) -> str:
    """The acting coordinator; on a database without any account, the set-up itself may act."""
    if session.exec(select(User)).first() is None:
        return "setup"
    actor = resolve_actor(session, email)
    require(actor, Permission.MANAGE)
    return actor.email


def add_municipality(
    email: str | None, slug: str, name: str, province: str = "", programme: str = ""
) -> Municipality:
    """A coordinator registers a municipality; its seven stages start as drafts."""
    if not SLUG_PATTERN.fullmatch(slug):
        raise InvalidInput("municipality.bad_slug", slug=slug)
    name, province = checked_text(name, "name"), checked_text(province, "province")
    programme = checked_text(programme, "programme")
    if len(name) < 2:
        raise InvalidInput("municipality.bad_name")
    with unit_of_work() as session:
        _coordinator_or_first(session, email)
        if find_municipality(session, slug) is not None:
            raise RoadmapError("municipality.exists", slug=slug)
        return create_municipality(session, slug, name.strip(), province.strip(), programme.strip())


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


def assign_consultant(email: str | None, slug: str, consultant_email: str) -> None:
    """A coordinator assigns a consultant to a municipality."""
    with unit_of_work() as session:
        _coordinator_or_first(session, email)
        consultant = resolve_actor(session, consultant_email)
        if Role(consultant.role) != Role.CONSULTANT:
            raise InvalidInput("user.not_consultant", email=consultant_email)
        municipality = find_municipality(session, slug)
        if municipality is None:
            raise NotFound("notfound.municipality", slug=slug)
        upsert_user(session, consultant.email, consultant.name, Role.CONSULTANT, municipality)
