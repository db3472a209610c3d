"""A person's own account pages: their e-mail preferences, and setting a password through a one-time
link (an invitation, or "Parolamı unuttum" on the sign-in page)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from roadmap.errors import InvalidInput
from roadmap.i18n import message
from roadmap.services.accounts import redeem_token, request_password_reset, token_purpose
from roadmap.services.notifications import NOTIFY_MODES, my_preferences, set_preferences
from roadmap.web import security
from roadmap.web.admin import beside, form_text
from roadmap.web.rendering import CurrentUser, PostedForm, flash, language, page

router = APIRouter()


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


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
        set_preferences(user.email, form_text(form, "notify_mode"), form_text(form, "language"))
    except InvalidInput as refused:
        prefs = my_preferences(user.email)
        return page(
            request,
            "preferences.html",
            422,
            user=user,
            prefs=prefs,
            modes=NOTIFY_MODES,
            errors=beside(refused, request, ("notify_mode", "language")),
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
    email = form_text(form, "email")
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
            errors = beside(refused, request, ("password", "again"))
    if errors:
        return page(request, "password_set.html", 422, user=None, purpose=purpose, token=token, errors=errors)
    flash(request, message("web.password.set", lang))
    return _redirect(f"/login?email={quote(user.email)}")
