"""Themes in the consultation inputs: suggest them, let people accept, rename, merge, split and move,
and report what they say. The models run here, on this machine; nothing is fetched."""

from __future__ import annotations

from typing import cast

from sqlmodel import Session

from roadmap.analysis.synthesis import (
    RecurringTopic,
    Synthesis,
    name_from,
    recurring_topics,
    refresh_themes,
    synthesis,
)
from roadmap.analysis.themes import Matrix, features, prepare
from roadmap.domain.content import Consultations, RoadmapData, Theme
from roadmap.domain.permissions import Permission
from roadmap.domain.stages import Action, Stage, Status
from roadmap.domain.themes import ThemeEdit, apply_edit
from roadmap.domain.workflow import require_editable
from roadmap.errors import PermissionDenied, StaleVersion
from roadmap.i18n import record_text
from roadmap.services.access import actor_and_municipality, can, resolve_actor, visible_municipality
from roadmap.services.cohorts import cohort_members
from roadmap.services.stages import write_audit, write_version
from roadmap.store.db import unit_of_work
from roadmap.store.repository import load_content, roadmap_data, stage_records, store_content
from roadmap.store.tables import Municipality, StageRecord, User

SEED = 0  # the same inputs give the same suggestions


def _input_features(texts: list[str]) -> Matrix:
    """The pipeline's rows for ``texts``: sentence vectors and stem TF-IDF (benchmarks/themes.py)."""
    from roadmap.embeddings import embed  # loads a model: only where themes are computed

    return features(texts, embed(prepare(texts)) if texts else None)


def _suggested_themes(data: RoadmapData) -> list[Theme]:
    """The stage's themes brought up to date with its inputs (accepted ones kept), not stored."""
    held = data.consultations.inputs()
    ids, texts = [g.id for _, g in held], [g.text for _, g in held]
    rows = _input_features(texts) if texts else None
    if rows is None:
        return [t for t in data.consultations.themes if t.accepted]
    return refresh_themes(data.consultations.themes, ids, texts, rows, SEED)


def theme_synthesis(email: str | None, slug: str, refresh: bool = True) -> tuple[RoadmapData, Synthesis]:
    """The themes and what they say; with ``refresh``, new inputs placed and suggestions redone
    (shown, not stored)."""
    with unit_of_work() as session:
        data = roadmap_data(session, visible_municipality(session, resolve_actor(session, email), slug))
    themes = _suggested_themes(data) if refresh else data.consultations.themes
    return data, synthesis(data, themes)


def _themes_record(session: Session, actor: User, municipality: Municipality) -> StageRecord:
    """The consultation stage, if this person may change its themes now: its team or its consultant,
    while the stage is open for edits."""
    if not (
        can(session, actor, Permission.EDIT, municipality)
        or can(session, actor, Permission.REVIEW, municipality)
    ):
        raise PermissionDenied("refused.unauthorised", who=actor.email)
    record = stage_records(session, municipality)[Stage.CONSULTATIONS]
    require_editable(Status(record.status))
    return record


def _store(
    session: Session,
    actor: User,
    municipality: Municipality,
    record: StageRecord,
    themes: list[Theme],
    version: int,
    note: str,
) -> int:
    if record.version != version:
        raise StaleVersion("refused.stale", given=version, current=record.version)
    content = cast(Consultations, load_content(session, record)).model_copy(update={"themes": themes})
    data = store_content(session, record, Consultations.model_validate(content.model_dump()))
    new_version = write_version(session, record, version, actor, data=data)
    status = Status(record.status)
    write_audit(
        session, actor, municipality, Stage.CONSULTATIONS, Action.UPDATE, status, status, new_version, note
    )
    return new_version


def store_suggestions(email: str | None, slug: str, version: int | None = None) -> list[Theme]:
    """Compute and keep the suggested themes (accepted ones untouched); ``version`` checks that nobody
    changed the stage meanwhile (``None``: the current one)."""
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        record = _themes_record(session, actor, municipality)
        themes = _suggested_themes(roadmap_data(session, municipality))
        _store(
            session,
            actor,
            municipality,
            record,
            themes,
            record.version if version is None else version,
            record_text("themes.suggested_audit", count=len(themes)),
        )
        return themes


def edit_theme(email: str | None, slug: str, edit: ThemeEdit, version: int) -> list[Theme]:
    """Accept, rename, merge, split or move inputs: one edit, version-checked and audited."""
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        record = _themes_record(session, actor, municipality)
        consultations = cast(Consultations, load_content(session, record))
        text_of = {g.id: g.text for _, g in consultations.inputs()}
        themes = apply_edit(consultations.themes, edit, lambda ids: name_from(ids, text_of))
        _store(
            session, actor, municipality, record, themes, version, record_text(f"themes.{edit.action}_audit")
        )
        return themes


def cohort_themes(
    who: str | None, cohort: str, accepted_only: bool = True, least: int = 2
) -> list[RecurringTopic]:
    """The themes that recur across a cohort's municipalities (stored themes; accepted ones only
    unless asked), for the programme's own learning."""
    names = cohort_members(who, cohort)
    found: dict[str, list[Theme]] = {}
    with unit_of_work() as session:
        for slug in names:
            municipality = visible_municipality(session, resolve_actor(session, who), slug)
            record = stage_records(session, municipality)[Stage.CONSULTATIONS]
            stored = cast(Consultations, load_content(session, record)).themes
            found[slug] = [t for t in stored if t.accepted or not accepted_only]
    return recurring_topics(found, least)
