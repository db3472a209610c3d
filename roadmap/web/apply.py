"""The public application form (``/apply/{key}``): no sign-in, CSRF still on, throttled per address.

The first save makes a draft reachable only by a private link (shown in the applicant's browser) and
queues an e-mail with a one-time confirmation link; confirming renews the private link, so the e-mail
is also how a lost draft is found again. Nothing on these pages says anything about another applicant.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from roadmap.domain.applications import KINDS, STRUCTURES, ApplicationForm
from roadmap.errors import InvalidInput, NotFound, StaleVersion, TransitionRefused
from roadmap.i18n import message
from roadmap.services.applications import (
    confirm_email,
    confirmation_valid,
    draft_application,
    public_call,
    save_application,
    start_application,
)
from roadmap.web.admin import KIND_KEYS
from roadmap.web.rendering import PostedForm, flash, language, page

router = APIRouter()
TEAM_ROWS = 6  # nominee rows the form offers (two more than the rule's minimum of four)
START_LIMIT = RateLimitItemPerMinute(5)  # new drafts from one address a minute
SAVE_LIMIT = RateLimitItemPerMinute(30)  # saves from one address a minute
_limiter = MovingWindowRateLimiter(MemoryStorage())


def reset_application_limits() -> None:
    _limiter.storage.reset()


def _allowed(request: Request, limit: RateLimitItemPerMinute, name: str) -> bool:
    address = request.client.host if request.client else "-"
    return _limiter.hit(limit, name, address)


def posted_application(form: Any) -> dict[str, Any]:
    """The form's fields as the application's data (nominee rows ``team-N-…``, answers ``answer-ID``)."""
    text = {name: str(form.get(name, "")).strip() for name in form}
    rows = sorted(
        {
            int(name.split("-")[1])
            for name in text
            if name.startswith("team-") and name.split("-")[1].isdigit()
        }
    )
    coordinator = text.get("coordinator", "")
    return {
        **{
            f: text.get(f, "")
            for f in (
                "municipality",
                "kind",
                "province",
                "contact_name",
                "contact_email",
                "contact_phone",
                "contact_role",
                "motivation",
                "structures_other",
            )
        },
        "structures": [str(v) for v in form.getlist("structures")],
        "team": [
            {
                "name": text.get(f"team-{n}-name", ""),
                "directorate": text.get(f"team-{n}-directorate", ""),
                "role": text.get(f"team-{n}-role", ""),
                "email": text.get(f"team-{n}-email", ""),
                "is_coordinator": coordinator == str(n),
            }
            for n in rows
        ],
        "answers": {
            name.removeprefix("answer-"): value for name, value in text.items() if name.startswith("answer-")
        },
        "commitment": text.get("commitment") == "yes",
        "consent": text.get("consent") == "yes",
    }


def _form_page(
    request: Request,
    key: str,
    status: int = 200,
    secret: str = "",
    errors: list[str] | None = None,
    **context: Any,
) -> Response:
    call = public_call(key)
    form: ApplicationForm = context.pop("form", None) or ApplicationForm()
    rows = max(TEAM_ROWS, len(form.team) + 2)
    return page(
        request,
        "apply.html",
        status,
        user=None,
        call=call,
        form=form,
        rows=rows,
        kinds=KINDS,
        kind_names={k: message(f"municipality.kind.{KIND_KEYS[k]}", language(request)) for k in KINDS},
        structures=STRUCTURES,
        secret=secret,
        errors=errors or [],
        action=f"/apply/{key}/d/{secret}" if secret else f"/apply/{key}",
        **context,
    )


@router.get("/apply/{key}")
def application_form(request: Request, key: str) -> Response:
    """The call's form, empty; or the notice that it takes no applications now."""
    return _form_page(request, key, version=0, state="new", problems=[], confirmed=False)


@router.post("/apply/{key}")
async def application_start(request: Request, key: str, form: PostedForm) -> Response:
    lang = language(request)
    raw = posted_application(form) | {"language": lang}
    if not _allowed(request, START_LIMIT, "apply-start"):
        error = message("web.login.throttled", lang)
        return _form_page(
            request,
            key,
            429,
            errors=[error],
            form=_lenient(raw),
            version=0,
            state="new",
            problems=[],
            confirmed=False,
        )
    try:
        started = start_application(key, raw)
    except (InvalidInput, TransitionRefused) as refused:
        errors = [refused.text(lang), *refused.details(lang)]
        return _form_page(
            request,
            key,
            422,
            errors=errors,
            form=_lenient(raw),
            version=0,
            state="new",
            problems=[],
            confirmed=False,
        )
    flash(request, message("web.apply.started", lang, email=raw["contact_email"]))
    return RedirectResponse(f"/apply/{key}/d/{started.secret}", status_code=303)


def _lenient(raw: dict[str, Any]) -> ApplicationForm:
    """What the applicant typed, shown back even when it did not pass (each field cut to its limit)."""
    try:
        return ApplicationForm.model_validate(raw)
    except ValueError:
        return ApplicationForm()


@router.get("/apply/{key}/d/{secret}")
def application_draft(request: Request, key: str, secret: str) -> Response:
    draft = draft_application(key, secret)
    return _form_page(
        request,
        key,
        secret=secret,
        form=draft.form,
        version=draft.version,
        state=draft.state,
        problems=draft.problems,
        confirmed=draft.email_confirmed,
    )


@router.post("/apply/{key}/d/{secret}")
async def application_save(request: Request, key: str, secret: str, form: PostedForm) -> Response:
    lang = language(request)
    raw = posted_application(form) | {"language": lang}
    submit = str(form.get("action", "")) == "submit"
    version = int(str(form.get("version", "0")) or 0) if str(form.get("version", "0")).isdigit() else 0
    if not _allowed(request, SAVE_LIMIT, "apply-save"):
        return _refused_draft(request, key, secret, raw, 429, [message("web.login.throttled", lang)])
    try:
        draft = save_application(key, secret, raw, version, submit=submit)
    except (InvalidInput, TransitionRefused, StaleVersion) as refused:
        return _refused_draft(
            request,
            key,
            secret,
            raw,
            409 if isinstance(refused, StaleVersion) else 422,
            [refused.text(lang), *refused.details(lang)],
        )
    if draft.state == "submitted":
        flash(request, message("web.apply.submitted", lang))
    else:
        flash(request, message("web.apply.saved", lang))
    return RedirectResponse(f"/apply/{key}/d/{secret}", status_code=303)


def _refused_draft(
    request: Request, key: str, secret: str, raw: dict[str, Any], status: int, errors: list[str]
) -> Response:
    draft = draft_application(key, secret)
    return _form_page(
        request,
        key,
        status,
        secret=secret,
        errors=errors,
        form=_lenient(raw),
        version=draft.version,
        state=draft.state,
        problems=draft.problems,
        confirmed=draft.email_confirmed,
    )


@router.get("/apply/confirm/{secret}")
def confirm_page(request: Request, secret: str) -> Response:
    """A button rather than a change on opening: mail scanners open links too."""
    if not confirmation_valid(secret):
        raise NotFound("token.invalid")
    return page(request, "apply_confirm.html", user=None, secret=secret)


@router.post("/apply/confirm/{secret}")
async def confirm(request: Request, secret: str, _: PostedForm) -> Response:
    key, draft_secret = confirm_email(secret)
    flash(request, message("web.apply.confirmed", language(request)))
    return RedirectResponse(f"/apply/{key}/d/{draft_secret}", status_code=303)
