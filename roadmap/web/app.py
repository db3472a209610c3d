"""The web app: server-rendered pages over the same services as the CLI (``roadmap serve``).

Routes decide nothing about who may see what: every page calls a service with the signed-in
person's e-mail, and the service's one access check (``roadmap.services.access.can_see``) answers.
A municipality someone may not see is "not found", exactly like one that does not exist.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from roadmap.errors import (
    InvalidInput,
    NotFound,
    PermissionDenied,
    RoadmapError,
    StaleVersion,
    TransitionRefused,
)
from roadmap.i18n import message
from roadmap.imports.files import MAX_BYTES
from roadmap.settings import get_settings
from roadmap.web import account, actors, admin, apply, calls, monitoring, office, rounds, security, support
from roadmap.web.pages import router
from roadmap.web.public import router as public_router

# The shared helpers live in ``rendering`` (so that ``pages`` need not import this module);
# they stay importable from here.
from roadmap.web.rendering import (
    LANG_COOKIE,
    STATIC_DIR,
    CsrfRefused,
    SignInRequired,
    checked_form,
    current_user,
    error_page,
    flash,
    language,
    page,
    templates,
)

__all__ = [
    "LANG_COOKIE",
    "STATIC_DIR",
    "CsrfRefused",
    "SignInRequired",
    "checked_form",
    "create_app",
    "current_user",
    "error_page",
    "flash",
    "language",
    "page",
    "templates",
]


SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


class SecurityHeaders:
    """Every answer carries the security headers (unless a route set its own); a request declaring
    a body over the upload limit is refused before it is read.

    Plain ASGI rather than ``@app.middleware("http")``, whose request/response streams cost about a
    millisecond a request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BYTES + 1024 * 1024:  # refused before it is read
            lang = language(request)
            text = message(
                "input.too_big", lang, path=message("web.upload.file", lang), limit=MAX_BYTES // 1024 // 1024
            )
            await self._with_headers(error_page(request, 413, text))(scope, receive, send)
            return

        async def send_with_headers(event: Message) -> None:
            if event["type"] == "http.response.start":
                headers = MutableHeaders(scope=event)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(event)

        await self.app(scope, receive, send_with_headers)

    @staticmethod
    def _with_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def create_app() -> FastAPI:
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

    app.add_middleware(SecurityHeaders)

    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(router)
    app.include_router(admin.router)
    app.include_router(account.router)
    app.include_router(actors.router)
    app.include_router(support.router)
    app.include_router(public_router)
    app.include_router(rounds.router)
    app.include_router(monitoring.router)
    app.include_router(apply.router)
    app.include_router(office.router)
    app.include_router(calls.router)

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
