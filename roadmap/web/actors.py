"""Civic actors on the web: the programme's directory (programme staff edit it, everyone browses it) and
each municipality's match page, with introductions, the one-step register and partners on actions.

Every change is one service call with the same rules as the CLI; a refused change comes back as the
same page with the reason above the form (422).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from roadmap.domain.actors import ActorFields, ActorKind, IntroductionStatus
from roadmap.domain.catalogues import focus_catalogue, focus_titles
from roadmap.domain.content import FocusAreas
from roadmap.domain.permissions import Permission, may_in_programme
from roadmap.domain.stages import Role
from roadmap.errors import RoadmapError, StaleVersion, field_errors
from roadmap.i18n import message, render
from roadmap.imports.files import MAX_BYTES
from roadmap.services.actors import actor_details, add_to_register, import_actors, list_actors, save_actor
from roadmap.services.introduction_meetings import arrange_meeting, introduction_meetings
from roadmap.services.matchmaking import (
    introduce,
    introductions,
    make_partner,
    match_actors,
    update_introduction,
)
from roadmap.services.municipalities import list_municipalities
from roadmap.store.tables import User
from roadmap.text import local_time
from roadmap.web.office import _when
from roadmap.web.pages import _require_visible
from roadmap.web.rendering import CurrentUser, PostedForm, flash, language, page
from roadmap.web.support import kept_upload

router = APIRouter()
TEXT_FIELDS = (
    "name", "province", "district", "derbis", "mersis", "website", "contact_name", "contact_email",
    "contact_phone", "notes",
)  # fmt: skip


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _kinds(request: Request) -> list[tuple[str, str]]:
    lang = language(request)
    return [(kind.value, message(f"actors.kind.{kind.value}", lang)) for kind in ActorKind]


def _focus_options(request: Request) -> list[tuple[str, str]]:
    titles = focus_titles(FocusAreas(), language(request))
    return [(code, titles[code]) for code in focus_catalogue()]


def _fields(form: Any) -> dict[str, Any]:
    values: dict[str, Any] = {name: str(form.get(name, "")).strip() for name in TEXT_FIELDS}
    values["kind"] = str(form.get("kind", ""))
    values["focus_areas"] = [str(v) for v in form.getlist("focus_areas")]
    values["contact_listed"] = form.get("contact_listed") == "on"
    values["kvkk_consent"] = form.get("kvkk_consent") == "on"
    return values


def _problems(error: ValidationError, request: Request) -> dict[str, str]:
    lang = language(request)
    return {where.split(".")[0]: render(reason, lang) for where, reason in field_errors(error)}


# --- the directory ---------------------------------------------------------------------------------


def _directory(
    request: Request, user: User, status: int = 200, errors: dict[str, str] | None = None, values: Any = None
) -> Response:
    query = request.query_params
    province, focus, q = query.get("province", ""), query.get("focus", ""), query.get("q", "")
    return page(
        request,
        "actors.html",
        status,
        user=user,
        rows=list_actors(user.email, province, focus, q),
        province=province,
        focus=focus,
        q=q,
        kinds=_kinds(request),
        kind_names=dict(_kinds(request)),
        focus_options=_focus_options(request),
        focus_names=dict(_focus_options(request)),
        may_edit=user.role == Role.COORDINATOR.value,
        errors=errors or {},
        values=values or {"focus_areas": []},
    )


@router.get("/actors")
def directory_page(request: Request, user: CurrentUser) -> Response:
    return _directory(request, user)


@router.post("/actors")
async def actor_add(request: Request, user: CurrentUser, form: PostedForm) -> Response:
    values = _fields(form)
    try:
        number = save_actor(user.email, None, ActorFields.model_validate(values))
    except ValidationError as error:
        return _directory(request, user, 422, _problems(error, request), values)
    except RoadmapError as refused:
        return _directory(request, user, 422, {"form": refused.text(language(request))}, values)
    flash(request, message("web.saved", language(request)))
    return _redirect(f"/actors/{number}")


@router.post("/actors/import")
async def actors_import(request: Request, user: CurrentUser, form: PostedForm) -> Response:
    """Programme staff import a directory file: all of it, or (on any problem) none of it, said on the page."""
    lang = language(request)
    try:
        with tempfile.TemporaryDirectory(prefix="roadmap-actors-") as folder:
            path = await kept_upload(form, "file", {".csv", ".txt", ".tsv", ".xlsx"}, MAX_BYTES, Path(folder))
            result = import_actors(user.email, path, merge_duplicates=form.get("merge_duplicates") == "on")
    except RoadmapError as refused:
        return _directory(request, user, 422, {"import": refused.render(lang)})
    flash(
        request,
        message(
            "actors.import_summary",
            lang,
            file=result.file.name,
            rows=result.rows_read,
            added=result.added,
            updated=result.updated,
            merged=result.merged,
            total=result.total,
        ),
    )
    for note in result.duplicates:
        key = "import.duplicate_merged" if note.merged else "import.duplicate_note"
        flash(request, message(key, lang, row=note.row, name=note.name, like=note.like), "warning")
    return _redirect("/actors")


def _actor_page(
    request: Request,
    user: User,
    number: int,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: Any = None,
) -> Response:
    actor = actor_details(user.email, number)
    return page(
        request,
        "actor.html",
        status,
        user=user,
        actor=actor,
        kinds=_kinds(request),
        kind_names=dict(_kinds(request)),
        focus_options=_focus_options(request),
        focus_names=dict(_focus_options(request)),
        may_edit=user.role == Role.COORDINATOR.value,
        # Teams and consultants add it to the register of a municipality of theirs from here, too.
        places=[]
        if user.role == Role.COORDINATOR.value
        else [(m.slug, m.name) for m in list_municipalities(user.email)],
        errors=errors or {},
        values=values or actor.model_dump(mode="json"),
    )


@router.get("/actors/{number}")
def actor_page(request: Request, number: int, user: CurrentUser) -> Response:
    return _actor_page(request, user, number)


@router.post("/actors/{number}")
async def actor_edit(request: Request, number: int, user: CurrentUser, form: PostedForm) -> Response:
    values = _fields(form)
    version = _number(form, "version")
    lang = language(request)
    try:
        save_actor(user.email, number, ActorFields.model_validate(values), version)
    except ValidationError as error:
        return _actor_page(
            request, user, number, 422, _problems(error, request), values | {"version": version}
        )
    except StaleVersion as stale:  # someone saved first: their version is shown, with the reason
        return _actor_page(request, user, number, 409, {"form": stale.text(lang)})
    except RoadmapError as refused:
        return _actor_page(
            request, user, number, 422, {"form": refused.text(lang)}, values | {"version": version}
        )
    flash(request, message("web.saved", lang))
    return _redirect(f"/actors/{number}")


# --- a municipality's matches --------------------------------------------------------------------


@router.get("/m/{slug}/actors")
def matches_page(request: Request, slug: str, user: CurrentUser) -> Response:
    municipality = _require_visible(user, slug)
    lang = language(request)
    return page(
        request,
        "actor_matches.html",
        user=user,
        slug=slug,
        name=municipality.name,
        matches=match_actors(user.email, slug, lang),
        introductions=introductions(user.email, slug),
        meetings=introduction_meetings(user.email, slug),
        may_arrange=may_in_programme(Role(user.role), Permission.RUN_COHORT),
        statuses=[(s.value, message(f"match.status.{s.value}", lang)) for s in IntroductionStatus],
        local_time=local_time,
        reason=lambda r: message(r.key, lang, **r.params),
    )


async def _act(request: Request, slug: str, user: User, act: Any) -> Response:
    _require_visible(user, slug)
    try:
        text = act()
    except RoadmapError as refused:
        flash(request, refused.text(language(request)), "error")
        return _redirect(f"/m/{slug}/actors")
    flash(request, text)
    return _redirect(f"/m/{slug}/actors")


def _number(form: Any, name: str) -> int:
    value = str(form.get(name, "")).strip()
    return int(value) if value.isdigit() else 0


@router.post("/m/{slug}/actors/introduce")
async def introduce_post(request: Request, slug: str, user: CurrentUser, form: PostedForm) -> Response:
    lang = language(request)
    action = str(form.get("action", ""))

    def act() -> str:
        number = introduce(user.email, slug, _number(form, "actor"), action, str(form.get("next_step", "")))
        return message("match.introduced", lang, number=number, code=action)

    return await _act(request, slug, user, act)


@router.post("/m/{slug}/actors/register")
async def register_post(request: Request, slug: str, user: CurrentUser, form: PostedForm) -> Response:
    lang = language(request)

    def act() -> str:
        name = add_to_register(user.email, slug, _number(form, "actor"))
        return message("web.actors.added_to_register", lang, name=name)

    return await _act(request, slug, user, act)


@router.post("/m/{slug}/actors/partner")
async def partner_post(request: Request, slug: str, user: CurrentUser, form: PostedForm) -> Response:
    lang = language(request)
    action = str(form.get("action", ""))

    def act() -> str:
        name = make_partner(user.email, slug, _number(form, "actor"), action)
        return message("match.partner_added", lang, name=name, code=action)

    return await _act(request, slug, user, act)


@router.post("/m/{slug}/introductions/{number}")
async def introduction_post(
    request: Request, slug: str, number: int, user: CurrentUser, form: PostedForm
) -> Response:
    lang = language(request)

    def act() -> str:
        status = str(form.get("status", ""))
        if status not in IntroductionStatus._value2member_map_:
            status = IntroductionStatus.INTRODUCED.value
        update_introduction(
            user.email,
            slug,
            number,
            IntroductionStatus(status),
            str(form.get("next_step", "")),
            _number(form, "version"),
        )
        return message("web.saved", lang)

    return await _act(request, slug, user, act)


@router.post("/m/{slug}/introductions/{number}/meeting")
async def meeting_post(
    request: Request, slug: str, number: int, user: CurrentUser, form: PostedForm
) -> Response:
    """The programme office makes an introduction a one-to-one meeting on the cohort's calendar."""
    lang = language(request)
    _require_visible(user, slug)
    try:
        hours = float(str(form.get("hours", "")).replace(",", ".") or 0)
        event = arrange_meeting(
            user.email,
            slug,
            number,
            _when(str(form.get("starts", ""))),
            hours,
            expected_version=_number(form, "version"),
        )
    except ValueError:
        flash(request, message("form.error.number", lang), "error")
        return _redirect(f"/m/{slug}/actors#introductions-title")
    except RoadmapError as refused:
        flash(request, refused.text(lang), "error")
        return _redirect(f"/m/{slug}/actors#introductions-title")
    flash(request, message("meeting.arranged", lang, number=number, event=event))
    return _redirect(f"/events/{event}")
