"""A municipality's content as of its stage versions, and what the pages derive from it, kept per process.

The stage and journey pages are the most visited; parsing and checking seven stages on every visit
was most of their cost. A snapshot is keyed on everything its content depends on: the database, the
municipality's row, each stage record's id, version, status and update time (every write to a stage
goes through ``write_version``, which bumps the version), the cohort's programme and the check rules.
A save is a new version, so the next page reads a new snapshot, in this process or any other.

Whatever is kept here is shared between requests: callers read it and never change it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.orm import defer
from sqlmodel import Session, select

from roadmap.domain.checklist import Finding, check_rules
from roadmap.domain.content import RoadmapData
from roadmap.domain.stages import Stage, Status
from roadmap.domain.validation import Problem, ProgrammeRules, validate_stage
from roadmap.services.checks import checklist
from roadmap.settings import get_settings
from roadmap.store.repository import programme_of, roadmap_data, stage_records
from roadmap.store.tables import Municipality, StageRecord

# Municipalities per process. A snapshot whose every page was seen in both languages holds ~3.5 MB
# (the example or a generated municipality, measured with tracemalloc); 32 of them ~110 MB at most.
KEPT = 32
T = TypeVar("T")


@dataclass
class Snapshot:
    """Every stage's content, its gate's problems (programme defaults) and the checklist, for one set of
    stage versions; ``derived`` keeps what pages compute from them (per language, per stage)."""

    data: RoadmapData
    problems: dict[Stage, list[Problem]]
    checks: list[Finding]
    _derived: dict[Hashable, Any] = field(default_factory=dict)

    def derived(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, computed once for this snapshot (two requests at once may both compute it)."""
        if key not in self._derived:
            self._derived[key] = make()
        value: T = self._derived[key]
        return value


_kept: OrderedDict[tuple[Any, ...], Snapshot] = OrderedDict()
_lock = threading.Lock()


def current_records(session: Session, municipality: Municipality) -> dict[Stage, StageRecord]:
    """The seven stage records without their content (read only if the snapshot is not kept)."""
    rows = session.exec(
        select(StageRecord)
        .where(StageRecord.municipality_id == municipality.id)
        .options(defer(StageRecord.data))  # type: ignore[arg-type]
    ).all()
    if len(rows) < len(Stage):
        return stage_records(session, municipality)  # creates the missing ones
    return {Stage(row.stage): row for row in rows}


def _key(session: Session, municipality: Municipality, records: dict[Stage, StageRecord]) -> tuple[Any, ...]:
    programme = programme_of(session, municipality)
    return (
        get_settings().resolved_database_url(),
        municipality.id,
        municipality.slug,
        municipality.name,
        municipality.province,
        municipality.programme,
        municipality.created_at,
        id(programme),  # the same object for the same catalogue (see programme_of); kept alive below
        id(check_rules()),
        tuple(
            (
                int(stage),
                record.id,
                record.version,
                record.status,
                record.updated_at,
                record.opened_early,
                tuple(sorted(record.waivers.items())),
            )
            for stage, record in sorted(records.items())
        ),
    )


def snapshot(
    session: Session, municipality: Municipality, records: dict[Stage, StageRecord] | None = None
) -> Snapshot:
    """The municipality's snapshot for its stage versions as they are now in the database."""
    records = records or current_records(session, municipality)
    key = _key(session, municipality, records)
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    data = roadmap_data(session, municipality, records)
    rules = ProgrammeRules()
    made = Snapshot(
        data=data,
        problems={
            stage: []
            if data.statuses[stage] == Status.APPROVED
            else validate_stage(stage, data.content(stage), data, rules)
            for stage in sorted(records)
        },
        checks=checklist(session, municipality, records, data, rules),
    )
    # Keep the objects whose ids are in the key alive, so that no other object can take their ids.
    made._derived["programme"], made._derived["rules"] = data.catalogues, check_rules()
    with _lock:
        _kept[key] = made
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return made
