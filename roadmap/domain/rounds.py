"""Re-assessment rounds of the stakeholder map: their labels, the codes people use for stakeholders,
and the rule that a changed score needs a reason.

A round is opened at a quarter (labelled "2027-Q1", from its date) or on demand (labelled with its
date, "2027-02-14"). Rounds never change the approved map: each keeps its own scores, keyed by the
stakeholder's stable record id.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from pydantic import BaseModel

from roadmap.domain.content import Stakeholder
from roadmap.errors import InvalidInput
from roadmap.text import fold_name

QUARTER = re.compile(r"(\d{4})-Q([1-4])")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
CODE = re.compile(r"[Pp](\d{1,4})")
MIN_SCORE, MAX_SCORE = 1, 5


class RoundKind(StrEnum):
    QUARTER = "quarter"
    ON_DEMAND = "on_demand"


class Standing(NamedTuple):
    """Where a stakeholder sits on the grid."""

    power: int
    interest: int


def quarter_of(day: date) -> str:
    """``2027-02-14`` → ``"2027-Q1"``."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_index(day: date) -> int:
    """Quarters counted from year 0: the difference of two is the number of quarters between them."""
    return day.year * 4 + (day.month - 1) // 3


def quarter_label(index: int) -> str:
    """The label of a quarter counted as :func:`quarter_index` counts it."""
    return f"{index // 4}-Q{index % 4 + 1}"


def quarter_bounds(label: str) -> tuple[date, date]:
    """The first and the last day of a quarter label."""
    found = QUARTER.fullmatch(label)
    if not found:
        raise InvalidInput("rounds.bad_label", value=label, field="round")
    year, quarter = int(found[1]), int(found[2])
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def quarter_labels(first: date, last: date) -> list[str]:
    """The quarters from the one of ``first`` to the one of ``last``, both included."""
    return [quarter_label(i) for i in range(quarter_index(first), quarter_index(last) + 1)]


def round_label(day: date, kind: RoundKind) -> str:
    """A quarter's round is named for its quarter; a round on demand for its day."""
    return quarter_of(day) if kind == RoundKind.QUARTER else day.isoformat()


def round_from_label(label: str, today: date) -> tuple[RoundKind, date]:
    """What a label given by a person opens: a quarter (dated today when today is in it, else its last
    day if it is past, its first day if it is to come), or a round on demand on that day."""
    label = label.strip()
    if QUARTER.fullmatch(label):
        first, last = quarter_bounds(label)
        return RoundKind.QUARTER, min(max(today, first), last)
    if DAY.fullmatch(label):
        try:
            return RoundKind.ON_DEMAND, date.fromisoformat(label)
        except ValueError:
            pass
    raise InvalidInput("rounds.bad_label", value=label, field="round")


def stakeholder_codes(stakeholders: list[Stakeholder]) -> dict[str, str]:
    """Each stakeholder's code by its id: "P" and its place in the approved map ("P3")."""
    return {s.id: f"P{number}" for number, s in enumerate(stakeholders, start=1)}


def find_stakeholder(stakeholders: list[Stakeholder], reference: str) -> Stakeholder:
    """A stakeholder by its code ("P3"), its record id or its name (Turkish-aware)."""
    reference = reference.strip()
    code = CODE.fullmatch(reference)
    if code and 1 <= int(code[1]) <= len(stakeholders):
        return stakeholders[int(code[1]) - 1]
    for s in stakeholders:
        if s.id == reference:
            return s
    folded = fold_name(reference)
    for s in stakeholders:
        if fold_name(s.name) == folded:
            return s
    raise InvalidInput("rounds.unknown_stakeholder", value=reference, field="stakeholder")


class ScoreEntry(BaseModel):
    """One stakeholder's scores in a round as a person gives them: by code, id or name. A score left
    out (None) stays as it was; ``contact`` records whether the municipality was in touch with them in
    this round (None: as recorded before, so a later command does not undo an earlier contact)."""

    stakeholder: str
    power: int | None = None
    interest: int | None = None
    reason: str = ""
    contact: bool | None = None


def parse_setting(text: str) -> ScoreEntry:
    """``"P3=4,5"`` (code or name, then power and interest) as an entry; a clear refusal otherwise."""
    who, sep, scores = text.rpartition("=")
    parts = [p.strip() for p in scores.split(",")]
    if not sep or not who.strip() or len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise InvalidInput("rounds.bad_setting", value=text, field="set")
    return ScoreEntry(stakeholder=who.strip(), power=int(parts[0]), interest=int(parts[1]))


def checked_score(value: int, name: str, field: str) -> int:
    if not MIN_SCORE <= value <= MAX_SCORE:
        raise InvalidInput("rounds.bad_score", name=name, value=value, field=field)
    return value
