"""Administration pages: municipalities, people and roles, invitations, consultant assignments and
cohort membership; each person's e-mail preferences; invitations and password resets by one-time link.

Every change is one service call with the same rules as the CLI; a refused change is the app's error
page, a wrong value the same form again with the reason beside its field (422).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from roadmap.domain.stages import Role
from roadmap.errors import InvalidInput, NotFound, RoadmapError
from roadmap.i18n import message
from roadmap.services.access import resolve_actor, visible_municipality
from roadmap.services.accounts import invite, redeem_token, request_password_reset, token_purpose
from roadmap.services.cohorts import (
    add_to_cohort,
    cohort_consultants,
    cohort_members,
    list_cohorts,
    remove_from_cohort,
)
from roadmap.services.municipalities import (
    KINDS,
    add_municipality,
    assign_consultant,
    edit_municipality,
    municipality_details,
    unassign_consultant,
)
from roadmap.services.notifications import NOTIFY_MODES, my_preferences, set_preferences
from roadmap.services.people import change_person, list_people, person
from roadmap.settings import Language
from roadmap.store.db import unit_of_work
from roadmap.store.tables import Municipality, User
from roadmap.web import security
from roadmap.web.rendering import checked_form, current_user, flash, language, page

router = APIRouter()
CurrentUser = Annotated[User, Depends(current_user)]
PostedForm = Annotated[Any, Depends(checked_form)]
ROLES = [role.value for role in Role]
KIND_KEYS = dict(zip(KINDS, ("metropolitan", "province", "district", "town"), strict=True))


def _kinds(request: Request) -> list[tuple[str, str]]:
    """The kinds of municipality, as the reader's language names them."""
    return [(kind, message(f"municipality.kind.{KIND_KEYS[kind]}", language(request))) for kind in KINDS]


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _require_visible(user: User, slug: str) -> Municipality:
    """Not found, unless this person may see the municipality (the services' one access check)."""
    with unit_of_work() as session:
        return visible_municipality(session, resolve_actor(session, user.email), slug)


def _beside(error: RoadmapError, request: Request) -> dict[str, str]:
    """A refused value's reason, keyed by the form field it is about (the services name it)."""
    return {str(error.message.params.get("field") or "form"): error.text(language(request))}


def _text(form: Any, name: str) -> str:
    return str(form.get(name, "")).strip()


# --- municipalities ------------------------------------------------------------------------


def _municipalities_page(
    request: Request, user: User, status: int = 200, errors: dict[str, str] | None = None, values: Any = None
) -> Response:
    return page(
        request,
        "admin_municipalities.html",
        status,
        user=user,
        section="municipalities",
        rows=municipality_details(user.email, manage=True),
        kinds=_kinds(request),
        errors=errors or {},
        values=values or {},
    )


@router.get("/admin/municipalities")
def municipalities_page(request: Request, user: CurrentUser) -> Response:
    return _municipalities_page(request, user)


@router.post("/admin/municipalities")
async def municipality_add(request: Request, user: CurrentUser, form: PostedForm) -> Response:
    values = {k: _text(form, k) for k in ("slug", "name", "province", "kind")}
    try:
        added = add_municipality(
            user.email, values["slug"], values["name"], values["province"], kind=values["kind"]
        )
    except InvalidInput as refused:
        return _municipalities_page(request, user, 422, _beside(refused, request), values)
    flash(request, message("municipality.added", language(request), name=added.name, slug=added.slug))
    return _redirect(f"/admin/municipalities/{added.slug}")


def _municipality_page(
    request: Request,
    user: User,
    slug: str,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: Any = None,
) -> Response:
    details = next((m for m in municipality_details(user.email, manage=True) if m.slug == slug), None)
    if details is None:
        raise NotFound("notfound.municipality", slug=slug)
    consultants = [p for p in list_people(user.email) if p.role == Role.CONSULTANT.value]
    return page(
        request,
        "admin_municipality.html",
        status,
        user=user,
        section="municipalities",
        m=details,
        kinds=_kinds(request),
        consultants=[
            (c.email, f"{c.name} ({c.email})") for c in consultants if c.email not in details.consultants
        ],
        errors=errors or {},
        values=values or details.model_dump(),
    )


@router.get("/admin/municipalities/{slug}")
def municipality_page(request: Request, slug: str, user: CurrentUser) -> Response:
    _require_visible(user, slug)
    return _municipality_page(request, user, slug)


