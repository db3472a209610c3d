"""The daily digest: one e-mail a day to each person who reads by e-mail, with what is overdue for
them (stages waiting for their review; for coordinators, each cohort's overdue municipalities) and,
for those who chose the digest, the notices that were kept for it.

Sent by the worker that ``roadmap serve`` supervises, once a day after ``ROADMAP_DIGEST_HOUR`` (7), and by
``roadmap notifications digest``. Whoever records the day first sends it, so two workers never both do.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from roadmap.domain.schedule import REVIEW_DAYS
from roadmap.domain.stages import Role, Stage, Status
from roadmap.i18n import translate
from roadmap.mail import email_message, notice_words, reader_language, site_link, smtp_connection
from roadmap.services.access import SYSTEM
from roadmap.services.accounts import ACCOUNT_KINDS
from roadmap.services.cohorts import CohortStatus, cohort_progress
from roadmap.settings import Language, get_settings
from roadmap.store.db import unit_of_work
from roadmap.store.tables import (
    Cohort,
    ConsultantAssignment,
    DigestDay,
    Municipality,
    Notification,
    StageRecord,
    User,
)

COHORT_LINES = 25  # overdue municipalities listed per cohort; the rest are counted, with a link


class DigestReport(BaseModel):
    sent: int = 0
    failed: int = 0
    already: bool = False  # today's digest was sent before
    waiting: bool = False  # no SMTP server configured


@dataclass
class _Digest:
    person: User
    lang: Language
    sections: list[str] = field(default_factory=list)
    notices: list[int] = field(default_factory=list)


def _waiting_reviews(session: Session, consultant: User, lang: Language, today: date) -> str:
    """The stages submitted to this consultant and waiting longer than the review time."""
    cutoff = datetime.combine(today - timedelta(days=REVIEW_DAYS), datetime.min.time(), tzinfo=UTC)
    rows = session.exec(
        select(Municipality, StageRecord)
        .join(StageRecord, col(StageRecord.municipality_id) == Municipality.id)
        .join(ConsultantAssignment, col(ConsultantAssignment.municipality_id) == Municipality.id)
        .where(
            ConsultantAssignment.user_id == consultant.id,
            StageRecord.status == Status.SUBMITTED.value,
            col(StageRecord.updated_at) < cutoff,
        )
        .order_by(col(StageRecord.updated_at))
    ).all()
    if not rows:
        return ""
    lines = [translate("digest.reviews.heading", lang, count=len(rows))]
    for municipality, record in rows:
        since = record.updated_at if record.updated_at.tzinfo else record.updated_at.replace(tzinfo=UTC)
        lines.append(
            "- "
            + translate(
                "digest.reviews.line",
                lang,
                municipality=municipality.name,
                stage=record.stage,
                stage_name=translate(f"stage.{Stage(record.stage).key}", lang),
                days=(today - since.date()).days,
                link=site_link(f"/m/{municipality.slug}/stages/{record.stage}"),
            )
        )
    return "\n".join(lines)


def _overdue_cohorts(cohorts: list[tuple[str, CohortStatus]], lang: Language) -> str:
    """Each cohort's overdue municipalities (for a coordinator)."""
    sections = []
    for slug, status in cohorts:
        late = status.overdue_rows()
        if not late:
            continue
        lines = [translate("digest.cohort.heading", lang, cohort=status.name, count=len(late))]
        for row in late[:COHORT_LINES]:
            reasons = "; ".join(
                translate(f"cohort.overdue.{o.kind}", lang, stage=o.stage.value, days=o.days)
                for o in row.overdue
            )
            lines.append(f"- {row.name}: {reasons}")
        if len(late) > COHORT_LINES:
            lines.append(translate("digest.cohort.more", lang, count=len(late) - COHORT_LINES))
        lines.append(site_link(f"/cohort?cohort={slug}&overdue=1"))
        sections.append("\n".join(lines))
    return "\n\n".join(sections)


