"""Who is acting, and the one gate: may this person do this to this municipality?

Every public service takes the acting person first: an e-mail (a signed-in person, ``--as``), or
:data:`SYSTEM`, the explicit system actor with programme-wide rights that the orchestrator, the
cohort builds and the job worker pass. The rules themselves live in ``roadmap.domain.permissions``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from roadmap.domain.permissions import Permission, Relation, may, may_in_programme, relation
from roadmap.domain.stages import Role
from roadmap.errors import NotFound, PermissionDenied
from roadmap.settings import get_settings
from roadmap.store.tables import ConsultantAssignment, Municipality, User


@dataclass(frozen=True)
class SystemActor:
    """The programme's own automation; named in the audit trail as ``system:<name>``.

    Only code can pass it: no e-mail, option or form value turns into it.
    """

    name: str = "orchestrator"

    @property
    def email(self) -> str:
        return f"system:{self.name}"


SYSTEM = SystemActor()
Who = str | SystemActor | None  # what a service is told about the acting person


def resolve_actor(session: Session, email: Who) -> User:
    """The user named by ``email`` or ``ROADMAP_USER`` (or the system actor, as a programme user)."""
    if isinstance(email, SystemActor):
        return User(email=email.email, name="Sistem", role=Role.COORDINATOR.value)
    email = (email or get_settings().user).strip()
    if not email:
        raise NotFound("notfound.no_user")
    user = session.exec(select(User).where(User.email == email.lower())).first()
    if user is None:
        raise NotFound("notfound.user", email=email)
    return user


def standing(session: Session, actor: User, municipality: Municipality) -> Relation:
    """How the actor stands to the municipality: its team, its consultant, the programme, or none."""
    role = Role(actor.role)
    assigned = (
        role == Role.CONSULTANT
        and session.exec(
            select(ConsultantAssignment).where(
                ConsultantAssignment.user_id == actor.id,
                ConsultantAssignment.municipality_id == municipality.id,
            )
        ).first()
        is not None
    )
    return relation(role, own=actor.municipality_id == municipality.id, assigned=assigned)


def can(session: Session, actor: User, permission: Permission, municipality: Municipality) -> bool:
    """The gate: may ``actor`` do ``permission`` to ``municipality``?"""
    return may(standing(session, actor, municipality), permission)


def can_see(session: Session, actor: User, municipality: Municipality) -> bool:
    """Coordinators see all; consultants their assigned municipalities; team members their own."""
    return can(session, actor, Permission.SEE, municipality)


def authorise(session: Session, actor: User, permission: Permission, slug: str) -> Municipality:
    """The municipality, if the actor may do ``permission`` to it: "not found" for someone who may
    not even see it, "not allowed" for someone who may see it but not do this."""
    municipality = visible_municipality(session, actor, slug)
    if not can(session, actor, permission, municipality):
        raise PermissionDenied("refused.unauthorised", who=actor.email)
    return municipality


def require(actor: User, permission: Permission) -> None:
    """Programme-wide work (cohorts, accounts, restores): refused to whoever may not do it."""
    if not may_in_programme(Role(actor.role), permission):
        raise PermissionDenied("refused.unauthorised", who=actor.email)


def visible_municipality(session: Session, actor: User, slug: str) -> Municipality:
    """The municipality, if the actor may see it; otherwise the same 'not found' as a missing one."""
    municipality = session.exec(select(Municipality).where(Municipality.slug == slug)).first()
    if municipality is None or not can_see(session, actor, municipality):
        raise NotFound("notfound.municipality", slug=slug)
    return municipality


def actor_and_municipality(session: Session, email: Who, slug: str) -> tuple[User, Municipality]:
    """Who is acting, and the municipality they asked for if they may see it."""
    actor = resolve_actor(session, email)
    return actor, visible_municipality(session, actor, slug)


def visible_municipalities(session: Session, actor: User, cohort_id: int | None = None) -> list[Municipality]:
    """The same answer as ``can_see`` for every municipality (of one cohort, if given), in one query."""
    query = select(Municipality).order_by(col(Municipality.name))
    if cohort_id is not None:
        query = query.where(Municipality.cohort_id == cohort_id)
    role = Role(actor.role)
    if role == Role.TEAM_MEMBER:
        query = query.where(Municipality.id == actor.municipality_id)
    elif role == Role.CONSULTANT:
        query = query.join(
            ConsultantAssignment, col(ConsultantAssignment.municipality_id) == col(Municipality.id)
        ).where(ConsultantAssignment.user_id == actor.id)
    return list(session.exec(query).all())
