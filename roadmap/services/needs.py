"""Needs analysis use cases: import survey files, read the findings."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from pydantic import BaseModel

from roadmap.analysis.needs import NeedsFindings, needs_findings
from roadmap.domain.content import NeedsAnalysis, RespondentGroup
from roadmap.domain.responses import merge_responses
from roadmap.domain.stages import Stage
from roadmap.errors import importing
from roadmap.i18n import record_text
from roadmap.imports.files import FileNotes, read_mapping, reject
from roadmap.imports.survey import read_survey
from roadmap.services.access import actor_and_municipality, resolve_actor, visible_municipality
from roadmap.services.stages import editable_record, save_content
from roadmap.store.db import unit_of_work
from roadmap.store.repository import load_content, programme_of, stage_records


class SurveyImportResult(BaseModel):
    file: Path
    group: RespondentGroup
    rows_read: int
    empty_rows: list[int]
    columns: dict[str, str]
    identity: str = "respondent"  # how respondents were told apart: respondent, timestamp or row
    added: int
    updated: int
    total_responses: int
    stored: bool
    notes: FileNotes = FileNotes()


def import_survey(
    email: str | None,
    slug: str,
    path: Path,
    group: RespondentGroup,
    mapping: Path | None = None,
    dry_run: bool = False,
) -> SurveyImportResult:
    """Import one survey file into the needs analysis: all of it, or (on any problem) none of it."""
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        tool = programme_of(session, municipality).instrument  # a cohort's own instrument, if it has one
    survey = read_survey(path, group, tool, read_mapping(mapping))
    if survey.problems:
        raise reject(path, survey.problems, survey.columns, survey.notes.ignored_columns)
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        record = editable_record(session, actor, municipality, Stage.NEEDS)
        needs, added, updated = merge_responses(cast(NeedsAnalysis, load_content(session, record)), survey)
        if not dry_run:
            note = record_text(
                "import.audit", file=path.name, group=group.value, added=added, updated=updated
            )
            with importing(path):
                save_content(session, actor, municipality, record, needs, record.version, note)
        else:
            session.rollback()
    return SurveyImportResult(
        file=path,
        group=group,
        rows_read=survey.rows_read,
        identity=survey.identity,
        empty_rows=survey.empty_rows,
        columns=survey.columns,
        added=added,
        updated=updated,
        total_responses=len(needs.responses),
        stored=not dry_run,
        notes=survey.notes,
    )


def findings(email: str | None, slug: str) -> NeedsFindings:
    """The needs analysis findings for one municipality, as the actor may see them."""
    with unit_of_work() as session:
        municipality = visible_municipality(session, resolve_actor(session, email), slug)
        needs = cast(NeedsAnalysis, load_content(session, stage_records(session, municipality)[Stage.NEEDS]))
        tool = programme_of(session, municipality).instrument
    return needs_findings(needs, tool)
