"""Sessions, CSRF and sign-in throttling for the web app (libraries do the cryptography)."""

from __future__ import annotations

import os
import secrets
from functools import lru_cache

from fastapi import Request
from fastapi_csrf_protect import CsrfProtect
from fastapi_csrf_protect.exceptions import CsrfProtectError
from itsdangerous import BadData, URLSafeTimedSerializer
from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from pydantic import BaseModel
from sqlmodel import select
from starlette.responses import Response

from roadmap.settings import get_settings
from roadmap.store.db import unit_of_work
from roadmap.store.tables import User

CSRF_FIELD = "csrf_token"
CSRF_COOKIE = "roadmap_csrf"
SESSION_COOKIE = "roadmap_session"
SESSION_HOURS = 10
# Five attempts a minute per account: enough for typos, too few for guessing. Per address more, since a
# municipality's training room signs in twenty people at once from behind one address.
SIGN_IN_LIMIT = RateLimitItemPerMinute(5)
ADDRESS_LIMIT = RateLimitItemPerMinute(40)


@lru_cache
def secret_key() -> str:
    """ROADMAP_SECRET_KEY, or a random key kept (owner-only) in the data folder across restarts."""
    configured = get_settings().secret_key
    if configured:
        return configured
    path = get_settings().data_dir / "web-secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


class _CsrfSettings(BaseModel):
    secret_key: str
    cookie_key: str = CSRF_COOKIE
    cookie_samesite: str = "lax"
    cookie_secure: bool = False
    token_location: str = "body"
    token_key: str = CSRF_FIELD
    max_age: int = SESSION_HOURS * 3600


def configure_csrf() -> CsrfProtect:
    # load_config only iterates the settings as (key, value) pairs, which any pydantic model gives;
    # its annotation names BaseSettings, which would also read the environment.
    @CsrfProtect.load_config  # type: ignore[arg-type]
    def _config() -> _CsrfSettings:
        return _CsrfSettings(secret_key=secret_key(), cookie_secure=get_settings().web_https)

    return CsrfProtect()


def csrf_token(request: Request, response: Response, protect: CsrfProtect) -> str:
    """The form token for this browser: the one its cookie already signs, or a new one."""
    signed = request.cookies.get(CSRF_COOKIE)
    if signed:
        try:
            token: str = URLSafeTimedSerializer(secret_key(), salt="fastapi-csrf-token").loads(
                signed, max_age=SESSION_HOURS * 3600
            )
            return token
        except BadData:
            pass
    token, signed = protect.generate_csrf_tokens()
    protect.set_csrf_cookie(signed, response)
    return token


async def csrf_valid(request: Request, protect: CsrfProtect) -> bool:
    await request.form()  # the library reads the token from the parsed form
    try:
        await protect.validate_csrf(request)
    except CsrfProtectError:
        return False
    return True


_limiter = MovingWindowRateLimiter(MemoryStorage())


def sign_in_allowed(address: str, email: str) -> bool:
    """False once the address or the account has used up its minute of failed sign-ins (a person who
    signs in and out on several devices is never locked out by succeeding)."""
    by_address = _limiter.test(ADDRESS_LIMIT, "sign-in-address", address)
    by_account = _limiter.test(SIGN_IN_LIMIT, "sign-in-account", email.strip().lower())
    return by_address and by_account


def sign_in_failed(address: str, email: str) -> None:
    """Count a failed sign-in against the address and the account."""
    _limiter.hit(ADDRESS_LIMIT, "sign-in-address", address)
    _limiter.hit(SIGN_IN_LIMIT, "sign-in-account", email.strip().lower())


RESET_LIMIT = RateLimitItemPerMinute(3)  # password-reset e-mails asked for one address


def reset_allowed(address: str, email: str) -> bool:
    """False once the address or the e-mail address has asked for too many reset links this minute."""
    by_address = _limiter.test(ADDRESS_LIMIT, "reset-address", address)
    return by_address and _limiter.test(RESET_LIMIT, "reset-account", email.strip().lower())


def reset_requested(address: str, email: str) -> None:
    _limiter.hit(ADDRESS_LIMIT, "reset-address", address)
    _limiter.hit(RESET_LIMIT, "reset-account", email.strip().lower())


def reset_sign_in_limits() -> None:
    _limiter.storage.reset()


def session_user(request: Request) -> User | None:
    user_id = request.session.get("uid")
    if user_id is None:
        return None
    with unit_of_work() as session:
        user = session.exec(select(User).where(User.id == user_id)).first()
    # A changed password ends the sessions started with the old one.
    if user is None or request.session.get("pw") != user.password_hash[-16:]:
        return None
    return user
