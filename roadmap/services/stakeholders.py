"""Stakeholder map use cases: import a list, read the register by quadrant with its warnings."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from pydantic import BaseModel
from sqlmodel import Session

from roadmap.analysis.stakeholders import (
    DuplicateNote,
    Register,
    merge_register,
    register_of,
)
from roadmap.domain.content import FocusAreas, StakeholderMap
from roadmap.domain.stages import Stage
from roadmap.errors import importing
from roadmap.i18n import DEFAULT_LANGUAGE, record_text
from roadmap.imports.files import FileNotes, read_mapping, reject
from roadmap.imports.stakeholders import FocusLookup, focus_lookup_for, read_stakeholders
from roadmap.services.access import actor_and_municipality, resolve_actor, visible_municipality
from roadmap.services.stages import editable_record, save_content
from roadmap.settings import Language
from roadmap.store.db import unit_of_work
from roadmap.store.repository import load_content, programme_of, roadmap_data, stage_records
from roadmap.store.tables import Municipality


class StakeholderImportResult(BaseModel):
    file: Path
    rows_read: int
    columns: dict[str, str]
    added: int
    updated: int
    merged: int
    duplicates: list[DuplicateNote]
    total: int
    stored: bool
    notes: FileNotes = FileNotes()


def focus_lookup(session: Session, municipality: Municipality) -> FocusLookup:
    """Every name this municipality's focus areas go by, for reading files that mention them."""
    focus = cast(FocusAreas, load_content(session, stage_records(session, municipality)[Stage.FOCUS]))
    return focus_lookup_for(focus, programme_of(session, municipality).catalogue)


def import_stakeholders(
    email: str | None,
    slug: str,
    path: Path,
    dry_run: bool = False,
    merge_duplicates: bool = False,
    mapping: Path | None = None,
) -> StakeholderImportResult:
    """Import a stakeholder list into the map: all of it, or (on any problem) none of it."""
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        parsed = read_stakeholders(path, focus_lookup(session, municipality), read_mapping(mapping))
        if parsed.problems:
            raise reject(path, parsed.problems, parsed.columns, parsed.notes.ignored_columns)
        record = editable_record(session, actor, municipality, Stage.STAKEHOLDERS)
        current = cast(StakeholderMap, load_content(session, record))
        result = merge_register(current.stakeholders, parsed.stakeholders, merge_duplicates)
        if dry_run:
            session.rollback()
        else:
            note = record_text(
                "import.stakeholders_audit",
                file=path.name,
                added=result.added,
                updated=result.updated,
                merged=result.merged,
            )
            content = StakeholderMap(stakeholders=result.stakeholders)
            with importing(path):
                save_content(session, actor, municipality, record, content, record.version, note)
    return StakeholderImportResult(
        file=path,
        rows_read=parsed.rows_read,
        columns=parsed.columns,
        added=result.added,
        updated=result.updated,
        merged=result.merged,
        duplicates=result.duplicates,
        total=len(result.stakeholders),
        stored=not dry_run,
        notes=parsed.notes,
    )


def stakeholder_register(email: str | None, slug: str, lang: Language = DEFAULT_LANGUAGE) -> Register:
    """The register by power/interest quadrant, and what the team should look at."""
    with unit_of_work() as session:
        municipality = visible_municipality(session, resolve_actor(session, email), slug)
        data = roadmap_data(session, municipality)
    return register_of(data, lang)
