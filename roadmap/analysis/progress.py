"""Progress as of a quarter, computed from the plan and the check-ins (never typed): each indicator
from its baseline, target and latest value; each action from its indicators and status; each goal and
the roadmap from their actions, weighted as the programme sets."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from pydantic import BaseModel

from roadmap.domain.content import Goal, RoadmapAction, RoadmapPlan
from roadmap.domain.monitoring import (
    ActionState,
    CheckinStatus,
    Period,
    ProgressWeights,
    Verification,
    action_progress,
    indicator_progress,
    periods_of,
    planned_in,
    weighted,
)


class CheckinRow(Protocol):
    """What progress reads of a stored check-in."""

    action_id: str
    period: str
    status: str
    verification: str
    actuals: dict[str, float]
    evidence: list[dict[str, str]]
    late: bool


class PlanState(Protocol):
    """What progress reads of a monitored roadmap."""

    slug: str
    name: str
    baseline: RoadmapPlan
    plan: RoadmapPlan
    grace_days: int
    weights: ProgressWeights


def state_as_of(rows: Sequence[CheckinRow], action_id: str, period: Period | None) -> ActionState:
    """An action's latest status and latest value of each indicator, up to ``period`` (all if None)."""
    state = ActionState()
    for row in sorted(rows, key=lambda r: r.period):
        if row.action_id != action_id or (period is not None and period < Period.parse(row.period)):
            continue
        state.status, state.verification = CheckinStatus(row.status), Verification(row.verification)
        state.actuals.update({k: float(v) for k, v in row.actuals.items()})
    return state


def current_period(plan: RoadmapPlan, today: date) -> Period:
    """The quarter to report on: today's, kept inside the roadmap's periods."""
    periods = periods_of(plan)
    now = Period.of(today)
    if not periods:
        return now
    if now < periods[0]:
        return periods[0]
    return periods[-1] if periods[-1] < now else now


class IndicatorRow(BaseModel):
    code: str  # "1.1.1"
    name: str
    unit: str
    baseline: float | None
    target: float | None
    approved_target: float | None  # the approved plan's, when an amendment changed it
    actual: float | None
    progress: float | None


class ActionRow(BaseModel):
    code: str
    id: str
    title: str
    goal: int
    responsible: str
    planned: bool  # the plan has it running in the period
    status: CheckinStatus | None  # its latest status up to the period
    verification: Verification
    checked_in: bool  # a check-in for this very period
    late: bool
    overdue: bool  # no check-in and the period's deadline has passed
    evidence: int
    indicators: list[IndicatorRow]
    progress: float | None


class ProgressReport(BaseModel):
    slug: str
    name: str
    period: str
    periods: list[str]
    deadline: date
    actions: list[ActionRow]
    goals: list[tuple[int, str, float | None]]  # (number, title, progress)
    progress: float | None

    def late_count(self) -> int:
        return sum(1 for a in self.actions if a.late or a.overdue)


def progress_report_of(
    state: PlanState, rows: Sequence[CheckinRow], period: Period, today: date
) -> ProgressReport:
    """The progress table as of ``period`` (pure over what was read)."""
    baseline_targets = {i.id: i.target for _, a in state.baseline.actions() for i in a.indicators}
    actions: list[ActionRow] = []
    per_goal: list[tuple[int, Goal, list[tuple[RoadmapAction, float | None]]]] = []
    for g, goal in enumerate(state.plan.goals, start=1):
        scored: list[tuple[RoadmapAction, float | None]] = []
        for a, action in enumerate(goal.actions, start=1):
            code = f"{g}.{a}"
            situation = state_as_of(rows, action.id, period)
            this = next((r for r in rows if r.action_id == action.id and r.period == period.label), None)
            progress = action_progress(action, situation)
            scored.append((action, progress))
            actions.append(
                ActionRow(
                    code=code,
                    id=action.id,
                    title=action.title,
                    goal=g,
                    responsible=action.responsible,
                    planned=planned_in(state.plan, action, period),
                    status=situation.status,
                    verification=situation.verification,
                    checked_in=this is not None,
                    late=bool(this and this.late),
                    overdue=this is None and today > period.deadline(state.grace_days),
                    evidence=sum(
                        len(r.evidence)
                        for r in rows
                        if r.action_id == action.id and Period.parse(r.period) <= period
                    ),
                    indicators=_indicator_rows(code, action, situation, baseline_targets),
                    progress=progress,
                )
            )
        per_goal.append((g, goal, scored))
    everything = [item for _, _, scored in per_goal for item in scored]
    return ProgressReport(
        slug=state.slug,
        name=state.name,
        period=period.label,
        periods=[p.label for p in periods_of(state.plan)],
        deadline=period.deadline(state.grace_days),
        actions=actions,
        goals=[(g, goal.title, weighted(scored, state.weights)) for g, goal, scored in per_goal],
        progress=weighted(everything, state.weights),
    )


def _indicator_rows(
    code: str, action: RoadmapAction, situation: ActionState, baseline_targets: dict[str, float | None]
) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            code=f"{code}.{n}",
            name=indicator.name,
            unit=indicator.unit,
            baseline=indicator.baseline,
            target=indicator.target,
            approved_target=baseline_targets.get(indicator.id),
            actual=situation.actuals.get(indicator.id),
            progress=indicator_progress(indicator, situation.actuals.get(indicator.id)),
        )
        for n, indicator in enumerate(action.indicators, start=1)
    ]
