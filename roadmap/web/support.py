"""The support programme on the web: the calls, a municipality's applications and its form to apply, and an
application's page with its reviews, the decision and the support given (reviewers score it there).

Each form is one service call; a refusal comes back on the same page with the reason (422).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from roadmap.domain.permissions import Permission
from roadmap.domain.stages import Role, Stage, Status
from roadmap.domain.support import SupportKind
from roadmap.errors import InvalidInput, NotFound, RoadmapError
from roadmap.i18n import message
from roadmap.services.access import can, resolve_actor
from roadmap.services.actors import list_actors
from roadmap.services.consultations import read_data
from roadmap.services.support import apply_for_support, create_call, list_calls, support_applications
from roadmap.services.support_awards import AwardView, record_award
from roadmap.services.support_review import (
    ApplicationView,
    decide_application,
    declare_conflict,
    review_application,
    show_application,
)
from roadmap.settings import Language
from roadmap.store.db import unit_of_work
from roadmap.store.tables import User
from roadmap.text import local_time, long_date, money, number
from roadmap.web.pages import _require_visible
from roadmap.web.rendering import (
    CurrentUser,
    PostedForm,
    flash,
    fragment_html,
    language,
    page,
)
from roadmap.web.uploads import safe_file_name

router = APIRouter()


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _formatters(request: Request | None, lang: Language = "tr") -> dict[str, Any]:
    """What the support templates format with: dates, money and numbers in the reader's language."""
    lang = language(request) if request is not None else lang
    return {
        "long_date": lambda d: long_date(d, lang),
        "money": lambda v: money(v, lang),
        "number": lambda v, digits=1: number(v, lang, digits),
        "local_time": local_time,
    }


RUBRIC_SUFFIXES = {".yaml", ".yml", ".csv", ".xlsx"}
RUBRIC_BYTES = 1024 * 1024


def _calls_page(
    request: Request, user: User, status: int = 200, errors: dict[str, str] | None = None, values: Any = None
) -> Response:
    return page(
        request,
        "support.html",
        status,
        user=user,
        calls=list_calls(user.email),
        applications=support_applications(user.email),
        may_create=user.role == Role.COORDINATOR.value,
        errors=errors or {},
        values=values or {},
        **_formatters(request),
    )


@router.get("/support")
def calls_page(request: Request, user: CurrentUser) -> Response:
    return _calls_page(request, user)


