"""Passwords for the web app: argon2 hashes, set by the person or a coordinator, checked at sign-in;
invitations and password resets by e-mail with a one-time link.

A link's secret is made when its e-mail is sent (``mint_link``, called by the outbox's sender) and only
its SHA-256 is stored; it works once, for :data:`TOKEN_DAYS` days.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, select

from roadmap.domain.permissions import Permission
from roadmap.domain.safe_text import checked_text
from roadmap.domain.stages import Role
from roadmap.errors import InvalidInput, NotFound, PermissionDenied
from roadmap.services.access import Who, can, require, resolve_actor, visible_municipality
from roadmap.services.municipalities import EMAIL_PATTERN, upsert_user
from roadmap.settings import Language
from roadmap.store.db import unit_of_work
from roadmap.store.repository import write_admin_audit
from roadmap.store.tables import AccountToken, Municipality, Notification, User

MIN_LENGTH = 10
_hasher = PasswordHasher()
# Checked when the e-mail is unknown, so that a wrong address takes as long as a wrong password.
_DUMMY = _hasher.hash("not-a-real-password-for-timing")


TOKEN_DAYS = 7
ACCOUNT_KINDS = ("invite", "password_reset", "application_confirm")  # outbox notices with a one-time link


def check_password_rules(password: str) -> None:
    """The rules every new password meets (the web's set-password page and the CLI alike)."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput("password.too_short", field="password", length=MIN_LENGTH)
    if len(password) > 1000:
        raise InvalidInput("password.too_long", field="password")


def set_password(email: Who, target: str, password: str) -> None:
    """A person sets their own password; a coordinator (or the set-up, as the system) anyone's."""
    check_password_rules(password)
    with unit_of_work() as session:
        user = resolve_actor(session, target)
        actor = resolve_actor(session, email)
        if actor.email != user.email:
            require(actor, Permission.MANAGE)
        user.password_hash = _hasher.hash(password)
        session.add(user)
        write_admin_audit(session, actor.email, "password_set", None, user.email)


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


# --- invitations and resets -------------------------------------------------------------------


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _issue(session: Session, user: User, purpose: str, by: str) -> AccountToken:
    assert user.id is not None  # a stored account
    token = AccountToken(
        user_id=user.id,
        purpose=purpose,
        created_by=by,
        expires_at=datetime.now(UTC) + timedelta(days=TOKEN_DAYS),
    )
    session.add(token)
    session.flush()
    return token


def _usable(token: AccountToken | None) -> bool:
    return token is not None and token.used_at is None and token.expires_at > datetime.now(UTC)


def mint_link(session: Session, token_id: int) -> str | None:
    """The one-time link for an invitation or reset being e-mailed now (a new secret; only its hash is
    kept), or None if the token was used or has expired meanwhile."""
    token = session.get(AccountToken, token_id)
    if token is None or not _usable(token):
        return None
    secret = secrets.token_urlsafe(32)
    token.token_hash = _digest(secret)
    session.add(token)
    return f"/password/set/{secret}"


def invite(
    email: Who, new_email: str, name: str, role: Role, slug: str | None = None, lang: Language = "tr"
) -> User:
    """Invite someone by e-mail to set their password. A coordinator invites anyone; a consultant
    invites team members to the municipalities assigned to them. The e-mail goes through the outbox,
    in the same transaction as the account."""
    new_email = new_email.strip().lower()
    if not EMAIL_PATTERN.fullmatch(new_email) or len(new_email) > 200:
        raise InvalidInput("user.bad_email", field="email", email=new_email)
    name = checked_text(name, "name").strip()
    if len(name) < 2 or len(name) > 200:
        raise InvalidInput("user.bad_name", field="name")
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        municipality: Municipality | None = None
        if slug:  # someone who may not see it learns nothing more than "not found"
            municipality = visible_municipality(session, actor, slug)
        if role == Role.TEAM_MEMBER:
            if municipality is None:
                raise InvalidInput("user.needs_municipality", field="municipality")
            if not can(session, actor, Permission.INVITE, municipality):
                raise PermissionDenied("refused.unauthorised", who=actor.email)
        else:
            require(actor, Permission.MANAGE)
        return invite_in(session, actor, new_email, name, role, municipality, lang)


def invite_in(
    session: Session,
    actor: User,
    new_email: str,
    name: str,
    role: Role,
    municipality: Municipality | None,
    lang: Language = "tr",
) -> User:
    """The account, its one-time link and the invitation in the outbox, inside the caller's transaction
    (the caller has checked who may invite; an accepted application invites its team so)."""
    existing = session.exec(select(User).where(User.email == new_email)).first()
    if existing is not None and (
        existing.password_hash
        or existing.role != role.value
        or (role == Role.TEAM_MEMBER and municipality and existing.municipality_id != municipality.id)
    ):
        raise InvalidInput("invite.has_account", field="email", email=new_email)
    user = upsert_user(session, new_email, name, role, municipality)
    user.language = lang
    session.add(user)
    token = _issue(session, user, "invite", actor.email)
    session.add(
        Notification(
            recipient=user.email,
            kind="invite",
            params={
                "token": token.id,
                "who": actor.name or actor.email,
                "role": role.value,
                "municipality": municipality.name if municipality else "—",
                "name": user.name,
                "days": TOKEN_DAYS,
            },
            municipality_id=municipality.id if municipality else None,
        )
    )
    write_admin_audit(session, actor.email, "invite", municipality, f"{user.email} ({role.value})")
    return user


def request_password_reset(address: str) -> None:
    """Someone who forgot their password asks for a link. Nothing is said about whether the address
    has an account: the caller answers the same either way; only an account gets an e-mail."""
    with unit_of_work() as session:
        user = session.exec(select(User).where(User.email == address.strip().lower())).first()
        if user is None or user.id is None:
            return
        token = _issue(session, user, "reset", user.email)
        session.add(
            Notification(
                recipient=user.email,
                kind="password_reset",
                params={"token": token.id, "name": user.name, "days": TOKEN_DAYS},
            )
        )
        write_admin_audit(session, user.email, "password_reset", None, "")


def _valid_token(session: Session, secret: str) -> AccountToken:
    token = None
    if secret and len(secret) < 200:
        token = session.exec(select(AccountToken).where(AccountToken.token_hash == _digest(secret))).first()
    if token is None or not _usable(token):
        raise NotFound("token.invalid")
    return token


def token_purpose(secret: str) -> str:
    """What a one-time link is for ("invite" or "reset"), if it still works; otherwise "not found"."""
    with unit_of_work() as session:
        return _valid_token(session, secret).purpose


def redeem_token(secret: str, password: str) -> User:
    """Set the password through a one-time link; the link (and any other open one of the account) then
    stops working."""
    with unit_of_work() as session:
        token = _valid_token(session, secret)
        check_password_rules(password)
        user = session.get(User, token.user_id)
        if user is None:
            raise NotFound("token.invalid")
        user.password_hash = _hasher.hash(password)
        session.add(user)
        now = datetime.now(UTC)
        for open_token in session.exec(
            select(AccountToken).where(AccountToken.user_id == user.id, col(AccountToken.used_at).is_(None))
        ).all():
            open_token.used_at = now
            session.add(open_token)
        municipality = session.get(Municipality, user.municipality_id) if user.municipality_id else None
        write_admin_audit(
            session, user.email, "password_set", municipality, f"{user.email} ({token.purpose})"
        )
        return user
