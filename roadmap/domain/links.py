"""Secrets for private links (a draft, a confirmation, a calendar feed): made at random, kept only as
their SHA-256, so a copy of the database opens nothing (pure)."""

from __future__ import annotations

import hashlib
import secrets


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> tuple[str, str]:
    """A new link secret and the hash that is kept of it."""
    secret = secrets.token_urlsafe(32)
    return secret, digest(secret)
