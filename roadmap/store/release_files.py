"""Where a release's files (docx, pdf, json, csv, README) live: one pair of functions, so that they
can move onto the shared file store without their callers noticing.

Today: ``<data_dir>/releases/<slug>/<number>-<token>/<name>``, written atomically; the reference
returned is that path relative to the data directory.
"""

from __future__ import annotations

import re
from pathlib import Path

from roadmap.atomic import write_atomically
from roadmap.errors import NotFound
from roadmap.settings import get_settings

FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,120}")


def _root() -> Path:
    return (get_settings().data_dir / "releases").resolve()


def save_release_file(release: str, name: str, data: bytes) -> str:
    """Keep one file of a release (``release``: "<slug>/<number>-<token>"); returns its reference."""
    if not FILE_NAME.fullmatch(name) or not all(FILE_NAME.fullmatch(part) for part in release.split("/")):
        raise ValueError(f"not a release file name: {release}/{name}")
    path = _root() / release / name
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda temporary: temporary.write_bytes(data))
    return f"releases/{release}/{name}"


def read_release_file(ref: str) -> bytes:
    """A release file's bytes, by the reference :func:`save_release_file` returned."""
    root = _root()
    path = (root.parent / ref).resolve()
    if root not in path.parents or not path.is_file():
        raise NotFound("notfound.release_file", name=Path(ref).name)
    return path.read_bytes()
