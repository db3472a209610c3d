"""The power/interest grid (Mendelow) over the stakeholder register."""

from __future__ import annotations

from enum import StrEnum

from roadmap.domain.content import Stakeholder

# 3 is the scale's midpoint and counts as high, so a neutral rating never drops a stakeholder to "monitor".
HIGH = 3


class Quadrant(StrEnum):
    MANAGE_CLOSELY = "manage_closely"
    KEEP_SATISFIED = "keep_satisfied"
    KEEP_INFORMED = "keep_informed"
    MONITOR = "monitor"


def quadrant(power: int, interest: int) -> Quadrant:
    if power >= HIGH:
        return Quadrant.MANAGE_CLOSELY if interest >= HIGH else Quadrant.KEEP_SATISFIED
    return Quadrant.KEEP_INFORMED if interest >= HIGH else Quadrant.MONITOR


def power_interest_grid(stakeholders: list[Stakeholder]) -> dict[Quadrant, list[Stakeholder]]:
    """Stakeholders with power and interest set, grouped by quadrant, strongest first."""
    grid: dict[Quadrant, list[Stakeholder]] = {q: [] for q in Quadrant}
    for s in stakeholders:
        if s.power is not None and s.interest is not None:
            grid[quadrant(s.power, s.interest)].append(s)
    for members in grid.values():
        members.sort(key=lambda s: (-(s.power or 0), -(s.interest or 0), s.name))
    return grid
