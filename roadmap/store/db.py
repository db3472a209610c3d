"""Engine, unit of work and schema migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, event, inspect
from sqlmodel import Session, create_engine

from roadmap.errors import NotFound
from roadmap.settings import get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@lru_cache
def engine_for(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def get_engine() -> Engine:
    return engine_for(get_settings().resolved_database_url())


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """A session whose work is committed only if the block finishes without error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def _alembic_config(url: str):  # type: ignore[no-untyped-def]
    from alembic.config import Config  # lazy: 0.1 s, only init and checks need it

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def init_database() -> str:
    """Create or upgrade the schema to the latest migration; returns the database URL."""
    from alembic import command

    url = get_settings().resolved_database_url()
    get_engine()  # creates the SQLite folder if needed
    command.upgrade(_alembic_config(url), "head")
    return url


def require_schema() -> None:
    """Refuse to work on a database that ``roadmap init`` has not prepared."""
    url = get_settings().resolved_database_url()
    if not inspect(get_engine()).has_table("stage_record"):
        raise NotFound("notfound.database", url=url)
