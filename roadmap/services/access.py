"""Who is acting, and the one function that decides who may see a municipality."""

from __future__ import annotations

from sqlmodel import Session, col, select

from roadmap.domain.stages import Role
from roadmap.errors import NotFound, PermissionDenied
from roadmap.settings import get_settings
from roadmap.store.tables import ConsultantAssignment, Municipality, User


def resolve_actor(session: Session, email: str | None) -> User:
    """The user named by ``email`` or ``ROADMAP_USER``."""
    email = (email or get_settings().user).strip()
    if not email:
        raise NotFound("notfound.no_user")
    user = session.exec(select(User).where(User.email == email.lower())).first()
    if user is None:
        raise NotFound("notfound.user", email=email)
    return user


def can_see(session: Session, actor: User, municipality: Municipality) -> bool:
    """Coordinators see all; consultants their assigned municipalities; team members their own."""
    role = Role(actor.role)
    if role == Role.COORDINATOR:
        return True
    if role == Role.TEAM_MEMBER:
        return actor.municipality_id == municipality.id
    assignment = session.exec(
        select(ConsultantAssignment).where(
            ConsultantAssignment.user_id == actor.id,
            ConsultantAssignment.municipality_id == municipality.id,
        )
    ).first()
    return assignment is not None


def visible_municipality(session: Session, actor: User, slug: str) -> Municipality:
    """The municipality, if the actor may see it; otherwise the same 'not found' as a missing one."""
    municipality = session.exec(select(Municipality).where(Municipality.slug == slug)).first()
    if municipality is None or not can_see(session, actor, municipality):
        raise NotFound("notfound.municipality", slug=slug)
    from roadmap.domain.catalogues import use_programme_catalogues
    from roadmap.services.cohorts import catalogues_of

    # What follows in this use case reads the municipality's cohort's instrument and catalogue.
    use_programme_catalogues(catalogues_of(session, municipality))
    return municipality


def actor_and_municipality(session: Session, email: str | None, slug: str) -> tuple[User, Municipality]:
    """Who is acting, and the municipality they asked for if they may see it."""
    actor = resolve_actor(session, email)
    return actor, visible_municipality(session, actor, slug)


def require_role(actor: User, *roles: Role) -> None:
    if Role(actor.role) not in roles:
        raise PermissionDenied("refused.unauthorised", who=actor.email)


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