@router.post("/admin/municipalities/{slug}")
async def municipality_edit(request: Request, slug: str, user: CurrentUser, form: PostedForm) -> Response:
    _require_visible(user, slug)
    values = {k: _text(form, k) for k in ("name", "province", "kind")}
    try:
        edit_municipality(user.email, slug, values["name"], values["province"], values["kind"])
    except InvalidInput as refused:
        return _municipality_page(request, user, slug, 422, _beside(refused, request), values)
    flash(request, message("web.saved", language(request)))
    return _redirect(f"/admin/municipalities/{slug}")


@router.post("/admin/municipalities/{slug}/consultants")
async def municipality_consultants(
    request: Request, slug: str, user: CurrentUser, form: PostedForm
) -> Response:
    _require_visible(user, slug)
    consultant = _text(form, "consultant")
    lang = language(request)
    try:
        if form.get("action") == "unassign":
            unassign_consultant(user.email, slug, consultant)
            flash(request, message("user.unassigned", lang, email=consultant, slug=slug))
        else:
            assign_consultant(user.email, slug, consultant)
            flash(request, message("user.assigned", lang, email=consultant, slug=slug))
    except InvalidInput as refused:
        return _municipality_page(request, user, slug, 422, _beside(refused, request))
    return _redirect(f"/admin/municipalities/{slug}")


# --- people ------------------------------------------------------------------------------


def _people_page(
    request: Request,
    user: User,
    q: str = "",
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: Any = None,
) -> Response:
    coordinator = user.role == Role.COORDINATOR.value
    people = list_people(user.email, q)  # refused to a team member
    places = municipality_details(user.email)  # a consultant's: those assigned to them
    return page(
        request,
        "admin_people.html",
        status,
        user=user,
        section="people",
        people=people,
        q=q,
        roles=ROLES if coordinator else [Role.TEAM_MEMBER.value],
        places=[(m.slug, m.name) for m in places],
        errors=errors or {},
        values=values or {"role": Role.TEAM_MEMBER.value, "lang": language(request)},
    )


@router.get("/admin/people")
def people_page(request: Request, user: CurrentUser, q: str = "") -> Response:
    return _people_page(request, user, q)


@router.post("/admin/people")
async def people_invite(request: Request, user: CurrentUser, form: PostedForm) -> Response:
    values = {k: _text(form, k) for k in ("email", "name", "role", "municipality", "lang")}
    if values["role"] not in ROLES:
        values["role"] = Role.TEAM_MEMBER.value
    lang: Language = "en" if values["lang"] == "en" else "tr"
    try:
        invited = invite(
            user.email,
            values["email"],
            values["name"],
            Role(values["role"]),
            values["municipality"] or None,
            lang,
        )
    except InvalidInput as refused:
        return _people_page(request, user, "", 422, _beside(refused, request), values)
    flash(request, message("web.people.invited", language(request), email=invited.email))
    return _redirect("/admin/people")


@router.get("/admin/people/{person_id}")
def person_page(request: Request, person_id: int, user: CurrentUser) -> Response:
    return _person_page(request, user, person_id)


def _person_page(
    request: Request, user: User, person_id: int, status: int = 200, errors: dict[str, str] | None = None
) -> Response:
    shown = person(user.email, person_id)  # refused to all but coordinators
    return page(
        request,
        "admin_person.html",
        status,
        user=user,
        section="people",
        p=shown,
        roles=ROLES,
        places=[(m.slug, m.name) for m in municipality_details(user.email, manage=True)],
        errors=errors or {},
    )


@router.post("/admin/people/{person_id}")
async def person_change(request: Request, person_id: int, user: CurrentUser, form: PostedForm) -> Response:
    shown = person(user.email, person_id)
    role = _text(form, "role")
    if role not in ROLES:
        return _person_page(
            request, user, person_id, 422, {"role": message("form.error.choice", language(request))}
        )
    try:
        change_person(user.email, shown.email, Role(role), _text(form, "municipality") or None)
    except InvalidInput as refused:
        return _person_page(request, user, person_id, 422, _beside(refused, request))
    flash(request, message("web.saved", language(request)))
    return _redirect(f"/admin/people/{person_id}")


# --- cohorts ------------------------------------------------------------------------------


