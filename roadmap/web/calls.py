"""Programme staff's pages for calls: the applications with what they lack and their scores, one
application with the scoring form and the decision; and a municipality's own application record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from roadmap.domain.stages import Role
from roadmap.errors import InvalidInput, NotFound, RoadmapError, TransitionRefused
from roadmap.i18n import message
from roadmap.services.admissions import (
    accept_application,
    list_applications,
    list_calls,
    municipality_application,
    reject_application,
    score_application,
    show_application,
)
from roadmap.services.applications import create_call
from roadmap.services.cohorts import list_cohorts
from roadmap.text import ISTANBUL
from roadmap.web.admin import form_text
from roadmap.web.pages import _require_visible
from roadmap.web.rendering import CurrentUser, PostedForm, flash, language, page

router = APIRouter()


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _calls_page(
    request: Request, user: Any, status: int = 200, errors: dict[str, str] | None = None, values: Any = None
) -> Response:
    return page(
        request,
        "calls.html",
        status,
        user=user,
        calls=list_calls(user.email),
        may_create=user.role == Role.COORDINATOR.value,
        errors=errors or {},
        values=values or {},
    )


@router.get("/calls")
def calls_page(request: Request, user: CurrentUser) -> Response:
    return _calls_page(request, user)


@router.post("/calls")
def call_create(request: Request, user: CurrentUser, form: PostedForm) -> Response:
    """A coordinator opens a call from the page: its short name, title and dates (Türkiye time)."""
    values = {k: form_text(form, k) for k in ("key", "name", "opens", "closes")}
    lang = language(request)
    try:
        moments = {}
        for field in ("opens", "closes"):
            try:
                moment = datetime.fromisoformat(values[field])
            except ValueError:
                raise InvalidInput("form.error.date", field=field) from None
            moments[field] = moment if moment.tzinfo else moment.replace(tzinfo=ISTANBUL)
        call = create_call(user.email, values["key"], values["name"], moments["opens"], moments["closes"])
    except RoadmapError as refused:
        field = str(refused.message.params.get("field") or "form")
        return _calls_page(
            request, user, 422, {field if field in values else "form": refused.render(lang)}, values
        )
    flash(request, message("web.calls.created", lang, name=call.name, path=f"/apply/{call.key}"))
    return _redirect("/calls")


@router.get("/calls/{key}")
def call_page(request: Request, key: str, user: CurrentUser) -> Response:
    rows = list_applications(user.email, key)
    return page(request, "call_applications.html", user=user, key=key, rows=rows)


def _application_page(
    request: Request, user: Any, key: str, number: int, status: int = 200, error: str = ""
) -> Response:
    detail = show_application(user.email, key, number)
    mine = next((r for r in detail.reviews if r["reviewer"] == user.email), None)
    return page(
        request,
        "application.html",
        status,
        user=user,
        key=key,
        detail=detail,
        mine=mine,
        cohorts=list_cohorts(user.email),
        error=error,
        staff=True,
    )


@router.get("/calls/{key}/applications/{number}")
def application_page(request: Request, key: str, number: int, user: CurrentUser) -> Response:
    return _application_page(request, user, key, number)


@router.post("/calls/{key}/applications/{number}/score")
async def application_score(
    request: Request, key: str, number: int, user: CurrentUser, form: PostedForm
) -> Response:
    lang = language(request)
    detail = show_application(user.email, key, number)
    try:
        scores = {}
        for criterion in detail.call.criteria:
            text = form_text(form, f"score-{criterion.id}").replace(",", ".")
            try:
                scores[criterion.id] = float(text)
            except ValueError:
                raise InvalidInput("application.bad_score", field=criterion.id, max=criterion.max) from None
        score_application(user.email, key, number, scores, form_text(form, "comment"))
    except (InvalidInput, TransitionRefused) as refused:
        return _application_page(request, user, key, number, 422, refused.text(lang))
    flash(request, message("application.scored", lang, number=number, score=""))
    return _redirect(f"/calls/{key}/applications/{number}")


@router.post("/calls/{key}/applications/{number}/accept")
async def application_accept(
    request: Request, key: str, number: int, user: CurrentUser, form: PostedForm
) -> Response:
    lang = language(request)
    try:
        slug = accept_application(user.email, key, number, form_text(form, "cohort"), form_text(form, "slug"))
    except (InvalidInput, TransitionRefused, NotFound) as refused:
        return _application_page(
            request, user, key, number, 422, "\n".join([refused.text(lang), *refused.details(lang)])
        )
    flash(request, message("web.calls.accepted", lang, slug=slug))
    return _redirect(f"/m/{slug}")


@router.post("/calls/{key}/applications/{number}/reject")
async def application_reject(
    request: Request, key: str, number: int, user: CurrentUser, form: PostedForm
) -> Response:
    lang = language(request)
    try:
        reject_application(user.email, key, number, form_text(form, "reason"))
    except (InvalidInput, TransitionRefused) as refused:
        return _application_page(request, user, key, number, 422, refused.text(lang))
    flash(request, message("application.rejected", lang, number=number))
    return _redirect(f"/calls/{key}")


@router.get("/m/{slug}/application")
def municipality_application_page(request: Request, slug: str, user: CurrentUser) -> Response:
    _require_visible(user, slug)
    detail = municipality_application(user.email, slug)
    if detail is None:
        raise NotFound("notfound.application_record", slug=slug)
    return page(
        request,
        "application.html",
        user=user,
        key="",
        detail=detail,
        mine=None,
        cohorts=[],
        error="",
        staff=False,
        slug=slug,
    )
