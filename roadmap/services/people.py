"""The people of the programme: who they are, their role and municipality, found by name."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import delete
from sqlmodel import Session, col, select

from roadmap.domain.permissions import Permission
from roadmap.domain.stages import Role
from roadmap.errors import InvalidInput, NotFound, PermissionDenied
from roadmap.services.access import Who, can, require, resolve_actor, visible_municipalities
from roadmap.store.db import unit_of_work
from roadmap.store.repository import write_admin_audit
from roadmap.store.tables import CohortConsultant, ConsultantAssignment, Municipality, User
from roadmap.text import fold_name


class PersonRow(BaseModel):
    id: int
    email: str
    name: str
    role: str
    slug: str  # a team member's municipality; "" otherwise
    municipality: str
    active: bool  # has set a password (an invited person has not yet)


def _rows(session: Session, users: list[User]) -> list[PersonRow]:
    names = {m.id: m for m in session.exec(select(Municipality)).all()}
    rows = []
    for user in users:
        own = names.get(user.municipality_id) if user.municipality_id is not None else None
        rows.append(
            PersonRow(
                id=user.id or 0,
                email=user.email,
                name=user.name,
                role=user.role,
                slug=own.slug if own else "",
                municipality=own.name if own else "",
                active=bool(user.password_hash),
            )
        )
    return sorted(rows, key=lambda r: (fold_name(r.municipality), fold_name(r.name)))


def list_people(email: Who, q: str = "") -> list[PersonRow]:
    """Everyone, for a coordinator; the teams and consultants of their municipalities, for a
    consultant; refused to a team member. ``q`` finds a name, an e-mail or a municipality the
    Turkish way ("ozlem" finds "Özlem", "ISIK" finds "Işık")."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        role = Role(actor.role)
        if role == Role.TEAM_MEMBER:
            raise PermissionDenied("refused.unauthorised", who=actor.email)
        if role == Role.COORDINATOR:
            users = list(session.exec(select(User)).all())
        else:
            theirs = [
                m for m in visible_municipalities(session, actor) if can(session, actor, Permission.INVITE, m)
            ]
            ids = [m.id for m in theirs]
            team = session.exec(select(User).where(col(User.municipality_id).in_(ids))).all()
            consultants = session.exec(
                select(User)
                .join(ConsultantAssignment, col(ConsultantAssignment.user_id) == User.id)
                .where(col(ConsultantAssignment.municipality_id).in_(ids))
            ).all()
            users = list({u.id: u for u in [*team, *consultants, actor]}.values())
        rows = _rows(session, users)
    if q.strip():
        needle = fold_name(q.strip())
        rows = [
            r for r in rows if any(needle in fold_name(text) for text in (r.name, r.email, r.municipality))
        ]
    return rows


def person(email: Who, person_id: int) -> PersonRow:
    """One account, for the coordinator who may change it."""
    with unit_of_work() as session:
        require(resolve_actor(session, email), Permission.MANAGE)
        user = session.get(User, person_id)
        if user is None:
            raise NotFound("notfound.user", email=str(person_id))
        return _rows(session, [user])[0]


def change_person(email: Who, person_email: str, role: Role, slug: str | None = None) -> PersonRow:
    """A coordinator changes someone's role and (for a team member) municipality. A consultant who
    stops being one leaves their municipalities and cohorts; nobody changes their own role."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.MANAGE)
        user = session.exec(select(User).where(User.email == person_email.strip().lower())).first()
        if user is None:
            raise NotFound("notfound.user", email=person_email)
        if user.email == actor.email:
            raise InvalidInput("people.own_role", field="role")
        municipality = None
        if role == Role.TEAM_MEMBER:
            if not slug:
                raise InvalidInput("user.needs_municipality", field="municipality")
            municipality = session.exec(select(Municipality).where(Municipality.slug == slug)).first()
            if municipality is None:
                raise InvalidInput("notfound.municipality", field="municipality", slug=slug)
        before = f"{user.role} {user.municipality_id or ''}".strip()
        if user.role == Role.CONSULTANT.value and role != Role.CONSULTANT:
            session.exec(delete(ConsultantAssignment).where(col(ConsultantAssignment.user_id) == user.id))
            session.exec(delete(CohortConsultant).where(col(CohortConsultant.user_id) == user.id))
        user.role = role.value
        user.municipality_id = municipality.id if municipality else None
        session.add(user)
        session.flush()
        write_admin_audit(
            session,
            actor.email,
            "role",
            municipality,
            f"{user.email}: {before} → {role.value} {slug or ''}".strip(),
        )
        return _rows(session, [user])[0]
