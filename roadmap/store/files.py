"""The file store: documents and other files kept by their content's SHA-256, outside the database.

The bytes live in a folder (``data_dir/files`` by default) or in an S3-compatible object store
(``ROADMAP_FILE_STORE=s3://bucket/prefix``); the ``stored_file`` table keeps each file's hash, size,
media type, and who stored it when. Both kinds go through obstore, one small compiled library with
no runtime dependencies that speaks to local folders and S3 alike, so the two are the same code.
Writing the same bytes again is a no-op; every read checks the hash.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from roadmap.errors import NotFound, RoadmapError
from roadmap.settings import get_settings
from roadmap.store.tables import StoredFile, utcnow

if TYPE_CHECKING:
    from obstore.store import RetryConfig  # a TypedDict, for type checkers only

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
JSON = "application/json"
PDF = "application/pdf"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_json(value: Any) -> bytes:
    """One spelling of a JSON value: the same data always has the same bytes, hence the same hash."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class MissingFile(NotFound):
    """A file the database refers to is not in the store."""


class CorruptFile(RoadmapError):
    """A file in the store whose bytes no longer match its hash."""


class StoreUnavailable(RoadmapError):
    """The store could not be reached or refused the request (credentials, bucket, network)."""


@dataclass(frozen=True)
class FileStore:
    """Content-addressed bytes in one place (a folder or a bucket and prefix)."""

    location: str
    backend: Any  # an obstore store: LocalStore or S3Store

    @staticmethod
    def key(sha256: str) -> str:
        return f"{sha256[:2]}/{sha256}"

    def put(self, data: bytes) -> str:
        """Keep ``data``; returns its SHA-256. Bytes already there are not written again."""
        sha256 = sha256_of(data)
        if self.size(sha256) != len(data):
            try:
                self._call("put", self.key(sha256), data)
            except FileNotFoundError as error:  # S3: no such bucket
                raise StoreUnavailable(
                    "store.unavailable", location=self.location, error=str(error).splitlines()[0]
                ) from None
        return sha256

    def get(self, sha256: str, name: str = "") -> bytes:
        """The bytes of ``sha256``, checked; ``name`` says which file it is in errors."""
        try:
            data = bytes(self._call("get", self.key(sha256)).bytes())
        except FileNotFoundError:
            raise MissingFile(
                "store.missing", name=name or sha256, sha256=sha256, location=self.location
            ) from None
        if sha256_of(data) != sha256:
            raise CorruptFile("store.corrupt", name=name or sha256, sha256=sha256, location=self.location)
        return data

    def size(self, sha256: str) -> int | None:
        """The stored size of ``sha256``, or None when it is not there."""
        try:
            return int(self._call("head", self.key(sha256))["size"])
        except FileNotFoundError:
            return None

    def delete(self, sha256: str) -> None:
        with suppress(FileNotFoundError):  # already gone: deleting is idempotent too
            self._call("delete", self.key(sha256))

    def _call(self, operation: str, *args: Any) -> Any:
        import obstore

        try:
            return getattr(obstore, operation)(self.backend, *args)
        except FileNotFoundError:
            raise
        except (OSError, obstore.exceptions.BaseError) as error:
            raise StoreUnavailable(
                "store.unavailable", location=self.location, error=str(error).splitlines()[0]
            ) from None


@lru_cache
def store_at(location: str, endpoint: str = "") -> FileStore:
    """The store at ``location``: ``s3://bucket/prefix`` or a folder."""
    from obstore.store import LocalStore, S3Store

    if location.startswith("s3://"):
        bucket, _, prefix = location.removeprefix("s3://").partition("/")
        options: dict[str, Any] = {}
        if endpoint:
            options["endpoint"] = endpoint
            if endpoint.startswith("http://"):  # a store on loopback or a private network
                options["client_options"] = {"allow_http": True}
        # Credentials and region come from the usual AWS_* environment variables.
        # A store that does not answer fails a build in seconds (a transient error: the build retries).
        retry: RetryConfig = {"max_retries": 3, "retry_timeout": timedelta(seconds=30)}
        return FileStore(
            location, S3Store(bucket, prefix=prefix.strip("/") or None, retry_config=retry, **options)
        )
    folder = Path(location.removeprefix("file://")).expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return FileStore(str(folder), LocalStore(folder))


def file_store() -> FileStore:
    """The store the settings name (a folder under the data directory unless configured)."""
    settings = get_settings()
    return store_at(settings.resolved_file_store(), settings.s3_endpoint_url)


def register_file(session: Session, sha256: str, size: int, media_type: str, actor: str) -> None:
    """Record a stored file in the database (once: a second registration of the same bytes is a no-op,
    also when two processes register them at the same moment)."""
    values = {"sha256": sha256, "size": size, "media_type": media_type, "created_by": actor}
    dialect = session.get_bind().dialect.name
    insert = postgres_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(StoredFile).values(**values, created_at=utcnow())
    session.execute(statement.on_conflict_do_nothing(index_elements=["sha256"]))


def keep(session: Session, data: bytes, media_type: str, actor: str) -> str:
    """Put ``data`` in the store and record it; returns its hash."""
    sha256 = file_store().put(data)
    register_file(session, sha256, len(data), media_type, actor)
    return sha256
