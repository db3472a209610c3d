"""Calls and applications: a public form with a private draft link and a confirmed e-mail, then
programme staff score, accept (a municipality in a cohort, its team invited, stage 0 filled) or
reject (a courteous message with the reason). Every step is audited.

The public functions (an applicant has no account) take the call's key and the draft's secret; they
never say anything about another application.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlmodel import Session, select

from roadmap.domain.applications import ApplicationForm, CallForm, is_open, missing
from roadmap.domain.links import digest, new_secret
from roadmap.domain.permissions import Permission
from roadmap.domain.safe_text import checked_text
from roadmap.domain.validation import Problem
from roadmap.errors import (
    InvalidInput,
    NotFound,
    StaleVersion,
    TransitionRefused,
    field_problems,
)
from roadmap.imports.files import yaml_to_model
from roadmap.services.access import Who, require, resolve_actor
from roadmap.store.db import unit_of_work
from roadmap.store.repository import write_admin_audit
from roadmap.store.tables import Application, Notification, ProgrammeCall

KEY_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{1,78}[a-z0-9]")


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- calls ------------------------------------------------------------------------------------


def create_call(
    email: Who, key: str, name: str, opens: datetime, closes: datetime, form: Path | None = None
) -> ProgrammeCall:
    """A coordinator opens a call: its key (the form's address), name, dates and form."""
    if not KEY_PATTERN.fullmatch(key):
        raise InvalidInput("municipality.bad_slug", field="key", slug=key)
    if _aware(closes) <= _aware(opens):
        raise InvalidInput("call.bad_period", field="closes", opens=opens, closes=closes)
    name = checked_text(name, "name").strip()
    if len(name) < 3:
        raise InvalidInput("call.bad_name", field="name")
    call_form = yaml_to_model(form, CallForm) if form else CallForm()
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.MANAGE)
        if _call_or_none(session, key) is not None:
            raise InvalidInput("call.exists", field="key", key=key)
        call = ProgrammeCall(
            key=key,
            name=name,
            opens=_aware(opens),
            closes=_aware(closes),
            form=call_form.model_dump(mode="json"),
            created_by=actor.email,
        )
        session.add(call)
        session.flush()
        write_admin_audit(session, actor.email, "call_create", None, f"{key}: {name}")
        return call


def _call_or_none(session: Session, key: str) -> ProgrammeCall | None:
    return session.exec(select(ProgrammeCall).where(ProgrammeCall.key == key)).first()


def call_by_key(session: Session, key: str) -> ProgrammeCall:
    call = _call_or_none(session, key)
    if call is None:
        raise NotFound("notfound.call", key=key)
    return call


class CallView(BaseModel):
    key: str
    name: str
    opens: datetime
    closes: datetime
    form: CallForm
    open: bool


def _view(call: ProgrammeCall, now: datetime) -> CallView:
    opens, closes = _aware(call.opens), _aware(call.closes)
    return CallView(
        key=call.key,
        name=call.name,
        opens=opens,
        closes=closes,
        form=CallForm.model_validate(call.form),
        open=is_open(opens, closes, now),
    )


def public_call(key: str, now: datetime | None = None) -> CallView:
    """A call as its public form shows it: name, deadline, questions; whether it takes applications."""
    with unit_of_work() as session:
        return _view(call_by_key(session, key), _now(now))


# --- the applicant's side (no account) ----------------------------------------------------------


def _parsed(raw: dict[str, Any]) -> ApplicationForm:
    try:
        return ApplicationForm.model_validate(raw)
    except ValidationError as error:
        raise InvalidInput("application.invalid", field_problems(error)) from None


def _confirmation(
    session: Session, application: Application, call: ProgrammeCall, form: ApplicationForm
) -> None:
    """The double opt-in: an e-mail with a one-time link (made when it is sent) to the contact."""
    assert application.id is not None
    session.add(
        Notification(
            recipient=application.contact_email,
            kind="application_confirm",
            params={
                "token": application.id,
                "call": call.name,
                "name": form.contact_name or application.contact_email,
                "municipality": form.municipality or "—",
                "lang": form.language,
            },
        )
    )


def _open_call(session: Session, key: str, now: datetime) -> ProgrammeCall:
    call = call_by_key(session, key)
    if not is_open(_aware(call.opens), _aware(call.closes), now):
        raise TransitionRefused("application.closed", call=call.name)
    return call


def _contact(form: ApplicationForm) -> str:
    from roadmap.domain.content import EMAIL

    if not EMAIL.fullmatch(form.contact_email):
        raise InvalidInput("application.contact_email", field="contact_email", email=form.contact_email)
    return form.contact_email


class Started(BaseModel):
    id: int
    secret: str  # the draft's private link: /apply/{key}/d/{secret}