async def kept_upload(form: Any, field: str, suffixes: set[str], limit: int, folder: Path) -> Path:
    """The posted file saved in ``folder`` under its own (cleaned) name; a wrong type or size is refused."""
    upload = form.get(field)
    if upload is None or not getattr(upload, "filename", ""):
        raise InvalidInput("web.upload.missing", field=field)
    suffix = Path(upload.filename).suffix.lower()
    if suffix not in suffixes:
        raise InvalidInput(
            "web.upload.type", name=upload.filename, allowed=", ".join(sorted(suffixes)), field=field
        )
    target = folder / safe_file_name(upload.filename, suffix)
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput(
            "input.too_big", path=target.name, limit=max(1, limit // 1024 // 1024), field=field
        )
    target.write_bytes(data)
    return target


@router.post("/support")
async def call_create(request: Request, user: CurrentUser, form: PostedForm) -> Response:
    values = {k: str(form.get(k, "")).strip() for k in ("key", "name", "opens", "closes")}
    lang = language(request)
    try:
        try:
            opens, closes = date.fromisoformat(values["opens"]), date.fromisoformat(values["closes"])
        except ValueError:
            raise InvalidInput("form.error.date", field="opens") from None
        with tempfile.TemporaryDirectory(prefix="roadmap-rubric-") as folder:
            rubric = await kept_upload(form, "rubric", RUBRIC_SUFFIXES, RUBRIC_BYTES, Path(folder))
            call = create_call(user.email, values["key"], values["name"], opens, closes, rubric)
    except RoadmapError as refused:
        field = str(refused.message.params.get("field") or "form")
        return _calls_page(
            request,
            user,
            422,
            {field if field in values or field == "rubric" else "form": refused.render(lang)},
            values,
        )
    flash(request, message("support.call_created", lang, key=call.key, count=len(call.criteria)))
    return _redirect("/support")


def _municipality_page(
    request: Request,
    user: User,
    slug: str,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: Any = None,
) -> Response:
    municipality = _require_visible(user, slug)
    with unit_of_work() as session:
        may_apply = can(session, resolve_actor(session, user.email), Permission.SUBMIT, municipality)
    data = read_data(user.email, slug)
    plan = data.plan
    return page(
        request,
        "support_municipality.html",
        status,
        user=user,
        slug=slug,
        name=municipality.name,
        calls=(open_calls := [c for c in list_calls(user.email) if c.is_open]),
        call_options=[(c.key, c.name) for c in open_calls],
        applications=support_applications(user.email, slug),
        actions=list(plan.codes().items()),
        actors=list_actors(user.email),
        may_apply=may_apply,
        approved=data.statuses.get(Stage.ROADMAP) == Status.APPROVED.value,
        errors=errors or {},
        values=values or {"actions": [], "actors": []},
        **_formatters(request),
    )


def awards_fragment(lang: Language, awards: list[AwardView]) -> Markup:
    """The support given (``awards_for_action``'s list) as the partial ``support_awards.html`` renders it,
    in ``lang``: what an action's monitoring page puts in its own page."""
    return fragment_html("support_awards.html", lang, awards=awards, **_formatters(None, lang))


@router.get("/m/{slug}/support")
def municipality_support_page(request: Request, slug: str, user: CurrentUser) -> Response:
    return _municipality_page(request, user, slug)


@router.post("/m/{slug}/support")
async def apply_post(request: Request, slug: str, user: CurrentUser, form: PostedForm) -> Response:
    _require_visible(user, slug)
    call, title = str(form.get("call", "")), str(form.get("title", "")).strip()
    request_text = str(form.get("request", "")).strip()
    actions = [str(v) for v in form.getlist("actions")]
    actors = [int(v) for v in form.getlist("actors") if str(v).isdigit()]
    values: dict[str, Any] = {
        "call": call,
        "title": title,
        "request": request_text,
        "actions": actions,
        "actors": actors,
    }
    try:
        number_ = apply_for_support(user.email, slug, call, actions, title, request_text, actors)
    except RoadmapError as refused:
        field = str(refused.message.params.get("field") or "form")
        return _municipality_page(request, user, slug, 422, {field: refused.text(language(request))}, values)
    flash(request, message("support.applied", language(request), number=number_, key=call))
    return _redirect(f"/m/{slug}/support/{number_}")


def _application(user: User, slug: str, number_: int) -> ApplicationView:
    """The application, if it is this municipality's and the person may see it (else not found)."""
    _require_visible(user, slug)
    view = show_application(user.email, number_)
    if view.summary.slug != slug:
        raise NotFound("notfound.support_application", number=number_)
    return view


def _application_page(
    request: Request, user: User, slug: str, number_: int, status: int = 200, error: str = ""
) -> Response:
    view = _application(user, slug, number_)
    lang = language(request)
    mine = next((r for r in view.reviews if r.reviewer == user.email), None)
    return page(
        request,
        "support_application.html",
        status,
        user=user,
        slug=slug,
        app=view,
        reviewer=user.role == Role.COORDINATOR.value,
        mine=mine,
        error=error,
        kinds=[(k.value, message(f"support.kind.{k.value}", lang)) for k in SupportKind],
        awards=view.awards,
        **_formatters(request),
    )


@router.get("/m/{slug}/support/{number}")
def application_page(request: Request, slug: str, number: int, user: CurrentUser) -> Response:
    return _application_page(request, user, slug, number)


async def _reviewing(request: Request, slug: str, number_: int, user: User, act: Any) -> Response:
    _application(user, slug, number_)
    try:
        text = act()
    except (RoadmapError, ValueError) as refused:
        said = refused.render(language(request)) if isinstance(refused, RoadmapError) else str(refused)
        return _application_page(request, user, slug, number_, 422, said)
    flash(request, text)
    return _redirect(f"/m/{slug}/support/{number_}")


@router.post("/m/{slug}/support/{number}/review")
async def review_post(
    request: Request, slug: str, number: int, user: CurrentUser, form: PostedForm
) -> Response:
    lang = language(request)

    def act() -> str:
        view = show_application(user.email, number)
        scores: dict[str, int] = {}
        for criterion in view.criteria:
            raw = str(form.get(f"score-{criterion.key}", "")).strip()
            if raw.isdigit():
                scores[criterion.key] = int(raw)
        notes = {c.key: str(form.get(f"note-{c.key}", "")) for c in view.criteria}
        weighted = review_application(user.email, number, scores, str(form.get("comment", "")), notes)
        return message("support.reviewed", lang, number=number, score=number_text(weighted, lang))

    return await _reviewing(request, slug, number, user, act)


def number_text(value: float, lang: Any) -> str:
    return number(value, lang)


@router.post("/m/{slug}/support/{number}/conflict")
async def conflict_post(
    request: Request, slug: str, number: int, user: CurrentUser, form: PostedForm
) -> Response:
    lang = language(request)

    def act() -> str:
        declare_conflict(user.email, number, str(form.get("reason", "")))
        return message("support.conflict_recorded", lang, number=number)

    return await _reviewing(request, slug, number, user, act)


@router.post("/m/{slug}/support/{number}/decide")
async def decide_post(
    request: Request, slug: str, number: int, user: CurrentUser, form: PostedForm
) -> Response:
    lang = language(request)

    def act() -> str:
        status = decide_application(
            user.email, number, form.get("decision") == "award", str(form.get("reason", ""))
        )
        return message(
            "support.decided", lang, number=number, status=message(f"support.status.{status.value}", lang)
        )

    return await _reviewing(request, slug, number, user, act)


def _amount(form: Any, name: str) -> float:
    raw = str(form.get(name, "")).strip().replace(".", "").replace(",", ".") or "0"
    try:
        return float(raw)
    except ValueError:
        raise InvalidInput("support.error.award_amount", field=name) from None


@router.post("/m/{slug}/support/{number}/award")
async def award_post(
    request: Request, slug: str, number: int, user: CurrentUser, form: PostedForm
) -> Response:
    lang = language(request)

    def act() -> str:
        kind = str(form.get("kind", ""))
        if kind not in SupportKind._value2member_map_:
            raise InvalidInput("form.error.choice", field="kind")
        try:
            given_on = date.fromisoformat(str(form.get("given_on", "")))
        except ValueError:
            raise InvalidInput("form.error.date", field="given_on") from None
        value = _amount(form, "value")
        record_award(
            user.email,
            number,
            SupportKind(kind),
            str(form.get("description", "")),
            _amount(form, "quantity"),
            str(form.get("unit", "")),
            value,
            given_on,
            str(form.get("action", "")),
        )
        return message("support.award_recorded", lang, number=number, value=money(value, lang))

    return await _reviewing(request, slug, number, user, act)