def _cohort_page(
    request: Request, user: User, cohort: str, status: int = 200, errors: dict[str, str] | None = None
) -> Response:
    cohorts = list_cohorts(user.email)
    chosen = cohort or (cohorts[0].slug if cohorts else "")
    members = cohort_members(user.email, chosen) if chosen else {}
    advisers = cohort_consultants(user.email, chosen) if chosen else []
    everyone = municipality_details(user.email, manage=True)
    consultants = [p for p in list_people(user.email) if p.role == Role.CONSULTANT.value]
    return page(
        request,
        "admin_cohorts.html",
        status,
        user=user,
        section="cohorts",
        cohorts=cohorts,
        chosen=chosen,
        members=members,
        advisers=advisers,
        others=[
            (m.slug, f"{m.name} ({m.cohort})" if m.cohort else m.name)
            for m in everyone
            if m.slug not in members
        ],
        consultants=[(c.email, f"{c.name} ({c.email})") for c in consultants if c.email not in advisers],
        errors=errors or {},
    )


@router.get("/admin/cohorts")
def cohorts_page(request: Request, user: CurrentUser, cohort: str = "") -> Response:
    return _cohort_page(request, user, cohort)


@router.post("/admin/cohorts/{slug}")
async def cohort_change(request: Request, slug: str, user: CurrentUser, form: PostedForm) -> Response:
    municipality, consultant = _text(form, "municipality"), _text(form, "consultant")
    places, people = [municipality] if municipality else [], [consultant] if consultant else []
    try:
        if form.get("action") == "remove":
            remove_from_cohort(user.email, slug, places, people)
        else:
            add_to_cohort(user.email, slug, places, people)
    except InvalidInput as refused:
        return _cohort_page(request, user, slug, 422, _beside(refused, request))
    flash(request, message("web.saved", language(request)))
    return _redirect(f"/admin/cohorts?cohort={slug}")


# --- one's own e-mail preferences -------------------------------------------------------------


@router.get("/preferences")
def preferences_page(request: Request, user: CurrentUser) -> Response:
    return page(
        request,
        "preferences.html",
        user=user,
        prefs=my_preferences(user.email),
        modes=NOTIFY_MODES,
        errors={},
    )


@router.post("/preferences")
async def preferences_save(request: Request, user: CurrentUser, form: PostedForm) -> Response:
    try:
        set_preferences(user.email, _text(form, "notify_mode"), _text(form, "language"))
    except InvalidInput as refused:
        prefs = my_preferences(user.email)
        return page(
            request,
            "preferences.html",
            422,
            user=user,
            prefs=prefs,
            modes=NOTIFY_MODES,
            errors=_beside(refused, request),
        )
    flash(request, message("web.saved", language(request)))
    return _redirect("/preferences")


# --- forgotten passwords and invitations: a one-time link ---------------------------------------


@router.get("/password/forgot")
def forgot_page(request: Request) -> Response:
    return page(request, "password_forgot.html", user=None, sent=False, error="")


@router.post("/password/forgot")
async def forgot(request: Request, form: PostedForm) -> Response:
    """The same answer whatever the address, so nobody learns which addresses have an account."""
    address = request.client.host if request.client else "-"
    email = _text(form, "email")
    if not security.reset_allowed(address, email):
        error = message("web.login.throttled", language(request))
        return page(request, "password_forgot.html", 429, user=None, sent=False, error=error)
    security.reset_requested(address, email)
    request_password_reset(email)
    return page(request, "password_forgot.html", user=None, sent=True, error="")


@router.get("/password/set/{token}")
def set_password_page(request: Request, token: str) -> Response:
    purpose = token_purpose(token)  # "not found" for a used, expired or made-up link
    return page(request, "password_set.html", user=None, purpose=purpose, token=token, errors={})


@router.post("/password/set/{token}")
async def set_password(request: Request, token: str, form: PostedForm) -> Response:
    purpose = token_purpose(token)
    password = str(form.get("password", ""))
    lang = language(request)
    errors = {}
    if password != str(form.get("again", "")):
        errors = {"again": message("password.mismatch", lang)}
    else:
        try:
            user = redeem_token(token, password)
        except InvalidInput as refused:
            errors = _beside(refused, request)
    if errors:
        return page(request, "password_set.html", 422, user=None, purpose=purpose, token=token, errors=errors)
    flash(request, message("web.password.set", lang))
    return _redirect(f"/login?email={user.email}")
