"""Consultation and roadmap use cases: meetings, sign-in sheets, coverage, the action plan draft."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from roadmap.analysis.coverage import Coverage, consultation_coverage
from roadmap.analysis.prefill import prefill_plan
from roadmap.domain.attendance import AttendanceResult, apply_attendance
from roadmap.domain.content import Consultations, RoadmapData, RoadmapPlan, StakeholderMap
from roadmap.domain.stages import Stage
from roadmap.errors import NotFound, TransitionRefused, importing
from roadmap.i18n import DEFAULT_LANGUAGE, record_text, template
from roadmap.imports.attendance import read_attendance
from roadmap.imports.files import read_mapping, reject
from roadmap.services.access import actor_and_municipality, resolve_actor, visible_municipality
from roadmap.services.stages import editable_record, save_content
from roadmap.services.stakeholders import focus_lookup
from roadmap.store.db import unit_of_work
from roadmap.store.repository import load_content, roadmap_data, stage_records


def read_data(email: str | None, slug: str) -> RoadmapData:
    with unit_of_work() as session:
        return roadmap_data(session, visible_municipality(session, resolve_actor(session, email), slug))


def coverage_report(email: str | None, slug: str) -> tuple[RoadmapData, Coverage]:
    data = read_data(email, slug)
    return data, consultation_coverage(data.consultations, data.focus, data.stakeholders)


def import_attendance(
    email: str | None,
    slug: str,
    meeting_key: str,
    path: Path,
    dry_run: bool = False,
    mapping: Path | None = None,
) -> AttendanceResult:
    """Record a meeting's sign-in sheet: all of it, or (on any problem) none of it."""
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        records = stage_records(session, municipality)
        sheet = read_attendance(path, focus_lookup(session, municipality), read_mapping(mapping))
        if sheet.problems:
            raise reject(path, sheet.problems, sheet.columns, sheet.notes.ignored_columns)
        record = editable_record(session, actor, municipality, Stage.CONSULTATIONS)
        consultations = cast(Consultations, load_content(session, record))
        meeting = consultations.find(meeting_key)
        if meeting is None:
            raise NotFound(
                "meetings.unknown",
                meeting=meeting_key,
                known=", ".join(m.code or str(n) for n, m in enumerate(consultations.meetings, 1)),
            )
        stakeholders = cast(StakeholderMap, load_content(session, records[Stage.STAKEHOLDERS]))
        register = [s.name for s in stakeholders.stakeholders]
        updated, result = apply_attendance(meeting, sheet, register)
        if dry_run:
            session.rollback()
            return result
        meetings = [updated if m is meeting else m for m in consultations.meetings]
        note = record_text(
            "import.attendance_audit", file=path.name, meeting=result.meeting, people=result.people
        )
        with importing(path):
            save_content(
                session, actor, municipality, record, Consultations(meetings=meetings), record.version, note
            )
    return result.model_copy(update={"stored": True})


def prefill_roadmap(email: str | None, slug: str, force: bool = False) -> RoadmapPlan:
    """Draft the action plan from stages 1–4; refuses to overwrite goals the team wrote unless forced."""
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        record = editable_record(session, actor, municipality, Stage.ROADMAP)
        data = roadmap_data(session, municipality)
        if data.plan.goals and not force:
            raise TransitionRefused("roadmap.has_goals", count=len(data.plan.goals))
        lang = DEFAULT_LANGUAGE  # the team's content is written in Turkish
        plan = prefill_plan(data, data.catalogues.catalogue, lang, template("roadmap.goal_title", lang))
        save_content(
            session, actor, municipality, record, plan, record.version, record_text("roadmap.prefilled")
        )
        return plan
