"""Notices: written to an outbox in the same transaction as the change that causes them (a stage
submitted, changes requested or approved, a comment), then delivered by e-mail with retries and shown
in the web app until read.

Who is told: a submission goes to the municipality's consultants; a review's outcome to its team; a
comment to the other side (a team member's to the consultants, a reviewer's to the team), never to
its author.
"""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from roadmap.domain.stages import Role, Stage
from roadmap.errors import InvalidInput
from roadmap.i18n import LANGUAGES
from roadmap.mail import email_message, notice_words, reader_language, smtp_connection
from roadmap.services.access import Who, resolve_actor
from roadmap.services.accounts import ACCOUNT_KINDS, mint_link
from roadmap.services.application_links import mint_application_link
from roadmap.settings import Language, get_settings
from roadmap.store.db import unit_of_work
from roadmap.store.repository import write_admin_audit
from roadmap.store.tables import ConsultantAssignment, Municipality, Notification, User

MAX_ATTEMPTS = 5  # a notice that failed this often stays in the outbox, with its last error


def _team(session: Session, municipality: Municipality) -> list[User]:
    return list(
        session.exec(
            select(User).where(User.municipality_id == municipality.id, User.role == Role.TEAM_MEMBER.value)
        ).all()
    )


def _consultants(session: Session, municipality: Municipality) -> list[User]:
    return list(
        session.exec(
            select(User)
            .join(ConsultantAssignment, col(ConsultantAssignment.user_id) == col(User.id))
            .where(ConsultantAssignment.municipality_id == municipality.id)
        ).all()
    )


def notify_stage(
    session: Session, actor: User, municipality: Municipality, stage: Stage, kind: str, comment: str = ""
) -> int:
    """Tell the other side that a stage moved: submitted (its consultants), changes requested or
    approved (its team). Returns how many notices were written."""
    people = _consultants(session, municipality) if kind == "submitted" else _team(session, municipality)
    return _write(session, actor, municipality, people, kind, stage, comment)


def notify_comment(session: Session, actor: User, municipality: Municipality, stage: Stage, text: str) -> int:
    """Tell the other side of a review that a comment or a reply was written."""
    team_member = Role(actor.role) == Role.TEAM_MEMBER
    people = _consultants(session, municipality) if team_member else _team(session, municipality)
    return _write(session, actor, municipality, people, "comment", stage, text)


def _write(
    session: Session,
    actor: User,
    municipality: Municipality,
    people: list[User],
    kind: str,
    stage: Stage,
    text: str,
) -> int:
    link = f"/m/{municipality.slug}/stages/{int(stage)}" + ("#comments" if kind == "comment" else "")
    written = 0
    for person in people:
        if person.email == actor.email:
            continue
        session.add(
            Notification(
                recipient=person.email,
                kind=kind,
                params={
                    "municipality": municipality.name,
                    "stage": int(stage),
                    "who": actor.name or actor.email,
                    "text": text[:1000],
                },
                municipality_id=municipality.id,
                link=link,
            )
        )
        written += 1
    return written


class DeliveryReport(BaseModel):
    sent: int = 0
    failed: int = 0
    waiting: int = 0  # not sent: no SMTP server configured, or given up after MAX_ATTEMPTS


