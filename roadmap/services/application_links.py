"""An applicant's private links: the draft's (shown once in their browser, renewed when they confirm
their e-mail) and the e-mail confirmation's (made when its e-mail is sent). Only SHA-256 hashes are
kept, as for the account links (``roadmap.services.accounts``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from roadmap.domain.links import new_secret
from roadmap.store.tables import Application

CONFIRM_DAYS = 7


def mint_application_link(session: Session, application_id: int) -> str | None:
    """The one-time confirmation link for the applicant's e-mail being sent now, or None if the
    e-mail is already confirmed or the application left the draft state meanwhile."""
    application = session.get(Application, application_id)
    if application is None or application.email_confirmed_at is not None or application.state != "draft":
        return None
    secret, hashed = new_secret()
    application.confirm_hash = hashed
    application.confirm_expires = datetime.now(UTC) + timedelta(days=CONFIRM_DAYS)
    session.add(application)
    return f"/apply/confirm/{secret}"
