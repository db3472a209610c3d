"""The example's first quarter of monitoring (``examples/ornekkoy/izleme.yaml``), for ``make demo``:
stages 4 and 5 approved as the consultant would, then the directorates' check-ins, the consultant's
verification, an amendment waiting for approval, and the cohort's rules and indicators."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from roadmap.domain.stages import Stage, Status
from roadmap.imports.files import yaml_to_model
from roadmap.services import stages as stage_service
from roadmap.services.amendments import amendments, request_amendment
from roadmap.services.cohort_monitoring import record_cohort_indicator, set_monitoring_rules
from roadmap.services.monitoring import record_checkin, roadmap_progress, verify_checkin


class ExampleCheckin(BaseModel):
    action: str
    period: str
    status: str
    recorded: date
    actuals: dict[str, float] = {}
    done: str = ""
    delays: str = ""
    reason: str = ""
    evidence: list[dict[str, str]] = []
    verified: str = ""  # the consultant's comment, if they verified the "complete"


class ExampleIndicatorValues(BaseModel):
    period: str
    values: dict[str, float]


class ExampleAmendment(BaseModel):
    action: str
    reason: str
    start_month: int | None = None
    end_month: int | None = None
    responsible: str | None = None
    targets: dict[str, float] = {}


class ExampleMonitoring(BaseModel):
    rules: dict[str, Any] = {}
    indicator_values: list[ExampleIndicatorValues] = []
    checkins: list[ExampleCheckin] = []
    amendments: list[ExampleAmendment] = []


def _approve_roadmap(slug: str, team: str, consultant: str) -> None:
    """Stages 4 and 5 approved, as the consultant would after the example's own history."""
    statuses = {s.stage: s.status for s in stage_service.status_report(consultant, slug).stages}
    if statuses[Stage.CONSULTATIONS] == Status.SUBMITTED:
        stage_service.review_stage(consultant, slug, Stage.CONSULTATIONS, approve=True, comment="Uygundur.")
    if statuses[Stage.ROADMAP] in (Status.DRAFT, Status.CHANGES_REQUESTED):
        stage_service.submit_stage(team, slug, Stage.ROADMAP)
    if statuses[Stage.ROADMAP] != Status.APPROVED:
        stage_service.review_stage(consultant, slug, Stage.ROADMAP, approve=True, comment="Uygundur.")


def load_monitoring(
    path: Path, slug: str, team: str, consultant: str, coordinator: str, cohort: str | None
) -> bool:
    """Record the example's monitoring once (a second run changes nothing); returns whether it did."""
    example = yaml_to_model(path, ExampleMonitoring)
    _approve_roadmap(slug, team, consultant)
    if cohort and example.rules:
        set_monitoring_rules(coordinator, cohort, **example.rules)
    first = example.checkins[0].period if example.checkins else None
    if first and any(a.checked_in for a in roadmap_progress(team, slug, first).actions):
        return False  # already recorded
    for item in example.checkins:
        given = item.model_dump(include={"status", "actuals", "done", "delays", "reason", "evidence"})
        record_checkin(team, slug, item.action, item.period, given, source="examples", today=item.recorded)
        if item.verified:
            verify_checkin(consultant, slug, item.action, item.period, True, item.verified)
    if cohort:
        for entry in example.indicator_values:
            record_cohort_indicator(team, slug, entry.period, entry.values)
    if not amendments(team, slug):
        for change in example.amendments:
            request_amendment(
                team,
                slug,
                change.action,
                change.model_dump(exclude={"action", "reason"}, exclude_none=True),
                change.reason,
            )
    return True
