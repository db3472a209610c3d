"""The programme office's pages for signed-in people: events (registration, check-in, attendance),
a municipality's hours and consulting log, and the calendar with its private iCalendar feed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import segno
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from roadmap.domain.hours import EVENT_KINDS
from roadmap.domain.stages import Role
from roadmap.errors import InvalidInput, NotFound, PermissionDenied, TransitionRefused
from roadmap.i18n import message
from roadmap.mail import site_link
from roadmap.services.calendar import calendar_entries, calendar_feed, new_feed_link
from roadmap.services.cohorts import list_cohorts
from roadmap.services.consulting import consulting_log, record_consulting
from roadmap.services.event_attendance import check_in, checkin_code, import_event_attendance, tick_attendance
from roadmap.services.events import add_event, event_people, list_events, register
from roadmap.services.hours import hours_report
from roadmap.text import ISTANBUL
from roadmap.web.admin import form_text
from roadmap.web.pages import _require_visible
from roadmap.web.rendering import CurrentUser, PostedForm, flash, language, page
from roadmap.web.uploads import UploadOwner, forget_upload, keep_upload

router = APIRouter()


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _when(text: str) -> datetime:
    """A date and time from a form's ``datetime-local`` field, in Türkiye's time."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput("input.bad_date", field="starts", value=text) from None
    return value if value.tzinfo else value.replace(tzinfo=ISTANBUL)


# --- events ------------------------------------------------------------------------------------


def _events_page(
    request: Request, user: Any, status: int = 200, errors: dict[str, str] | None = None, values: Any = None
) -> Response:
    cohorts = list_cohorts(user.email) if user.role == Role.COORDINATOR.value else []
    return page(
        request,
        "events.html",
        status,
        user=user,
        rows=list_events(user.email),
        cohorts=cohorts,
        kinds=EVENT_KINDS,
        errors=errors or {},
        values=values or {},
    )


@router.get("/events")
def events_page(request: Request, user: CurrentUser) -> Response:
    return _events_page(request, user)


@router.post("/events")
async def events_add(request: Request, user: CurrentUser, form: PostedForm) -> Response:
    lang = language(request)
    try:
        hours = float(form_text(form, "hours").replace(",", ".") or 0)
        event = add_event(
            user.email,
            form_text(form, "cohort"),
            form_text(form, "kind"),
            form_text(form, "title"),
            _when(form_text(form, "starts")),
            hours,
            form_text(form, "online_link"),
            form_text(form, "place"),
        )
    except ValueError:
        return _events_page(request, user, 422, {"hours": message("form.error.number", lang)}, form)
    except (InvalidInput, NotFound) as refused:
        field = str(refused.message.params.get("field") or "form")
        return _events_page(request, user, 422, {field: refused.text(lang)}, form)
    flash(request, message("web.events.added", lang, title=event.title))
    return _redirect(f"/events/{event.id}")


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: int, user: CurrentUser) -> Response:
    row, people = event_people(user.email, event_id)
    context: dict[str, Any] = {}
    if user.role == Role.COORDINATOR.value:
        link = site_link(f"/checkin/{checkin_code(user.email, event_id)}")
        context = {"checkin": link, "qr": segno.make(link, error="m").svg_data_uri(scale=4)}
    return page(request, "event.html", user=user, row=row, people=people, **context)


@router.post("/events/{event_id}/register")
async def event_register(request: Request, event_id: int, user: CurrentUser, _: PostedForm) -> Response:
    try:
        register(user.email, event_id)
    except PermissionDenied as refused:
        flash(request, refused.text(language(request)), "error")
    else:
        flash(request, message("web.events.registered", language(request)))
    return _redirect(f"/events/{event_id}")


@router.post("/events/{event_id}/tick")
async def event_tick(request: Request, event_id: int, user: CurrentUser, form: PostedForm) -> Response:
    tick_attendance(user.email, event_id, form_text(form, "email"), form_text(form, "present") == "yes")
    flash(request, message("web.saved", language(request)))
    return _redirect(f"/events/{event_id}#people")


