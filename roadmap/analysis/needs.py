"""Needs analysis findings: scores per dimension and statement, strengths, areas to develop, gaps.

The rules, stated here once and in the document:
- a dimension is a strength when its overall mean is at least the scale's midpoint (3.0); the three
  highest such dimensions are listed;
- a dimension is an area to develop when its overall mean is below 3.0; the three lowest are listed;
- the perception gap is the staff mean minus the civic-actor mean; a gap of 0.5 or more is notable;
- a score that rests on fewer than 5 respondents is flagged as resting on too few answers.
"""

from __future__ import annotations

from collections import defaultdict
from math import sqrt
from typing import Any

from pydantic import BaseModel

from roadmap.domain.catalogues import Instrument
from roadmap.domain.content import NeedsAnalysis, RespondentGroup, SurveyResponse
from roadmap.text import fold_name, tr_sort_key

MIDPOINT = 3.0
LISTED = 3
NOTABLE_GAP = 0.5
MIN_RESPONDENTS = 5


class Score(BaseModel):
    """Mean, spread (sample standard deviation) and how many answers and people it rests on."""

    mean: float | None = None
    spread: float | None = None
    answers: int = 0
    respondents: int = 0

    @property
    def thin(self) -> bool:
        return 0 < self.respondents < MIN_RESPONDENTS


def score(counts: list[int], respondents: int) -> Score:
    """The score of answers given as a histogram: ``counts[v]`` answers of value v (1–5)."""
    n = sum(counts)
    if not n:
        return Score()
    average = sum(v * c for v, c in enumerate(counts)) / n
    spread = None
    if n > 1:
        spread = round(sqrt(sum(c * (v - average) ** 2 for v, c in enumerate(counts)) / (n - 1)), 2)
    return Score(mean=round(average, 2), spread=spread, answers=n, respondents=respondents)


def _add(total: list[int], counts: list[int]) -> list[int]:
    return [a + b for a, b in zip(total, counts, strict=True)]


class Finding(BaseModel):
    """Scores of one dimension or statement: staff, civic actors, everyone."""

    id: str
    staff: Score
    civic: Score
    overall: Score

    @property
    def gap(self) -> float | None:
        """Staff minus civic actors: positive when staff see the municipality more favourably."""
        if self.staff.mean is None or self.civic.mean is None:
            return None
        return round(self.staff.mean - self.civic.mean, 2)

    @property
    def notable_gap(self) -> bool:
        return self.gap is not None and abs(self.gap) >= NOTABLE_GAP


class DirectorateScores(BaseModel):
    """Staff scores per dimension from the respondents of one directorate."""

    directorate: str
    respondents: int
    dimensions: dict[str, Score]


class NeedsFindings(BaseModel):
    staff_responses: int
    civic_responses: int
    dimensions: list[Finding]
    statements: list[Finding]
    directorates: list[DirectorateScores] = []  # staff scores by the directorate they named
    directorates_hidden: int = 0  # directorates with too few respondents to show without naming them

    def ranked(self) -> list[Finding]:
        scored = [d for d in self.dimensions if d.overall.mean is not None]
        return sorted(scored, key=lambda d: (-(d.overall.mean or 0), d.id))

    def strengths(self) -> list[Finding]:
        return [d for d in self.ranked() if (d.overall.mean or 0) >= MIDPOINT][:LISTED]

    def areas_to_develop(self) -> list[Finding]:
        return [d for d in reversed(self.ranked()) if (d.overall.mean or 0) < MIDPOINT][:LISTED]

    def notable_gaps(self) -> list[Finding]:
        return sorted((d for d in self.dimensions if d.notable_gap), key=lambda d: -abs(d.gap or 0))

    def thin_scores(self) -> list[tuple[str, RespondentGroup]]:
        """(dimension, group) pairs whose score rests on too few respondents."""
        return [
            (d.id, group)
            for d in self.dimensions
            for group in RespondentGroup
            if getattr(d, group.value).thin
        ]

    def dimension(self, dimension_id: str) -> Finding | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def score(self, dimension_id: str) -> float | None:
        found = self.dimension(dimension_id)
        return found.overall.mean if found else None


def needs_findings(needs: NeedsAnalysis, tool: Instrument, directorates: bool = True) -> NeedsFindings:
    """Every score, in one pass over the responses (a cohort may hold tens of thousands)."""
    # Histograms of answers (index = value 1–5) per statement and group: a cohort may hold tens of
    # thousands of responses, and a histogram makes every mean and spread below cost the same.
    values: dict[tuple[str, RespondentGroup], list[int]] = defaultdict(lambda: [0] * 6)
    people: dict[tuple[str, RespondentGroup], int] = defaultdict(int)
    dimension_of = {s.id: d.id for d in tool.dimensions for s in d.statements}
    for response in needs.responses:
        touched: set[str] = set()
        for statement_id, value in response.answers.items():
            if value is None or statement_id not in dimension_of:
                continue
            values[(statement_id, response.group)][value] += 1
            people[(statement_id, response.group)] += 1
            touched.add(dimension_of[statement_id])
        for dimension_id in touched:
            people[(dimension_id, response.group)] += 1

    def finding(item_id: str, statement_ids: list[str]) -> Finding:
        by_group = {group: [0] * 6 for group in RespondentGroup}
        for group in RespondentGroup:
            for statement_id in statement_ids:
                by_group[group] = _add(by_group[group], values[(statement_id, group)])
        staff, civic = RespondentGroup.STAFF, RespondentGroup.CIVIC
        return Finding(
            id=item_id,
            staff=score(by_group[staff], people[(item_id, staff)]),
            civic=score(by_group[civic], people[(item_id, civic)]),
            overall=score(
                _add(by_group[staff], by_group[civic]), people[(item_id, staff)] + people[(item_id, civic)]
            ),
        )

    return NeedsFindings(
        staff_responses=needs.count(RespondentGroup.STAFF),
        civic_responses=needs.count(RespondentGroup.CIVIC),
        dimensions=[finding(d.id, [s.id for s in d.statements]) for d in tool.dimensions],
        statements=[finding(s.id, [s.id]) for d in tool.dimensions for s in d.statements],
        **(_directorates(needs, tool) if directorates else {}),
    )


def _directorates(needs: NeedsAnalysis, tool: Instrument) -> dict[str, Any]:
    rows = by_directorate(needs, tool)
    shown = [row for row in rows if row.respondents >= MIN_RESPONDENTS]
    return {"directorates": shown, "directorates_hidden": len(rows) - len(shown)}


def by_directorate(needs: NeedsAnalysis, tool: Instrument) -> list[DirectorateScores]:
    """Each directorate the staff named (however it was capitalised), the largest first.

    Findings show only those with at least :data:`MIN_RESPONDENTS` respondents: a directorate's score
    rests on few people by nature, and one of two people would show how each of them answered.
    """
    groups: dict[str, list[SurveyResponse]] = defaultdict(list)
    names: dict[str, str] = {}
    for response in needs.responses:
        if response.group == RespondentGroup.STAFF and response.directorate.strip():
            folded = fold_name(response.directorate)
            names.setdefault(folded, " ".join(response.directorate.split()))
            groups[folded].append(response)
    rows = []
    for folded, responses in groups.items():
        findings = needs_findings(NeedsAnalysis(responses=responses), tool, directorates=False)
        rows.append(
            DirectorateScores(
                directorate=names[folded],
                respondents=len(responses),
                dimensions={d.id: d.staff for d in findings.dimensions},
            )
        )
    return sorted(rows, key=lambda row: (-row.respondents, tr_sort_key(row.directorate)))
