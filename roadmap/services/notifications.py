"""Notices: written to an outbox in the same transaction as the change that causes them (a stage
submitted, changes requested or approved, a comment), then delivered by e-mail with retries and shown
in the web app until read.

Who is told: a submission goes to the municipality's consultants; a review's outcome to its team; a
comment to the other side (a team member's to the consultants, a reviewer's to the team), never to
its author.
"""

from __future__ import annotations

import smtplib
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formataddr
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel
from sqlmodel import Session, col, select

from roadmap.domain.stages import Role, Stage
from roadmap.i18n import translate
from roadmap.services.access import resolve_actor
from roadmap.settings import Language, get_settings
from roadmap.store.db import unit_of_work
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


def _words(notice: Notification, lang: Language) -> tuple[str, str]:
    """The subject and the body of a notice, in the reader's language."""
    params = dict(notice.params)
    stage = translate(f"stage.{Stage(params['stage']).key}", lang)
    subject = translate(f"notify.{notice.kind}.subject", lang, **params, stage_name=stage)
    link = get_settings().base_url.rstrip("/") + notice.link
    body = translate(f"notify.{notice.kind}.body", lang, **params, stage_name=stage, link=link)
    return subject, body


def _connect() -> smtplib.SMTP:
    """A connection to the configured SMTP server (``smtp://``, ``smtp+starttls://`` or ``smtps://``)."""
    url = urlsplit(get_settings().smtp_url)
    host, port = url.hostname or "127.0.0.1", url.port
    if url.scheme == "smtps":
        server: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port or 465, timeout=30, context=ssl.create_default_context()
        )
    else:
        server = smtplib.SMTP(host, port or 25, timeout=30)
        if url.scheme == "smtp+starttls":
            server.starttls(context=ssl.create_default_context())
    if url.username:
        server.login(unquote(url.username), unquote(url.password or ""))
    return server


def deliver_pending(limit: int = 200) -> DeliveryReport:
    """Send the outbox's waiting notices by e-mail (the worker does it between jobs; ``roadmap
    notifications send`` once by hand). A notice that fails is tried again next time, up to
    :data:`MAX_ATTEMPTS`; one that was sent is never sent again."""
    settings = get_settings()
    report = DeliveryReport()
    with unit_of_work() as session:
        pending = list(
            session.exec(
                select(Notification)
                .where(col(Notification.sent_at).is_(None), Notification.attempts < MAX_ATTEMPTS)
                .order_by(col(Notification.id))
                .limit(limit)
            ).all()
        )
        if not settings.smtp_url:
            report.waiting = len(pending)
            return report
        try:
            server = _connect()
        except (OSError, smtplib.SMTPException) as error:  # the server is down: every notice waits
            for notice in pending:
                notice.attempts, notice.last_error = notice.attempts + 1, str(error)[:1000]
                session.add(notice)
            report.failed = len(pending)
            return report
        with server:
            for notice in pending:
                subject, body = _words(notice, settings.language)
                message = EmailMessage()
                message["From"] = formataddr(("Yol Haritası", settings.mail_from))
                message["To"] = notice.recipient
                message["Subject"] = subject
                message.set_content(body)
                try:
                    server.send_message(message)
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
            .where(Notification.recipient == actor.email)
            .order_by(col(Notification.id).desc())
            .limit(limit)
        ).all()
        return [
            Notice(
                id=n.id or 0,
                text=_words(n, lang)[0],
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
                Notification.recipient == actor.email, col(Notification.read_at).is_(None)
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
        return len(
            session.exec(
                select(Notification.id).where(
                    Notification.recipient == actor.email, col(Notification.read_at).is_(None)
                )
            ).all()
        )
