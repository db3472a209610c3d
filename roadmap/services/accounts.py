"""Passwords for the web app: argon2 hashes, set by the person or a coordinator, checked at sign-in."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import select

from roadmap.domain.permissions import Permission
from roadmap.errors import InvalidInput
from roadmap.services.access import Who, require, resolve_actor
from roadmap.store.db import unit_of_work
from roadmap.store.tables import User

MIN_LENGTH = 10
_hasher = PasswordHasher()
# Checked when the e-mail is unknown, so that a wrong address takes as long as a wrong password.
_DUMMY = _hasher.hash("not-a-real-password-for-timing")


def set_password(email: Who, target: str, password: str) -> None:
    """A person sets their own password; a coordinator (or the set-up, as the system) anyone's."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput("password.too_short", length=MIN_LENGTH)
    with unit_of_work() as session:
        user = resolve_actor(session, target)
        actor = resolve_actor(session, email)
        if actor.email != user.email:
            require(actor, Permission.MANAGE)
        user.password_hash = _hasher.hash(password)
        session.add(user)


def authenticate(email: str, password: str) -> User | None:
    """The account if the password is right; None otherwise (without saying which part was wrong)."""
    with unit_of_work() as session:
        user = session.exec(select(User).where(User.email == email.strip().lower())).first()
        stored = user.password_hash if user is not None and user.password_hash else _DUMMY
        try:
            _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if user is None or not user.password_hash:
            return None
        if _hasher.check_needs_rehash(stored):
            user.password_hash = _hasher.hash(password)
            session.add(user)
        return user
