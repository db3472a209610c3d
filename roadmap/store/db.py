"""Engine, unit of work and schema migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, event, inspect, update
from sqlalchemy.orm import ORMExecuteState
from sqlmodel import Session, create_engine, select

from roadmap.errors import NotFound
from roadmap.settings import get_settings
from roadmap.store.tables import ChangeStamp

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@lru_cache
def engine_for(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        # As many connections as the web server's threads (anyio's 40): a connection made anew reads
        # and parses the whole schema on its first query, a third of a page's time when overflowing.
        engine = create_engine(url, connect_args={"check_same_thread": False}, pool_size=40, max_overflow=10)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.close()

        return engine
    # PostgreSQL's connections are dearer to hold (100 a server by default), and dearer to make anew.
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


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


# --- the change stamp: one counter moved on by every transaction that writes ------------------------
# Pages built from many rows (a cohort of 1,400) are kept until the counter moves. The counter is moved
# at commit time, after the last flush, so the row is locked only for the instant before the commit
# (no transaction waits for anything while holding it).

_WROTE = "roadmap.wrote"


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: object) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:  # bulk writes skip the flush
        state.session.info[_WROTE] = True


@event.listens_for(Session, "before_commit")
def _move_stamp(session: Session) -> None:
    session.flush()  # the commit's own flush comes after this event
    if session.info.pop(_WROTE, False):
        session.execute(update(ChangeStamp).values(counter=ChangeStamp.counter + 1))
        session.info.pop(_WROTE, None)  # the update itself is not news


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_WROTE, None)


def change_stamp(session: Session) -> tuple[str, int]:
    """The database's epoch and how far its counter has moved: equal stamps mean nothing was written
    in between."""
    epoch, counter = session.exec(select(ChangeStamp.epoch, ChangeStamp.counter)).one()
    return epoch, int(counter)


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
