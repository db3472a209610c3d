"""Who has been heard: consultation coverage of focus areas and key stakeholders."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from roadmap.analysis.stakeholders import HIGH
from roadmap.domain.content import Consultations, FocusAreas, StakeholderMap
from roadmap.text import fold_name


class Coverage(BaseModel):
    consulted_focus: list[str]
    unconsulted_focus: list[str]
    not_heard: list[str]
    inputs_per_focus: dict[str, int]
    answered_share: float | None
    participants: int


def consultation_coverage(
    consultations: Consultations, focus: FocusAreas, stakeholders: StakeholderMap
) -> Coverage:
    held = consultations.held()
    consulted = {code for m in held if m.audience == "external" for code in m.focus_areas}
    selected = [c.code for c in focus.selected()]
    attended = {fold_name(name) for m in held for name in m.attended}
    key = [s.name for s in stakeholders.stakeholders if (s.power or 0) >= HIGH or (s.interest or 0) >= HIGH]
    inputs = [i for m in held for i in m.inputs]
    answered = [i for i in inputs if i.response is not None]
    return Coverage(
        consulted_focus=[c for c in selected if c in consulted],
        unconsulted_focus=[c for c in selected if c not in consulted],
        not_heard=[name for name in key if fold_name(name) not in attended],
        inputs_per_focus=dict(Counter(i.focus_area or "-" for i in inputs)),
        answered_share=round(len(answered) / len(inputs), 3) if inputs else None,
        participants=sum(m.participant_count for m in held),
    )
