"""What the app and its pages share: the templates, the reader's language, the signed-in person,
the checked form, notices, and rendering a page or an error page.

Its own module so that ``app`` (which includes the pages' router) and ``pages`` (whose routes
render through these) can both import it without importing one another.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import jinja2
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from roadmap.domain.stages import Role, Stage
from roadmap.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from roadmap.services.municipalities import list_municipalities
from roadmap.services.notifications import unread_count
from roadmap.settings import TEMPLATES_DIR, Language
from roadmap.store.stamped import current_stamp, kept_as_of
from roadmap.store.tables import User
from roadmap.text import hours, local_day, local_time, long_date, money, number, quarter_name
from roadmap.web import security

STATIC_DIR = Path(__file__).resolve().parent / "static"
LANG_COOKIE = "roadmap_lang"


class SignInRequired(Exception):
    """No signed-in person: the page sends them to the sign-in form and back."""


class CsrfRefused(Exception):
    """A form without this browser's token: refused, nothing changed."""


templates = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR / "web")),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
)
templates.env.globals.update(Stage=Stage, Role=Role, quote=quote, local_time=local_time, local_day=local_day)
templates.env.filters.update(money=money, number=number, hours=hours)


def language(request: Request) -> Language:
    """The reader's language: their choice on the page, else Turkish (the product speaks Turkish first)."""
    chosen = request.cookies.get(LANG_COOKIE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def current_user(request: Request) -> User:
    user = security.session_user(request)
    if user is None:
        raise SignInRequired()
    return user


async def checked_form(request: Request) -> Any:
    """The posted form, if it carries this browser's CSRF token; otherwise refused."""
    if not await security.csrf_valid(request, request.app.state.csrf):
        raise CsrfRefused()
    return await request.form()


# What a route's signature says it needs: the signed-in person, and a form carrying this browser's token.
CurrentUser = Annotated[User, Depends(current_user)]
PostedForm = Annotated[Any, Depends(checked_form)]


def flash(request: Request, text: str, kind: str = "ok") -> None:
    # Assigned, not appended in place: the session is saved only when an item is set (Starlette marks it
    # modified then), so a notice added to one still pending from an earlier request would be lost.
    request.session["flash"] = [*request.session.get("flash", []), [kind, text]]


def _language_names(lang: Language) -> dict[str, Any]:
    """What templates call to speak the reader's language."""
    return {
        "lang": lang,
        # jinja2.ext.i18n's names: ``_("key", name=…)``; a ``count`` parameter picks the plural form.
        "_": lambda key, **params: translate(key, lang, **params),
        "t": lambda key, **params: translate(key, lang, **params),  # the macros' parameter name
        "gettext": lambda key, **params: translate(key, lang, **params),
        "ngettext": lambda key, _plural, count, **params: translate(key, lang, count=count, **params),
        "date": lambda value: long_date(value, lang) if value else "",
        # a stored moment as a reader writes it: "5 Aralık 2026 04:56" (Türkiye time)
        "quarter": lambda label: quarter_name(label, lang),  # "2027-Q1" as "Ocak–Mart 2027"
        "moment": lambda value: (
            f"{long_date(local_day(value), lang)} {local_time(value)[-5:]}" if value else ""
        ),
    }


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a page in the reader's language, with their CSRF token and any pending notices."""
    lang = language(request)
    response = HTMLResponse("", status_code=status_code)
    token = security.csrf_token(request, response, request.app.state.csrf)
    notices = request.session.pop("flash", []) if "session" in request.scope else []
    html = templates.get_template(template).render(
        request=request,
        **_language_names(lang),
        csrf_field=security.CSRF_FIELD,
        csrf_token=token,
        notices=notices,
        path=request.url.path + (f"?{request.url.query}" if request.url.query else ""),  # filters kept
        unread=unread_count(context["user"].email) if context.get("user") else 0,
        **context,
    )
    response.body = response.render(html)
    response.headers["content-length"] = str(len(response.body))
    return response


def kept_page(route: Callable[..., Response]) -> Callable[..., Response]:
    """For a page whose HTML follows from the database, the reader, their browser's form token, their
    language, the address and the day alone: kept per process until the next write to the database
    (the change stamp), and served again to the same person in the same browser. A page with notices
    to show, or one that sets a cookie, is always made afresh."""

    @functools.wraps(route)
    def serve(request: Request, *args: Any, **kwargs: Any) -> Response:
        user: User | None = kwargs.get("user")
        token = request.cookies.get(security.CSRF_COOKIE)
        if user is None or not token or request.session.get("flash"):
            return route(request, *args, **kwargs)
        stamp = current_stamp()  # read before the page is made: the page is never older than it
        key = (
            "page",
            user.id,
            user.password_hash[-16:],
            token,
            language(request),
            str(request.url),
            date.today(),
        )
        made: list[Response] = []

        def make() -> tuple[int, bytes, str] | None:
            made.append(route(request, *args, **kwargs))
            response = made[0]
            if response.status_code != 200 or "set-cookie" in response.headers:
                return None
            return response.status_code, bytes(response.body), response.media_type or "text/html"

        kept_response = kept_as_of(stamp, key, make)
        if made:
            return made[0]  # made just now, for this request
        if kept_response is None:  # made before and not to be kept: make it again
            return route(request, *args, **kwargs)
        status, body, media_type = kept_response
        return Response(body, status_code=status, media_type=media_type)

    return serve


def fragment_html(template: str, lang: Language, **context: Any) -> Markup:
    """A template that a page includes, rendered on its own (the same text as when included), for a
    page to keep and reuse; ``context`` holds every name it reads besides the language's."""
    return Markup(templates.get_template(template).render(**_language_names(lang), **context))


def macro_html(template: str, macro: str, lang: Language, *args: Any) -> Markup:
    """One of a template's macros rendered on its own, in the reader's language (its text is the
    same as when a page calls it; a page can keep it and reuse it)."""
    module = templates.get_template(template).module
    html: Markup = getattr(module, macro)(*args, lambda key, **params: translate(key, lang, **params))
    return html


def error_page(request: Request, status: int, text: str, problems: list[str] | None = None) -> HTMLResponse:
    user = security.session_user(request) if "session" in request.scope else None
    return page(
        request,
        "error.html",
        status_code=status,
        status=status,
        text=text,
        problems=problems or [],
        user=user,
        places=places_for(user, language(request)),
    )


def places_for(user: User | None, lang: Language) -> list[tuple[str, str]]:
    """Where a person can go from an error page (links, never a command): their own pages by role."""
    if user is None:
        return [("/login", translate("web.error.sign_in", lang))]
    if user.role == Role.TEAM_MEMBER.value:
        own = [
            (f"/m/{m.slug}", translate("web.error.own", lang, name=m.name))
            for m in list_municipalities(user.email)[:1]
        ]
        return [*own, ("/notifications", translate("web.nav.notices", lang))]
    pages = [
        ("/review", "web.nav.review"),
        ("/cohort", "web.nav.cohort"),
        ("/notifications", "web.nav.notices"),
    ]
    if user.role == Role.COORDINATOR.value:
        pages = [pages[1], pages[0], pages[2]]
    return [(href, translate(key, lang)) for href, key in pages]