def deliver_pending(limit: int = 200) -> DeliveryReport:
    """Send the outbox's waiting notices by e-mail (the worker does it between jobs; ``roadmap
    notifications send`` once by hand), each in its reader's language. Only to people who chose
    instant e-mail (a digest reader's wait for the daily digest, a "no e-mail" reader's stay in the
    web app); invitations and password resets go to everyone. A notice that fails is tried again next
    time, up to :data:`MAX_ATTEMPTS`; one that was sent is never sent again."""
    settings = get_settings()
    report = DeliveryReport()
    with unit_of_work() as session:
        pending = list(
            session.exec(
                select(Notification, User.language)
                .join(User, col(User.email) == Notification.recipient, isouter=True)
                .where(
                    col(Notification.sent_at).is_(None),
                    Notification.attempts < MAX_ATTEMPTS,
                    or_(
                        col(Notification.kind).in_(ACCOUNT_KINDS),
                        func.coalesce(User.notify_mode, "instant") == "instant",
                    ),
                )
                .order_by(col(Notification.id))
                .limit(limit)
            ).all()
        )
        if not settings.smtp_url:
            report.waiting = len(pending)
            return report
        try:
            server = smtp_connection()
        except (OSError, smtplib.SMTPException) as error:  # the server is down: every notice waits
            for notice, _ in pending:
                notice.attempts, notice.last_error = notice.attempts + 1, str(error)[:1000]
                session.add(notice)
            report.failed = len(pending)
            return report
        with server:
            for notice, language in pending:
                path = None
                if notice.kind in ACCOUNT_KINDS:  # the one-time link is made now, only its hash is kept
                    mint = mint_application_link if notice.kind == "application_confirm" else mint_link
                    path = mint(session, int(notice.params.get("token", 0)))
                    if path is None:  # used or expired meanwhile: nothing worth sending
                        notice.attempts, notice.last_error = MAX_ATTEMPTS, "token.invalid"
                        session.add(notice)
                        continue
                # Someone without an account (an applicant) is written to in the language the notice names.
                subject, body = notice_words(
                    notice, reader_language(language or notice.params.get("lang")), path
                )
                try:
                    server.send_message(email_message(notice.recipient, subject, body))
                except smtplib.SMTPException as error:
                    notice.attempts, notice.last_error = notice.attempts + 1, str(error)[:1000]
                    report.failed += 1
                else:
                    notice.sent_at, notice.attempts = datetime.now(UTC), notice.attempts + 1
                    report.sent += 1
                session.add(notice)
    return report


class Notice(BaseModel):
    id: int
    text: str
    link: str
    created_at: datetime
    read: bool


def my_notices(email: str | None, lang: Language, limit: int = 50) -> list[Notice]:
    """The acting person's notices, newest first, in their language."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        rows = session.exec(
            select(Notification)
            .where(Notification.recipient == actor.email, col(Notification.kind).not_in(ACCOUNT_KINDS))
            .order_by(col(Notification.id).desc())
            .limit(limit)
        ).all()
        return [
            Notice(
                id=n.id or 0,
                text=notice_words(n, lang)[0],
                link=n.link,
                created_at=n.created_at,
                read=bool(n.read_at),
            )
            for n in rows
        ]


def mark_read(email: str | None) -> int:
    """Mark the acting person's notices read; returns how many were unread."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        rows = session.exec(
            select(Notification).where(
                Notification.recipient == actor.email,
                col(Notification.read_at).is_(None),
                col(Notification.kind).not_in(ACCOUNT_KINDS),
            )
        ).all()
        for row in rows:
            row.read_at = datetime.now(UTC)
            session.add(row)
        return len(rows)


def unread_count(email: str | None) -> int:
    """How many of the acting person's notices are unread (the web's header shows it)."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        unread = session.exec(
            select(func.count(col(Notification.id))).where(
                Notification.recipient == actor.email,
                col(Notification.read_at).is_(None),
                col(Notification.kind).not_in(ACCOUNT_KINDS),
            )
        ).one()
        return int(unread)


# --- each person's choice -------------------------------------------------------------------

NotifyMode = Literal["instant", "digest", "none"]
NOTIFY_MODES: tuple[NotifyMode, ...] = ("instant", "digest", "none")


class Preferences(BaseModel):
    notify_mode: NotifyMode
    language: Language


def my_preferences(email: Who) -> Preferences:
    """How the acting person's notices reach them by e-mail, and the language of their e-mails."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        mode = actor.notify_mode if actor.notify_mode in NOTIFY_MODES else "instant"
        return Preferences(notify_mode=mode, language=reader_language(actor.language))


def set_preferences(email: Who, notify_mode: str, language: str) -> Preferences:
    """The acting person chooses instant e-mail, a daily digest or none (notices always show in the web
    app), and the language of their e-mails."""
    if notify_mode not in NOTIFY_MODES:
        raise InvalidInput("preferences.bad_mode", field="notify_mode")
    if language not in LANGUAGES:
        raise InvalidInput("preferences.bad_language", field="language")
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        actor.notify_mode, actor.language = notify_mode, language
        session.add(actor)
        write_admin_audit(session, actor.email, "preferences", None, f"{notify_mode} · {language}")
    return Preferences.model_validate({"notify_mode": notify_mode, "language": language})
