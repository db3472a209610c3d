"""Where a release's files (docx, pdf, json, csv, README) live: the file store, under their sha256,
like every other document (``roadmap.store.files``).

A reference is ``sha256:<hash>``; the release's row lists each file's reference, hash and size, and
registers them in ``stored_file`` in the transaction that writes the release, so ``store prune`` and
``store check`` see them (a published file is never pruned).
"""

from __future__ import annotations

import mimetypes

from sqlmodel import Session

from roadmap.store.files import file_store, register_file

PREFIX = "sha256:"


def save_release_file(name: str, data: bytes) -> str:
    """Put one file of a release in the store; returns its reference."""
    return PREFIX + file_store().put(data)


def register_release_files(session: Session, files: dict[str, dict[str, object]], actor: str) -> None:
    """Record a release's files in the database, in the transaction that writes the release."""
    for name, entry in files.items():
        media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        register_file(session, str(entry["sha256"]), int(str(entry["size"])), media_type, actor)


def read_release_file(ref: str, name: str = "") -> bytes:
    """A release file's bytes, by the reference :func:`save_release_file` returned (the name is for
    the error that says which file is missing)."""
    return file_store().get(ref.removeprefix(PREFIX), name)