def _kept_notices(session: Session, person: User, lang: Language) -> tuple[str, list[int]]:
    """A digest reader's notices that no e-mail has carried yet."""
    notices = session.exec(
        select(Notification)
        .where(
            Notification.recipient == person.email,
            col(Notification.sent_at).is_(None),
            col(Notification.kind).not_in(ACCOUNT_KINDS),
        )
        .order_by(col(Notification.id))
    ).all()
    if not notices:
        return "", []
    lines = [translate("digest.notices.heading", lang, count=len(notices))]
    lines += [f"- {notice_words(n, lang)[0]}\n  {site_link(n.link)}" for n in notices]
    return "\n".join(lines), [n.id for n in notices if n.id is not None]


def _compose(today: date) -> list[_Digest]:
    """Each reader's digest for ``today`` (only those with something to say)."""
    digests = []
    with unit_of_work() as session:
        people = session.exec(
            select(User).where(User.notify_mode != "none", User.password_hash != "").order_by(col(User.id))
        ).all()
        cohort_slugs = session.exec(select(Cohort.slug).order_by(col(Cohort.starts).desc())).all()
    cohorts = (
        [(slug, cohort_progress(SYSTEM, slug, today)) for slug in cohort_slugs]
        if any(p.role == Role.COORDINATOR.value for p in people)
        else []
    )
    with unit_of_work() as session:
        for person in people:
            digest = _Digest(person, reader_language(person.language))
            if person.role == Role.CONSULTANT.value:
                digest.sections.append(_waiting_reviews(session, person, digest.lang, today))
            if person.role == Role.COORDINATOR.value:
                digest.sections.append(_overdue_cohorts(cohorts, digest.lang))
            if person.notify_mode == "digest":
                text, digest.notices = _kept_notices(session, person, digest.lang)
                digest.sections.append(text)
            digest.sections = [s for s in digest.sections if s]
            if digest.sections:
                digests.append(digest)
    return digests


def _claim(today: date, again: bool) -> bool:
    """Record today's digest as under way; False if someone recorded it first."""
    try:
        with unit_of_work() as session:
            if session.get(DigestDay, today) is not None:
                if not again:
                    return False
            else:
                session.add(DigestDay(day=today))
    except IntegrityError:  # another worker recorded it a moment earlier
        return False
    return True


def _unclaim(today: date) -> None:
    with unit_of_work() as session:
        day = session.get(DigestDay, today)
        if day is not None and not day.sent:
            session.delete(day)


def send_daily_digest(today: date | None = None, again: bool = False) -> DigestReport:
    """Send today's digest (once a day; ``again`` sends it even if it went out already)."""
    today = today or date.today()
    if not get_settings().smtp_url:
        return DigestReport(waiting=True)
    if not _claim(today, again):
        return DigestReport(already=True)
    report = DigestReport()
    digests = _compose(today)
    try:
        server = smtp_connection()
    except (OSError, smtplib.SMTPException):  # the server is down: tomorrow's worker, or a retry, tries again
        _unclaim(today)
        return DigestReport(failed=len(digests))
    with server:
        for digest in digests:
            subject = translate("digest.subject", digest.lang, date=today.isoformat())
            body = "\n\n".join(
                [
                    translate("digest.greeting", digest.lang, name=digest.person.name),
                    *digest.sections,
                    translate("digest.footer", digest.lang, link=site_link("/preferences")),
                ]
            )
            try:
                server.send_message(email_message(digest.person.email, subject, body))
            except smtplib.SMTPException:
                report.failed += 1
                continue
            report.sent += 1
            if digest.notices:
                with unit_of_work() as session:
                    for notice in session.exec(
                        select(Notification).where(col(Notification.id).in_(digest.notices))
                    ).all():
                        notice.sent_at, notice.attempts = datetime.now(UTC), notice.attempts + 1
                        session.add(notice)
    with unit_of_work() as session:
        day = session.get(DigestDay, today)
        if day is not None:
            day.sent = report.sent
            session.add(day)
    return report


def digest_due(now: datetime | None = None) -> bool:
    """Whether today's digest is still to be sent (after the digest hour, not yet recorded)."""
    now = now or datetime.now()
    if now.hour < get_settings().digest_hour:
        return False
    with unit_of_work() as session:
        return session.get(DigestDay, now.date()) is None
