"""The file store's upkeep: retention of draft exports, and a check that every file is where it should be.

Every approved (non-draft) export is kept for good; of the drafts, each municipality keeps its last
``keep_drafts`` (a setting). Pruning removes the older drafts' rows and every stored file that nothing
refers to any more, writes an audit record per municipality, and only then deletes the bytes.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import delete
from sqlmodel import Session, SQLModel, col, select

from roadmap.domain.permissions import Permission
from roadmap.services.access import require, resolve_actor
from roadmap.settings import get_settings
from roadmap.store.db import unit_of_work
from roadmap.store.files import file_store
from roadmap.store.tables import AuditRecord, Cohort, Municipality, RoadmapExport, RoadmapRelease, StoredFile

PRUNED = "prune"


class PrunedExport(BaseModel):
    slug: str
    number: int
    lang: str
    created_at: datetime


class PrunePlan(BaseModel):
    """What pruning removes (or removed, when ``applied``)."""

    keep: int
    exports: list[PrunedExport]
    files: int  # stored files nothing refers to any more
    bytes: int
    applied: bool = False


def _referenced(session: Session, leaving: list[int]) -> set[str]:
    """Every hash a row of any table points at (each foreign key to ``stored_file``), once the exports
    ``leaving`` are gone."""
    hashes: set[str] = set()
    for table in SQLModel.metadata.tables.values():
        for key in table.foreign_keys:
            if key.column.table.name != StoredFile.__tablename__:
                continue
            query = select(key.parent).distinct()
            if table.name == RoadmapExport.__tablename__:
                query = query.where(table.c.id.not_in(leaving))
            hashes.update(h for h in session.execute(query).scalars() if h)
    for partners in session.exec(select(Cohort.partners)).all():  # logos, named inside a JSON column
        hashes.update(p["logo_sha256"] for p in partners or [] if p.get("logo_sha256"))
    for files in session.exec(select(RoadmapRelease.files)).all():  # published files: always kept
        hashes.update(entry["sha256"] for entry in (files or {}).values())
    return hashes


def _plan(session: Session, keep: int) -> tuple[PrunePlan, list[int], list[str], dict[int, list[int]]]:
    drafts = session.exec(
        select(RoadmapExport.id, RoadmapExport.municipality_id, RoadmapExport.number)
        .where(col(RoadmapExport.draft))
        .order_by(col(RoadmapExport.municipality_id), col(RoadmapExport.number).desc())
    ).all()
    kept: dict[int, int] = defaultdict(int)
    doomed: dict[int, list[int]] = defaultdict(list)  # municipality → export numbers
    ids: list[int] = []
    for export_id, municipality_id, number in drafts:
        kept[municipality_id] += 1
        if kept[municipality_id] > keep:
            doomed[municipality_id].append(number)
            ids.append(export_id or 0)
    rows = session.exec(
        select(RoadmapExport, Municipality.slug)
        .join(Municipality, col(Municipality.id) == RoadmapExport.municipality_id)
        .where(col(RoadmapExport.id).in_(ids))
        .order_by(col(Municipality.slug), col(RoadmapExport.number))
    ).all()
    still_used = _referenced(session, ids)
    orphans = session.exec(
        select(StoredFile.sha256, StoredFile.size).where(col(StoredFile.sha256).not_in(still_used))
    ).all()
    plan = PrunePlan(
        keep=keep,
        exports=[
            PrunedExport(slug=slug, number=e.number, lang=e.lang, created_at=e.created_at) for e, slug in rows
        ],
        files=len(orphans),
        bytes=sum(size for _, size in orphans),
    )
    return plan, ids, [sha256 for sha256, _ in orphans], doomed


def prune_exports(email: str | None, apply: bool = False, keep: int | None = None) -> PrunePlan:
    """What retention would remove (a dry run), or, with ``apply``, remove it: the rows and audit records
    in one transaction, then the files from the store."""
    keep = keep or get_settings().keep_drafts
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.MANAGE)
        plan, ids, orphans, doomed = _plan(session, keep)
        if not apply:
            return plan
        session.exec(delete(RoadmapExport).where(col(RoadmapExport.id).in_(ids)))
        session.exec(delete(StoredFile).where(col(StoredFile.sha256).in_(orphans)))
        for municipality_id, numbers in doomed.items():
            session.add(
                AuditRecord(
                    actor=actor.email,
                    municipality_id=municipality_id,
                    action=PRUNED,
                    comment=", ".join(f"#{n}" for n in sorted(numbers)),
                )
            )
    store = file_store()
    # After the commit: a row never names a file that was deleted first. (An export that stores the
    # very bytes of an orphan at this moment could lose them: run prune when no build is running.)
    for sha256 in orphans:
        store.delete(sha256)
    return plan.model_copy(update={"applied": True})


class FileProblem(BaseModel):
    sha256: str
    media_type: str
    size: int
    found: int | None  # the size in the store; None: not there


class StoreCheck(BaseModel):
    location: str
    files: int
    bytes: int
    problems: list[FileProblem]


def check_store(email: str | None) -> StoreCheck:
    """Every file the database records is in the store, with its recorded size."""
    with unit_of_work() as session:
        require(resolve_actor(session, email), Permission.MANAGE)
        files = session.exec(select(StoredFile).order_by(col(StoredFile.created_at))).all()
    store = file_store()
    problems = []
    for f in files:
        found = store.size(f.sha256)
        if found != f.size:
            problems.append(FileProblem(sha256=f.sha256, media_type=f.media_type, size=f.size, found=found))
    return StoreCheck(
        location=store.location, files=len(files), bytes=sum(f.size for f in files), problems=problems
    )
