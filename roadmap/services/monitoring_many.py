"""Many roadmaps under monitoring at once, in a handful of queries: the cohort page's heatmap and the
calendar's check-in deadlines read every monitored municipality a person may see, and one query per
municipality (``monitoring.monitored``) costs seconds on a cohort of a thousand."""

from __future__ import annotations

from sqlmodel import Session, col, select

from roadmap.domain.amendments import AmendmentChange, amended_plan
from roadmap.domain.content import STORED, RoadmapPlan
from roadmap.domain.monitoring import ProgressWeights
from roadmap.domain.stages import Stage, Status
from roadmap.services.monitoring import DEFAULT_RULES, Monitored
from roadmap.store.tables import (
    MonitoringCheckin,
    MonitoringRules,
    Municipality,
    PlanAmendment,
    StageRecord,
)


def monitored_many(session: Session, municipalities: list[Municipality]) -> dict[int, Monitored]:
    """The approved roadmaps among ``municipalities``, as amended, keyed by municipality id (those not
    approved, or whose plan cannot be read, are left out) — the same as ``monitored`` for each."""
    by_id = {m.id: m for m in municipalities if m.id is not None}
    if not by_id:
        return {}
    records = session.exec(
        select(StageRecord.municipality_id, StageRecord.data).where(
            StageRecord.stage == int(Stage.ROADMAP),
            StageRecord.status == Status.APPROVED.value,
            col(StageRecord.municipality_id).in_(list(by_id)),
        )
    ).all()
    if not records:
        return {}
    approved_ids = [mid for mid, _ in records]
    cohorts = {by_id[mid].cohort_id for mid in approved_ids} - {None}
    rules = {
        r.cohort_id: r
        for r in session.exec(
            select(MonitoringRules).where(col(MonitoringRules.cohort_id).in_(cohorts))
        ).all()
    }
    changes: dict[int, dict[str, list[AmendmentChange]]] = {}
    for row in session.exec(
        select(PlanAmendment)
        .where(col(PlanAmendment.municipality_id).in_(approved_ids), PlanAmendment.state == "approved")
        .order_by(col(PlanAmendment.number))
    ).all():
        per = changes.setdefault(row.municipality_id, {})
        per.setdefault(row.action_id, []).append(AmendmentChange.model_validate(row.changes))
    found: dict[int, Monitored] = {}
    for mid, data in records:
        municipality = by_id[mid]
        try:
            baseline = RoadmapPlan.model_validate(data, context={STORED: True})
        except ValueError:
            continue
        kept = rules.get(municipality.cohort_id or 0, DEFAULT_RULES)
        found[mid] = Monitored.model_construct(  # checked above: validating it again walks each plan twice
            municipality_id=mid,
            slug=municipality.slug,
            name=municipality.name,
            baseline=baseline,
            plan=amended_plan(baseline, changes[mid]) if mid in changes else baseline,
            grace_days=kept.grace_days,
            remind_before_days=kept.remind_before_days,
            weights=ProgressWeights(actions="budget" if kept.weighting == "budget" else "equal"),
        )
    return found


def checkins_many(session: Session, municipality_ids: list[int]) -> dict[int, list[MonitoringCheckin]]:
    """Every check-in of these municipalities, by municipality id, in period order."""
    found: dict[int, list[MonitoringCheckin]] = {}
    for row in session.exec(
        select(MonitoringCheckin)
        .where(col(MonitoringCheckin.municipality_id).in_(municipality_ids))
        .order_by(col(MonitoringCheckin.period), col(MonitoringCheckin.id))
    ).all():
        found.setdefault(row.municipality_id, []).append(row)
    return found
