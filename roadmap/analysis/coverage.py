"""Who has been heard: consultation coverage of focus areas and key stakeholders.

A key stakeholder here has power or interest of 4 or 5: those the team must not leave unheard.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from roadmap.analysis.stakeholders import KEY
from roadmap.domain.content import Consultations, FocusAreas, Meeting, StakeholderMap
from roadmap.text import fold_name


class Participation(BaseModel):
    """Head counts over the meetings held; a group's figure is None where no meeting recorded it."""

    total: int = 0
    women: int | None = None
    youth: int | None = None
    disability: int | None = None


class Coverage(BaseModel):
    consulted_focus: list[str]
    unconsulted_focus: list[str]
    not_invited: list[str]
    invited_not_attended: list[str]
    inputs_per_focus: dict[str, int]
    answered_per_focus: dict[str, int]
    answered_share: float | None
    participation: Participation

    @property
    def participants(self) -> int:
        return self.participation.total

    @property
    def not_heard(self) -> list[str]:
        return self.not_invited + self.invited_not_attended


def participation(meetings: list[Meeting]) -> Participation:
    result = Participation(total=sum(m.participants.total for m in meetings))
    for group in ("women", "youth", "disability"):
        known = [
            getattr(m.participants, group) for m in meetings if getattr(m.participants, group) is not None
        ]
        setattr(result, group, sum(known) if known else None)
    return result


def consultation_coverage(
    consultations: Consultations, focus: FocusAreas, stakeholders: StakeholderMap, key_level: int = KEY
) -> Coverage:
    """Which selected focus areas and key stakeholders (power or interest from ``key_level``) the held
    meetings reached, and what was said."""
    held = consultations.held()
    consulted = {code for m in held if m.audience == "external" for code in m.focus_areas}
    selected = [c.code for c in focus.selected()]
    invited = {fold_name(name) for m in consultations.meetings for name in m.invited}
    attended = {fold_name(name) for m in held for name in m.attended}
    key = [s.name for s in stakeholders.stakeholders if max(s.power or 0, s.interest or 0) >= key_level]
    inputs = [i for _, i in consultations.inputs()]
    answered = [i for i in inputs if i.response is not None]
    return Coverage(
        consulted_focus=[c for c in selected if c in consulted],
        unconsulted_focus=[c for c in selected if c not in consulted],
        not_invited=[n for n in key if fold_name(n) not in invited and fold_name(n) not in attended],
        invited_not_attended=[n for n in key if fold_name(n) in invited and fold_name(n) not in attended],
        inputs_per_focus=dict(Counter(i.focus_area or "-" for i in inputs)),
        answered_per_focus=dict(Counter(i.focus_area or "-" for i in answered)),
        answered_share=round(len(answered) / len(inputs), 3) if inputs else None,
        participation=participation(held),
    )
