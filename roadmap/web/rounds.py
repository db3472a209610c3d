"""The stakeholder map over time: ``/m/{slug}/stakeholders/rounds``.

One page shows the rounds, a round's grid with arrows from the round before, what changed and why,
the evidence's suggestions and the silent key stakeholders; its forms open a round and record the
latest round's scores. Every change is one service call with the CLI's rules; a refused entry comes
back as the same page with the reason beside its row (422) and nothing stored.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from roadmap.domain.rounds import ScoreEntry
from roadmap.errors import InvalidInput, RoadmapError, StaleVersion, TransitionRefused
from roadmap.i18n import Message, message, render
from roadmap.render.rounds import round_grid_png
from roadmap.services.rounds import RoundsView, open_round, reassess, stakeholder_rounds
from roadmap.settings import Language
from roadmap.store.tables import User
from roadmap.web.rendering import CurrentUser, PostedForm, flash, language, page

router = APIRouter()


def _url(slug: str, label: str = "") -> str:
    return f"/m/{slug}/stakeholders/rounds" + (f"?round={label}" if label else "")


def _page(
    request: Request,
    user: User,
    view: RoundsView,
    label: str,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> Response:
    index = view.find(label) if label else len(view.rounds) - 1
    shown = view.rounds[index] if index >= 0 else None
    latest = bool(shown) and index == len(view.rounds) - 1
    return page(
        request,
        "stakeholder_rounds.html",
        status,
        user=user,
        slug=view.slug,
        view=view,
        shown=shown,
        before=view.before(index) if shown else view.baseline,
        now=view.after[index] if shown else view.baseline,
        moves=view.moves[shown.label] if shown else [],
        may_record=view.may_edit and view.approved and latest,
        errors=errors or {},
        values=values or {},
        today=date.today().isoformat(),
    )


@router.get("/m/{slug}/stakeholders/rounds")
def rounds_page(request: Request, slug: str, user: CurrentUser, round: str = "") -> Response:
    view = stakeholder_rounds(user.email, slug)  # the visibility check comes first, in the service
    return _page(request, user, view, round.strip())


@router.get("/m/{slug}/stakeholders/rounds/{code}/grid.png")
def round_grid(request: Request, slug: str, code: str, user: CurrentUser) -> Response:
    view = stakeholder_rounds(user.email, slug)
    png = round_grid_png(view, code, language(request))
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=60"})


@router.post("/m/{slug}/stakeholders/rounds")
async def round_open(request: Request, slug: str, user: CurrentUser, form: PostedForm) -> Response:
    """ "Turu aç": a quarter's round (from the day given) or one on demand."""
    lang = language(request)
    text = str(form.get("day", "")).strip()
    try:
        day = date.fromisoformat(text) if text else date.today()
    except ValueError:
        view = stakeholder_rounds(user.email, slug)
        error = message("rounds.bad_day", lang, value=text)
        return _page(request, user, view, "", 422, errors={"day": error}, values={"day": text})
    try:
        opened = open_round(user.email, slug, day, on_demand=form.get("kind") == "on_demand")
    except (InvalidInput, TransitionRefused) as refused:
        view = stakeholder_rounds(user.email, slug)
        return _page(request, user, view, "", 422, errors={"day": refused.text(lang)}, values={"day": text})
    flash(request, message("rounds.opened", lang, label=opened.label))
    return RedirectResponse(_url(slug, opened.label), status_code=303)


def _entries(form: Any, view: RoundsView) -> list[ScoreEntry]:
    """One entry per stakeholder row of the form (a row whose scores are left blank is skipped)."""
    entries = []
    for s in view.stakeholders:
        power, interest = str(form.get(f"power.{s.id}", "")), str(form.get(f"interest.{s.id}", ""))
        if not power.isdigit() or not interest.isdigit():
            continue
        entries.append(
            ScoreEntry(
                stakeholder=s.id,
                power=int(power),
                interest=int(interest),
                reason=str(form.get(f"reason.{s.id}", "")),
                contact=form.get(f"contact.{s.id}") == "on",
            )
        )
    return entries


def _beside(error: RoadmapError, view: RoundsView, lang: Language) -> dict[str, str]:
    """Each refused row's reason by its stakeholder's id; the sentence itself above the form."""
    by_code = {code: sid for sid, code in view.codes.items()}
    errors = {"form": error.text(lang)}
    for problem in error.problems:
        if isinstance(problem, Message) and problem.params.get("code") in by_code:
            errors[by_code[problem.params["code"]]] = render(problem, lang)
    return errors


@router.post("/m/{slug}/stakeholders/rounds/{code}")
async def round_record(
    request: Request, slug: str, code: str, user: CurrentUser, form: PostedForm
) -> Response:
    """ "Kaydet": the scores of every row, the reasons of the changed ones, the contacts."""
    lang = language(request)
    view = stakeholder_rounds(user.email, slug)
    view.find(code)  # a round that does not exist is not found, never opened from here
    version = str(form.get("version", ""))
    try:
        result = reassess(
            user.email, slug, code, _entries(form, view), version=int(version) if version.isdigit() else None
        )
    except (InvalidInput, TransitionRefused, StaleVersion) as refused:
        values = {k: str(v) for k, v in form.items()}
        return _page(request, user, view, code, 422, errors=_beside(refused, view, lang), values=values)
    flash(
        request, message("rounds.recorded", lang, label=code, count=result.recorded, contacts=result.contacts)
    )
    return RedirectResponse(_url(slug, code), status_code=303)