def start_application(key: str, raw: dict[str, Any], now: datetime | None = None) -> Started:
    """A new draft (its contact's e-mail is needed to reach them); the confirmation e-mail is queued."""
    form = _parsed(raw)
    contact = _contact(form)
    with unit_of_work() as session:
        call = _open_call(session, key, _now(now))
        secret, hashed = new_secret()
        assert call.id is not None
        application = Application(
            call_id=call.id, data=form.model_dump(mode="json"), contact_email=contact, draft_hash=hashed
        )
        session.add(application)
        session.flush()
        _confirmation(session, application, call, form)
        write_admin_audit(
            session, f"applicant:{contact}", "application_start", None, f"{key} #{application.id}"
        )
        assert application.id is not None
        return Started(id=application.id, secret=secret)


def _draft(session: Session, key: str, secret: str) -> tuple[ProgrammeCall, Application]:
    call = call_by_key(session, key)
    application = None
    if secret and len(secret) < 200:
        application = session.exec(
            select(Application).where(
                Application.draft_hash == digest(secret), Application.call_id == call.id
            )
        ).first()
    if application is None:
        raise NotFound("notfound.application_link")
    return call, application


class DraftView(BaseModel):
    id: int
    call: CallView
    state: str
    version: int
    form: ApplicationForm
    email_confirmed: bool
    problems: list[Problem]


def _draft_view(call: ProgrammeCall, application: Application, now: datetime) -> DraftView:
    view = _view(call, now)
    form = ApplicationForm.model_validate(application.data)
    assert application.id is not None
    return DraftView(
        id=application.id,
        call=view,
        state=application.state,
        version=application.version,
        form=form,
        email_confirmed=application.email_confirmed_at is not None,
        problems=missing(form, view.form),
    )


def draft_application(key: str, secret: str, now: datetime | None = None) -> DraftView:
    """The application behind a private draft link, with what it still lacks."""
    with unit_of_work() as session:
        call, application = _draft(session, key, secret)
        return _draft_view(call, application, _now(now))


def save_application(
    key: str,
    secret: str,
    raw: dict[str, Any],
    version: int,
    submit: bool = False,
    now: datetime | None = None,
) -> DraftView:
    """Save the draft (refused after the deadline, or if another tab saved first); with ``submit``,
    hand it in: only complete, with the contact's e-mail confirmed."""
    form = _parsed(raw)
    contact = _contact(form)
    moment = _now(now)
    with unit_of_work() as session:
        call, application = _draft(session, key, secret)
        if application.state != "draft":
            raise TransitionRefused("application.not_draft")
        if not is_open(_aware(call.opens), _aware(call.closes), moment):
            raise TransitionRefused("application.closed", call=call.name)
        if application.version != version:
            raise StaleVersion("refused.stale", given=version, current=application.version)
        changed_contact = contact != application.contact_email
        application.data = form.model_dump(mode="json")
        application.contact_email = contact
        application.version += 1
        application.updated_at = moment
        if changed_contact:  # a new address is confirmed again
            application.email_confirmed_at, application.confirm_hash = None, None
        session.add(application)
        session.flush()
        if changed_contact:
            _confirmation(session, application, call, form)
        view = _draft_view(call, application, moment)
        if submit:
            if not view.email_confirmed:
                raise TransitionRefused("application.unconfirmed", email=contact)
            blocking = [p for p in view.problems if p.severity == "error"]
            if blocking:
                raise InvalidInput("application.incomplete", blocking, count=len(blocking))
            application.state, application.submitted_at = "submitted", moment
            session.add(application)
            view.state = "submitted"
        action = "application_submit" if submit else "application_save"
        write_admin_audit(session, f"applicant:{contact}", action, None, f"{key} #{application.id}")
        return view


def confirmation_valid(secret: str) -> bool:
    """Whether a confirmation link still works (the page asks before the applicant presses confirm)."""
    with unit_of_work() as session:
        return _confirming(session, secret) is not None


def _confirming(session: Session, secret: str) -> Application | None:
    if not secret or len(secret) >= 200:
        return None
    application = session.exec(select(Application).where(Application.confirm_hash == digest(secret))).first()
    if application is None or application.email_confirmed_at is not None or application.state != "draft":
        return None
    if application.confirm_expires is None or _aware(application.confirm_expires) < datetime.now(UTC):
        return None
    return application


def confirm_email(secret: str) -> tuple[str, str]:
    """The applicant confirms their e-mail through the one-time link; returns the call's key and a new
    private draft link (the e-mail is also how a lost draft link is found again)."""
    with unit_of_work() as session:
        application = _confirming(session, secret)
        if application is None:
            raise NotFound("token.invalid")
        call = session.get(ProgrammeCall, application.call_id)
        assert call is not None
        draft_secret, hashed = new_secret()
        application.email_confirmed_at = datetime.now(UTC)
        application.confirm_hash = None
        application.draft_hash = hashed
        session.add(application)
        write_admin_audit(
            session,
            f"applicant:{application.contact_email}",
            "application_confirm",
            None,
            f"#{application.id}",
        )
        return call.key, draft_secret
