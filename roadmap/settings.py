"""One settings object for the whole product (environment prefix ``ROADMAP_``)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PROJECT_DIR / "templates"
EXAMPLES_DIR = PROJECT_DIR / "examples"

Language = Literal["tr", "en"]


class Settings(BaseSettings):
    """Where data lives, where documents go, which language to speak."""

    model_config = SettingsConfigDict(env_prefix="ROADMAP_", env_file=None, extra="ignore")

    data_dir: Path = PROJECT_DIR / "data"
    database_url: str = ""
    out_dir: Path = PROJECT_DIR / "out"
    language: Language = "tr"
    user: str = ""
    reference_docx: Path = TEMPLATES_DIR / "reference.docx"
    instrument: Path | None = None
    # The programme's own checklist rules (severities and thresholds), instead of roadmap/data/checks.yaml.
    checks: Path | None = None
    # How documents are built unless a command says otherwise (roadmap.runner): inline, pool, flow, deployment.
    build_engine: Literal["", "inline", "pool", "flow", "deployment"] = ""
    # Whether a single export lets LibreOffice lay the document out so that its contents page carries
    # page numbers (about 3 s): "auto" when LibreOffice is installed; cohort builds never do.
    document_layout: Literal["auto", "always", "never"] = "auto"
    # Web app: the key that signs session and CSRF cookies (default: a random key kept in data_dir),
    # and whether cookies are sent over HTTPS only (set it when serving behind TLS).
    secret_key: str = ""
    web_https: bool = False
    # E-mail notices: where to send them ("smtp://host:25", "smtp+starttls://user:password@host:587",
    # "smtps://user:password@host:465"; empty: notices wait in the outbox and show in the web app only),
    # the address they come from, and the web app's address for the links in them.
    smtp_url: str = ""
    mail_from: str = "yol-haritasi@localhost"
    base_url: str = "http://127.0.0.1:8000"
    # The hour (server's local time, 0–23) from which the worker sends the day's digest.
    digest_hour: int = Field(default=7, ge=0, le=23)
    # Where documents and other files are kept (roadmap.store.files): empty for the folder
    # ``data_dir/files``, a folder path, or ``s3://bucket/prefix`` for an S3-compatible object store
    # (credentials from the usual AWS_* variables; ``s3_endpoint_url`` for a store other than AWS).
    file_store: str = ""
    s3_endpoint_url: str = ""
    # Retention: draft exports kept per municipality beyond which ``roadmap store prune`` removes the
    # older ones (approved and published versions are always kept).
    keep_drafts: int = Field(default=5, ge=1)
    # The support programme: independent reviews (by different reviewers, none with a declared conflict
    # of interest) an application needs before a decision on it.
    support_min_reviews: int = Field(default=2, ge=1, le=10)

    def resolved_database_url(self) -> str:
        """The configured URL, or SQLite in ``data_dir/roadmap.db``."""
        return self.database_url or f"sqlite:///{self.data_dir / 'roadmap.db'}"

    def resolved_file_store(self) -> str:
        """The configured file store, or the folder ``data_dir/files``."""
        return self.file_store or str(self.data_dir / "files")


@lru_cache
def get_settings() -> Settings:
    return Settings()


def reset_settings() -> None:
    """Forget cached settings (tests change the environment between cases)."""
    get_settings.cache_clear()


def configure_prefect_defaults(prefect_home: Path | None = None) -> None:
    """Sensible Prefect settings for local runs, unless the user set their own.

    Must run before ``import prefect``: Prefect reads its settings at import time.
    """
    home = prefect_home or get_settings().data_dir / "prefect"
    defaults = {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        # A cold start of the temporary server takes about the default 20 s here.
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "DO_NOT_TRACK": "1",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
