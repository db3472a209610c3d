"""Needs analysis findings: score per dimension, strengths, areas to develop, perception gap."""

from __future__ import annotations

from statistics import mean

from pydantic import BaseModel

from roadmap.domain.catalogues import Instrument
from roadmap.domain.content import NeedsAnalysis, RespondentGroup


class DimensionScore(BaseModel):
    id: str
    staff: float | None
    civic: float | None
    overall: float | None

    @property
    def gap(self) -> float | None:
        """Staff minus civic actors: positive when staff see the municipality more favourably."""
        if self.staff is None or self.civic is None:
            return None
        return self.staff - self.civic


class StatementScore(BaseModel):
    id: str
    mean: float | None
    answers: int


class NeedsFindings(BaseModel):
    staff_responses: int
    civic_responses: int
    dimensions: list[DimensionScore]
    statements: list[StatementScore]

    def ranked(self) -> list[DimensionScore]:
        return sorted((d for d in self.dimensions if d.overall is not None), key=lambda d: -d.overall)  # type: ignore[operator]

    def strengths(self, count: int = 3) -> list[DimensionScore]:
        return self.ranked()[:count]

    def areas_to_develop(self, count: int = 3) -> list[DimensionScore]:
        return list(reversed(self.ranked()[-count:]))

    def score(self, dimension_id: str) -> float | None:
        return next((d.overall for d in self.dimensions if d.id == dimension_id), None)


def _mean(values: list[int]) -> float | None:
    return round(mean(values), 2) if values else None


def needs_findings(needs: NeedsAnalysis, tool: Instrument) -> NeedsFindings:
    """Average answers per dimension for each respondent group and for everyone."""
    dimensions = []
    statements = []
    for dimension in tool.dimensions:
        ids = [s.id for s in dimension.statements]
        by_group: dict[RespondentGroup, list[int]] = {g: [] for g in RespondentGroup}
        for response in needs.responses:
            by_group[response.group] += [v for k, v in response.answers.items() if k in ids and v is not None]
        everyone = by_group[RespondentGroup.STAFF] + by_group[RespondentGroup.CIVIC]
        dimensions.append(
            DimensionScore(
                id=dimension.id,
                staff=_mean(by_group[RespondentGroup.STAFF]),
                civic=_mean(by_group[RespondentGroup.CIVIC]),
                overall=_mean(everyone),
            )
        )
        for statement_id in ids:
            values = [
                r.answers[statement_id] for r in needs.responses if r.answers.get(statement_id) is not None
            ]
            statements.append(StatementScore(id=statement_id, mean=_mean(values), answers=len(values)))  # type: ignore[arg-type]
    return NeedsFindings(
        staff_responses=needs.count(RespondentGroup.STAFF),
        civic_responses=needs.count(RespondentGroup.CIVIC),
        dimensions=dimensions,
        statements=statements,
    )