@router.post("/events/{event_id}/attendance")
async def event_attendance(request: Request, event_id: int, user: CurrentUser, form: PostedForm) -> Response:
    lang = language(request)
    event_people(user.email, event_id)  # "not found" before anything is read
    try:
        # Read and removed within this request: no token is handed out, so the owner note only records
        # the uploader (an event's sheet belongs to no municipality or stage).
        assert user.id is not None  # a signed-in person is a stored account
        path = await keep_upload(form, UploadOwner(user_id=user.id, municipality_id=0, stage=-1))
    except InvalidInput as refused:
        flash(request, refused.text(lang), "error")
        return _redirect(f"/events/{event_id}")
    try:
        result = import_event_attendance(user.email, event_id, path)
    except InvalidInput as refused:
        flash(request, "\n".join([refused.text(lang), *refused.details(lang)]), "error")
        return _redirect(f"/events/{event_id}")
    finally:
        forget_upload(path)
    flash(
        request,
        message(
            "event.attendance",
            lang,
            title=result.event,
            rows=result.rows,
            credited=len(result.credited),
            already=result.already,
        ),
    )
    for problem in result.unmatched:
        flash(request, problem.text(lang), "warning")
    return _redirect(f"/events/{event_id}#people")


@router.get("/checkin/{code}")
def checkin_page(request: Request, code: str, user: CurrentUser) -> Response:
    return page(request, "checkin.html", user=user, code=code)


@router.post("/checkin/{code}")
async def checkin(request: Request, code: str, user: CurrentUser, _: PostedForm) -> Response:
    lang = language(request)
    try:
        title = check_in(user.email, code)
    except (TransitionRefused, PermissionDenied) as refused:
        flash(request, refused.text(lang), "error")
    else:
        flash(request, message("web.events.checked_in", lang, title=title))
    return _redirect("/events")


# --- a municipality's hours and consulting log ---------------------------------------------------


@router.get("/m/{slug}/hours")
def hours_page(request: Request, slug: str, user: CurrentUser) -> Response:
    return page(request, "hours.html", user=user, slug=slug, report=hours_report(user.email, slug))


def _consulting_page(
    request: Request,
    user: Any,
    slug: str,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: Any = None,
) -> Response:
    municipality = _require_visible(user, slug)
    return page(
        request,
        "consulting.html",
        status,
        user=user,
        slug=slug,
        name=municipality.name,
        entries=consulting_log(user.email, slug),
        may_record=user.role in (Role.CONSULTANT.value, Role.COORDINATOR.value),
        errors=errors or {},
        values=values or {},
        today=date.today().isoformat(),
    )


@router.get("/m/{slug}/consulting")
def consulting_page(request: Request, slug: str, user: CurrentUser) -> Response:
    return _consulting_page(request, user, slug)


@router.post("/m/{slug}/consulting")
async def consulting_add(request: Request, slug: str, user: CurrentUser, form: PostedForm) -> Response:
    _require_visible(user, slug)  # someone who may not see it learns nothing more than "not found"
    lang = language(request)
    try:
        try:
            day = date.fromisoformat(form_text(form, "held_on"))
        except ValueError:
            raise InvalidInput("form.error.date", field="held_on") from None
        record_consulting(
            user.email,
            slug,
            day,
            form_text(form, "people"),
            form_text(form, "topics"),
            form_text(form, "next_steps"),
        )
    except InvalidInput as refused:
        field = str(refused.message.params.get("field") or "form")
        return _consulting_page(request, user, slug, 422, {field: refused.text(lang)}, form)
    flash(request, message("web.saved", lang))
    return _redirect(f"/m/{slug}/consulting")


# --- the calendar -----------------------------------------------------------------------------


@router.get("/calendar")
def calendar_page(request: Request, user: CurrentUser) -> Response:
    lang = language(request)
    entries = calendar_entries(user.email)
    titles = [e.label(lang) for e in entries]
    feed = request.session.pop("feed", "")
    return page(
        request, "calendar.html", user=user, entries=list(zip(entries, titles, strict=True)), feed=feed
    )


@router.post("/calendar/feed")
async def calendar_new_feed(request: Request, user: CurrentUser, _: PostedForm) -> Response:
    request.session["feed"] = site_link(new_feed_link(user.email))  # shown once, on the next page
    return _redirect("/calendar#feed")


@router.get("/calendar/{secret}.ics")
def calendar_ics(secret: str) -> Response:
    return Response(
        calendar_feed(secret),
        media_type="text/calendar; charset=utf-8",
        headers={
            "Cache-Control": "private, max-age=300",
            "Content-Disposition": 'inline; filename="takvim.ics"',
        },
    )
