"""A file waiting between "upload" and "import": kept in a folder of its own under a random token, with a
note of whose it is (the person, the municipality and the stage). Every later use (preview, mapping,
import, discard) names all three; a token of someone else, or on another municipality's or stage's
address, is answered exactly like a token that does not exist, so it confirms nothing."""

from __future__ import annotations

import json
import secrets
import shutil
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from roadmap.errors import InvalidInput, NotFound
from roadmap.imports.files import MAX_BYTES
from roadmap.settings import get_settings
from roadmap.web.mapping_form import MAPPING_SUFFIXES

UPLOAD_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx"}
MAX_MAPPING_BYTES = 1024 * 1024
OWNER_NOTE = "upload-owner.json"  # beside the file; its suffix is neither an upload's nor a mapping's


class UploadOwner(BaseModel):
    """Whose upload this is: the uploader's account, the municipality and the stage it was sent to."""

    user_id: int
    municipality_id: int
    stage: int


def _upload_dir() -> Path:
    folder = get_settings().data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def keep_upload(form: Any, owner: UploadOwner) -> Path:
    """Save the posted file under a random token with a note of its owner, refusing a wrong type or an
    oversized file."""
    upload = form.get("file")
    if upload is None or not getattr(upload, "filename", ""):
        raise InvalidInput("web.upload.missing")
    suffix = Path(upload.filename).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InvalidInput(
            "web.upload.type", name=upload.filename, allowed=", ".join(sorted(UPLOAD_SUFFIXES))
        )
    folder = _upload_dir() / secrets.token_urlsafe(16)
    folder.mkdir()
    # The owner is written first: a folder without its note is never anyone's upload.
    (folder / OWNER_NOTE).write_text(owner.model_dump_json(), encoding="utf-8")
    # Kept under the name the person chose (in a folder of its own), so every message names their file.
    name = safe_file_name(upload.filename, suffix)
    target = folder / name
    written = 0
    with open(target, "wb") as handle:
        while chunk := await upload.read(1024 * 1024):
            written += len(chunk)
            if written > MAX_BYTES:
                handle.close()
                forget_upload(target)
                raise InvalidInput("input.too_big", path=name, limit=MAX_BYTES // 1024 // 1024)
            handle.write(chunk)
    return target


def safe_file_name(filename: str, suffix: str) -> str:
    """The uploaded file's own name, without any folder part or character a file system refuses."""
    stem = Path(filename.replace("\\", "/")).stem
    cleaned = "".join(ch for ch in stem if ch.isalnum() or ch in " ._-()").strip(" .") or "upload"
    return cleaned[:120] + suffix


def _owner_of(folder: Path) -> UploadOwner | None:
    try:
        return UploadOwner.model_validate(json.loads((folder / OWNER_NOTE).read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError):
        return None


def stored_upload(token: str, owner: UploadOwner) -> Path:
    """The kept file of this token, only for its owner on its own municipality and stage: any other
    person or address gets the same "not found" as a missing or used upload."""
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        raise NotFound("web.upload.expired")
    folder = _upload_dir() / token
    if not folder.is_dir() or _owner_of(folder) != owner:
        raise NotFound("web.upload.expired")
    found = sorted(p for p in folder.glob("*") if p.suffix in UPLOAD_SUFFIXES)
    if not found:
        raise NotFound("web.upload.expired")
    return found[0]


async def keep_mapping(form: Any, upload: Path) -> None:
    """An optional mapping file (YAML: columns and values named the file's way), kept beside the upload."""
    mapping = form.get("mapping")
    if mapping is None or not getattr(mapping, "filename", ""):
        return
    suffix = Path(mapping.filename).suffix.lower()
    if suffix not in MAPPING_SUFFIXES:
        raise InvalidInput("web.upload.mapping_type", name=mapping.filename)
    content = await mapping.read(MAX_MAPPING_BYTES + 1)
    if len(content) > MAX_MAPPING_BYTES:
        raise InvalidInput("input.too_big", path=mapping.filename, limit=MAX_MAPPING_BYTES // 1024 // 1024)
    (upload.parent / safe_file_name(mapping.filename, suffix)).write_bytes(content)


def forget_upload(path: Path) -> None:
    """Remove the upload's folder: the file, its mapping and the note of its owner."""
    shutil.rmtree(path.parent, ignore_errors=True)
