"""Sending e-mail: a connection to the configured SMTP server and a plain-text message."""

from __future__ import annotations

import smtplib
import ssl
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr
from urllib.parse import unquote, urlsplit

from roadmap.domain.stages import Stage
from roadmap.i18n import translate
from roadmap.settings import Language, get_settings
from roadmap.store.tables import Notification
from roadmap.text import long_date

SENDER_NAME = "Yol Haritası"


def smtp_connection() -> smtplib.SMTP:
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


def email_message(recipient: str, subject: str, body: str) -> EmailMessage:
    """A plain-text message from the programme's address to one person."""
    message = EmailMessage()
    message["From"] = formataddr((SENDER_NAME, get_settings().mail_from))
    message["To"] = recipient
    message["Subject"] = subject
    message.set_content(body)
    return message


def site_link(path: str) -> str:
    """A path on the web app as a full address for an e-mail."""
    return get_settings().base_url.rstrip("/") + path


def reader_language(language: str | None) -> Language:
    """A person's language for their e-mails (the programme's default if they have none)."""
    return "en" if language == "en" else "tr" if language == "tr" else get_settings().language


def notice_words(notice: Notification, lang: Language, path: str | None = None) -> tuple[str, str]:
    """The subject and the body of a notice in ``lang`` (``path``: its link, if not the notice's own)."""
    params = dict(notice.params)
    named: dict[str, str] = {}
    if "stage" in params:
        named["stage_name"] = translate(f"stage.{Stage(params['stage']).key}", lang)
    if "role" in params:
        named["role_name"] = translate(f"role.{params['role']}", lang)
    if "deadline" in params:  # a monitoring reminder's deadline, kept as an ISO date
        named["deadline_date"] = long_date(date.fromisoformat(params["deadline"]), lang)
    subject = translate(f"notify.{notice.kind}.subject", lang, **params, **named)
    link = site_link(path if path is not None else notice.link)
    body = translate(f"notify.{notice.kind}.body", lang, **params, **named, link=link)
    return subject, body
