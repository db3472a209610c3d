"""The public pages (``/p/…``): published releases for anyone, no sign-in; and the team's "Yayımla".

The public routes read releases only (``roadmap.services.releases``' public functions), never a
stage's working data, so nothing of a draft can appear. Their pages set no cookie and carry an ETag
and a Cache-Control header, so browsers and caches can keep them; the language is in the address
(``?lang=en``) for the same reason.
"""

from __future__ import annotations

import hashlib
import mimetypes
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from roadmap.domain.publication import PublicRoadmap
from roadmap.errors import InvalidInput, NotFound, TransitionRefused
from roadmap.i18n import message, translate
from roadmap.render.public_edition import figure
from roadmap.render.texts import DocumentTexts
from roadmap.services.public_monitoring import public_statuses
from roadmap.services.releases import (
    public_action,
    public_file,
    public_page,
    publish_release,
    published_municipalities,
    withdraw_release,
)
from roadmap.settings import Language
from roadmap.text import long_date, quarter_name
from roadmap.web.rendering import CurrentUser, PostedForm, flash, language, templates

router = APIRouter()
CACHE = "public, max-age=300"  # five minutes: a new release shows soon, a busy page is served cheaply


def _lang(asked: str) -> Language:
    return "en" if asked == "en" else "tr"


def _cached(request: Request, template: str, lang: Language, status: int = 200, **context: Any) -> Response:
    """A public page: rendered without cookies, with an ETag of its content (304 when unchanged)."""
    texts = DocumentTexts(lang)
    html = templates.get_template(template).render(
        request=request,
        lang=lang,
        _=lambda key, **params: translate(key, lang, **params),
        date=lambda value: long_date(value, lang) if value else "",
        num=lambda value, digits=1: figure(value, lang, digits),
        quarter=lambda label: quarter_name(label, lang),  # "2027-Q1" as "Ocak–Mart 2027"
        label=texts.label,
        path=request.url.path,
        **context,
    )
    tag = '"' + hashlib.sha256(html.encode("utf-8")).hexdigest()[:32] + '"'
    headers = {"ETag": tag, "Cache-Control": CACHE, "Vary": "Accept-Encoding"}
    if status == 200 and tag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return HTMLResponse(html, status_code=status, headers=headers)


@router.get("/p")
def public_index(request: Request, lang: str = "tr", cohort: str = "") -> Response:
    """The published municipalities (of one cohort, if asked)."""
    chosen = _lang(lang)
    return _cached(request, "public_index.html", chosen, items=published_municipalities(cohort or None))


def _release_page(request: Request, slug: str, lang: str, release: int | None) -> Response:
    chosen = _lang(lang)
    shown = public_page(slug, chosen, release)
    status = 410 if shown.roadmap is None else 200  # a withdrawn release: gone, with its notice
    return _cached(
        request,
        "public_roadmap.html",
        chosen,
        status,
        page=shown,
        roadmap=shown.roadmap,
        statuses=_statuses(slug),
    )


def _statuses(slug: str) -> dict[str, Any]:
    """Each action's latest monitoring status, once a release stands (none while all are withdrawn)."""
    try:
        return dict(public_statuses(slug))
    except NotFound:
        return {}


@router.get("/p/{slug}")
def public_roadmap_page(request: Request, slug: str, lang: str = "tr") -> Response:
    """The current release: vision, goals, actions with their indicators, how inputs were used."""
    return _release_page(request, slug, lang, None)


@router.get("/p/{slug}/releases/{number}")
def public_release_page(request: Request, slug: str, number: int, lang: str = "tr") -> Response:
    """An earlier release as it was published (or the notice of its withdrawal)."""
    return _release_page(request, slug, lang, number)


@router.get("/p/{slug}/releases/{number}/files/{name}")
def public_download(slug: str, number: int, name: str) -> Response:
    """One file of a release, by its name in the release (never a path)."""
    blob = public_file(slug, number, name)
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if name.endswith((".csv", ".md", ".json")):
        kind += "; charset=utf-8"
    return Response(
        blob,
        media_type=kind,
        headers={
            "Content-Disposition": f'attachment; filename="{slug}-{number}-{name}"',
            # A release's files never change, but a withdrawal must reach caches soon: five minutes,
            # then the ETag revalidates.
            "Cache-Control": "public, max-age=300",
            "ETag": '"' + hashlib.sha256(blob).hexdigest()[:32] + '"',
        },
    )


@router.get("/p/{slug}/actions/{action_id}")
def public_action_page(request: Request, slug: str, action_id: str, lang: str = "tr") -> Response:
    """An action's permanent link: as the current release has it (monitoring will add its progress)."""
    chosen = _lang(lang)
    shown = public_action(slug, action_id, chosen)
    roadmap: PublicRoadmap | None = shown.roadmap
    action = roadmap.action(action_id) if roadmap else None
    if roadmap is None or action is None:
        raise NotFound("notfound.public_action", slug=slug)
    goal = next((g for g in roadmap.goals if g.code == action.goal), None)
    return _cached(
        request,
        "public_action.html",
        chosen,
        page=shown,
        roadmap=roadmap,
        action=action,
        goal=goal,
        statuses=_statuses(slug),
    )


# --- the team's step on stage 6 ----------------------------------------------------------------


@router.post("/m/{slug}/publish")
async def publish(request: Request, slug: str, user: CurrentUser, _: PostedForm) -> Response:
    """ "Yayımla": the next release, then back to stage 6 with where it is."""
    lang = language(request)
    try:
        release = publish_release(user.email, slug)
    except (TransitionRefused, InvalidInput) as refused:  # said on the stage page, beside the button
        flash(request, refused.text(lang), "error")
    else:
        flash(request, message("web.published", lang, number=release.number, link=f"/p/{slug}"))
    return RedirectResponse(f"/m/{slug}/stages/6#releases", status_code=303)


@router.post("/m/{slug}/releases/{number}/withdraw")
async def withdraw(request: Request, slug: str, number: int, user: CurrentUser, form: PostedForm) -> Response:
    lang = language(request)
    try:
        withdraw_release(user.email, slug, number, str(form.get("reason", "")))
    except (TransitionRefused, InvalidInput) as refused:
        flash(request, refused.text(lang), "error")
    else:
        flash(request, message("web.withdrawn", lang, number=number))
    return RedirectResponse(f"/m/{slug}/stages/6#releases", status_code=303)
