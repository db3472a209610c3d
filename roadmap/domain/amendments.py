"""Amendments to an approved plan: what may change (dates, targets, responsible), and the plan as
amended. The approved plan itself is never edited: it stays the baseline that progress is read against."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from roadmap.domain.content import Content, RoadmapAction, RoadmapPlan, Words


class AmendmentChange(Content):
    """The new values asked for; a field left empty keeps the plan's."""

    start_month: int | None = Field(default=None, ge=1, le=120)
    end_month: int | None = Field(default=None, ge=1, le=120)
    responsible: Words | None = None
    targets: dict[str, float] = {}  # indicator id -> its new target

    def is_empty(self) -> bool:
        return (
            self.start_month is None
            and self.end_month is None
            and self.responsible is None
            and not self.targets
        )


def baseline_values(action: RoadmapAction, change: AmendmentChange) -> dict[str, Any]:
    """The values an amendment replaces, as they are now: kept beside it for the record."""
    before: dict[str, Any] = {}
    for name in ("start_month", "end_month", "responsible"):
        if getattr(change, name) is not None:
            before[name] = getattr(action, name)
    if change.targets:
        before["targets"] = {i.id: i.target for i in action.indicators if i.id in change.targets}
    return before


def amended_action(action: RoadmapAction, changes: list[AmendmentChange]) -> RoadmapAction:
    """The action with the approved changes applied, in order."""
    updated = action.model_copy(deep=True)
    for change in changes:
        for name in ("start_month", "end_month", "responsible"):
            value = getattr(change, name)
            if value is not None:
                setattr(updated, name, value)
        for indicator in updated.indicators:
            if indicator.id in change.targets:
                indicator.target = change.targets[indicator.id]
    return updated


def amended_plan(plan: RoadmapPlan, changes: dict[str, list[AmendmentChange]]) -> RoadmapPlan:
    """The approved plan with each action's approved amendments applied (``changes`` by action id)."""
    updated = plan.model_copy(deep=True)
    for goal in updated.goals:
        goal.actions = [amended_action(a, changes.get(a.id, [])) for a in goal.actions]
    return updated
