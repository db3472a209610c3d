"""Administration pages: municipalities, people and roles, invitations, consultant assignments and
cohort membership (a person's own account pages are in ``roadmap.web.account``).

Every change is one service call with the same rules as the CLI; a refused change is the app's error
page, a wrong value the same form again with the reason beside its field (422).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from roadmap.domain.stages import Role
from roadmap.errors import InvalidInput, NotFound, RoadmapError
from roadmap.i18n import message
from roadmap.services.accounts import invite
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
from roadmap.services.people import change_person, list_people, person
from roadmap.settings import Language
from roadmap.store.tables import User
from roadmap.text import fold_name
from roadmap.web.pages import _require_visible  # the one "not found unless visible" of the pages
from roadmap.web.rendering import CurrentUser, PostedForm, flash, language, page

router = APIRouter()
ROLES = [role.value for role in Role]
PAGE_SIZE = 100  # rows per page of the people and municipality tables


def _paged(rows: list[Any], number: int) -> dict[str, Any]:
    """One page of a long table, and what its pager needs."""
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    number = min(max(number, 1), pages)
    shown = rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    return {"rows": shown, "total": len(rows), "pages": pages, "page_number": number}


KIND_KEYS = dict(zip(KINDS, ("metropolitan", "province", "district", "town"), strict=True))


def _kinds(request: Request) -> list[tuple[str, str]]:
    """The kinds of municipality, as the reader's language names them."""
    return [(kind, message(f"municipality.kind.{KIND_KEYS[kind]}", language(request))) for kind in KINDS]


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def beside(error: RoadmapError, request: Request, fields: tuple[str, ...]) -> dict[str, str]:
    """A refused value's reason, keyed by the form's field it is about (the services name it), or
    "form" (shown above the form) when the form has no such field."""
    field = str(error.message.params.get("field") or "")
    return {field if field in fields else "form": error.text(language(request))}


def form_text(form: Any, name: str) -> str:
    return str(form.get(name, "")).strip()


# --- municipalities ------------------------------------------------------------------------


def _municipalities_page(
    request: Request,
    user: User,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: Any = None,
    q: str = "",
    number: int = 1,
) -> Response:
    rows = municipality_details(user.email, manage=True)
    if q.strip():  # Turkish-aware, as on the cohort page
        needle = fold_name(q.strip())
        rows = [m for m in rows if any(needle in fold_name(t) for t in (m.name, m.province, m.slug))]
    return page(
        request,
        "admin_municipalities.html",
        status,
        user=user,
        section="municipalities",
        kind_names=dict(_kinds(request)),
        q=q,
        **_paged(rows, number),
        kinds=_kinds(request),
        errors=errors or {},
        values=values or {},
    )


@router.get("/admin/municipalities")
def municipalities_page(
    request: Request, user: CurrentUser, q: str = "", number: Annotated[int, Query(alias="page")] = 1
) -> Response:
    return _municipalities_page(request, user, q=q, number=number)


@router.post("/admin/municipalities")
async def municipality_add(request: Request, user: CurrentUser, form: PostedForm) -> Response:
    values = {k: form_text(form, k) for k in ("slug", "name", "province", "kind")}
    try:
        added = add_municipality(
            user.email, values["slug"], values["name"], values["province"], kind=values["kind"]
        )
    except InvalidInput as refused:
        return _municipalities_page(request, user, 422, beside(refused, request, tuple(values)), values)
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
    values = {k: form_text(form, k) for k in ("name", "province", "kind")}
    try:
        edit_municipality(user.email, slug, values["name"], values["province"], values["kind"])
    except InvalidInput as refused:
        return _municipality_page(request, user, slug, 422, beside(refused, request, tuple(values)), values)
    flash(request, message("web.saved", language(request)))
    return _redirect(f"/admin/municipalities/{slug}")


@router.post("/admin/municipalities/{slug}/consultants")
async def municipality_consultants(
    request: Request, slug: str, user: CurrentUser, form: PostedForm
) -> Response:
    _require_visible(user, slug)
    consultant = form_text(form, "consultant")
    lang = language(request)
    try:
        if form.get("action") == "unassign":
            unassign_consultant(user.email, slug, consultant)
            flash(request, message("user.unassigned", lang, email=consultant, slug=slug))
        else:
            assign_consultant(user.email, slug, consultant)
            flash(request, message("user.assigned", lang, email=consultant, slug=slug))
    except InvalidInput as refused:
        fields = ("consultant",) if form.get("action") != "unassign" else ()
        return _municipality_page(request, user, slug, 422, beside(refused, request, fields))
    return _redirect(f"/admin/municipalities/{slug}")


# --- people ------------------------------------------------------------------------------


def _people_page(
    request: Request,
    user: User,
    q: str = "",
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: Any = None,
    number: int = 1,
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
        q=q,
        **_paged(people, number),
        roles=ROLES if coordinator else [Role.TEAM_MEMBER.value],
        places=[(m.slug, m.name) for m in places],
        errors=errors or {},
        values=values or {"role": Role.TEAM_MEMBER.value, "lang": language(request)},
    )


@router.get("/admin/people")
def people_page(
    request: Request, user: CurrentUser, q: str = "", number: Annotated[int, Query(alias="page")] = 1
) -> Response:
    return _people_page(request, user, q, number=number)


@router.post("/admin/people")
async def people_invite(request: Request, user: CurrentUser, form: PostedForm) -> Response:
    values = {k: form_text(form, k) for k in ("email", "name", "role", "municipality", "lang")}
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
        return _people_page(request, user, "", 422, beside(refused, request, tuple(values)), values)
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
    role = form_text(form, "role")
    if role not in ROLES:
        return _person_page(
            request, user, person_id, 422, {"role": message("form.error.choice", language(request))}
        )
    try:
        change_person(user.email, shown.email, Role(role), form_text(form, "municipality") or None)
    except InvalidInput as refused:
        return _person_page(request, user, person_id, 422, beside(refused, request, ("role", "municipality")))
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
    municipality, consultant = form_text(form, "municipality"), form_text(form, "consultant")
    places, people = [municipality] if municipality else [], [consultant] if consultant else []
    try:
        if form.get("action") == "remove":
            remove_from_cohort(user.email, slug, places, people)
        else:
            add_to_cohort(user.email, slug, places, people)
    except InvalidInput as refused:
        fields = ("municipality", "consultant") if form.get("action") != "remove" else ()
        return _cohort_page(request, user, slug, 422, beside(refused, request, fields))
    flash(request, message("web.saved", language(request)))
    return _redirect(f"/admin/cohorts?cohort={slug}")
