"""The web app: server-rendered pages over the same services as the CLI (``roadmap serve``).

Routes decide nothing about who may see what: every page calls a service with the signed-in
person's e-mail, and the service's one access check (``roadmap.services.access.can_see``) answers.
A municipality someone may not see is "not found", exactly like one that does not exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.base import RequestResponseEndpoint
from starlette.middleware.sessions import SessionMiddleware

from roadmap.domain.stages import Role, Stage
from roadmap.errors import (
    InvalidInput,
    NotFound,
    PermissionDenied,
    RoadmapError,
    StaleVersion,
    TransitionRefused,
)
from roadmap.i18n import DEFAULT_LANGUAGE, LANGUAGES, message, translate
from roadmap.imports.files import MAX_BYTES
from roadmap.settings import TEMPLATES_DIR, Language, get_settings
from roadmap.store.tables import User
from roadmap.text import local_time, long_date, money, number
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
templates.env.globals.update(Stage=Stage, Role=Role, quote=quote, local_time=local_time)
templates.env.filters.update(money=money, number=number)


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


def flash(request: Request, text: str, kind: str = "ok") -> None:
    request.session.setdefault("flash", []).append([kind, text])


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a page in the reader's language, with their CSRF token and any pending notices."""
    lang = language(request)
    response = HTMLResponse("", status_code=status_code)
    token = security.csrf_token(request, response, request.app.state.csrf)
    notices = request.session.pop("flash", []) if "session" in request.scope else []
    html = templates.get_template(template).render(
        request=request,
        lang=lang,
        # jinja2.ext.i18n's names: ``_("key", name=…)``; a ``count`` parameter picks the plural form.
        _=lambda key, **params: translate(key, lang, **params),
        t=lambda key, **params: translate(key, lang, **params),  # the macros' parameter name
        gettext=lambda key, **params: translate(key, lang, **params),
        ngettext=lambda key, _plural, count, **params: translate(key, lang, count=count, **params),
        date=lambda value: long_date(value, lang) if value else "",
        csrf_field=security.CSRF_FIELD,
        csrf_token=token,
        notices=notices,
        path=request.url.path,
        **context,
    )
    response.body = response.render(html)
    response.headers["content-length"] = str(len(response.body))
    return response


def create_app() -> FastAPI:
    from roadmap.web.pages import router

    settings = get_settings()
    app = FastAPI(title="Yol Haritası", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.csrf = security.configure_csrf()
    app.add_middleware(
        SessionMiddleware,
        secret_key=security.secret_key(),
        session_cookie=security.SESSION_COOKIE,
        max_age=security.SESSION_HOURS * 3600,
        same_site="lax",
        https_only=settings.web_https,
    )

    @app.middleware("http")
    async def _headers(request: Request, call_next: RequestResponseEndpoint) -> Response:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BYTES + 1024 * 1024:  # refused before it is read
            lang = language(request)
            text = message(
                "input.too_big", lang, path=message("web.upload.file", lang), limit=MAX_BYTES // 1024 // 1024
            )
            return error_page(request, 413, text)
        response = await call_next(request)
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(router)

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, _: SignInRequired) -> Response:
        if request.method == "GET":
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(CsrfRefused)
    async def _csrf(request: Request, _: CsrfRefused) -> Response:
        return error_page(request, 403, message("web.error.csrf", language(request)))

    @app.exception_handler(RoadmapError)
    async def _domain(request: Request, error: RoadmapError) -> Response:
        status = 400
        for kind, code in (
            (NotFound, 404),
            (PermissionDenied, 403),
            (StaleVersion, 409),
            (TransitionRefused, 409),
            (InvalidInput, 422),
        ):
            if isinstance(error, kind):
                status = code
                break
        lang = language(request)
        return error_page(request, status, error.text(lang), error.details(lang))

    @app.exception_handler(404)
    async def _missing(request: Request, _: Exception) -> Response:
        return error_page(request, 404, message("web.error.not_found", language(request)))

    return app


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
    )
