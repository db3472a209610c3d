"""Rank candidate focus areas against the needs analysis, strategic plan, local priority, feasibility."""

from __future__ import annotations

from pydantic import BaseModel

from roadmap.analysis.needs import NeedsFindings
from roadmap.domain.catalogues import FocusArea
from roadmap.domain.content import FocusAreas


class FocusWeights(BaseModel):
    need: float = 0.4
    strategy: float = 0.2
    local: float = 0.2
    feasibility: float = 0.2


class RankedFocus(BaseModel):
    code: str
    title: str
    selected: bool
    score: float
    need: float
    strategy: float
    local: float
    feasibility: float
    rank: int = 0

    def strongest(self) -> str:
        """The component that contributed most, as a catalogue key suffix."""
        parts = {
            "need": self.need,
            "strategy": self.strategy,
            "local": self.local,
            "feasibility": self.feasibility,
        }
        return max(parts, key=parts.__getitem__)


def _need(area: FocusArea | None, findings: NeedsFindings) -> float:
    """0 (no gap) to 1 (every addressed dimension scored 1 of 5)."""
    if area is None:
        return 0.5
    scores = [s for s in (findings.score(d) for d in area.dimensions) if s is not None]
    if not scores:
        return 0.5
    return round((5 - sum(scores) / len(scores)) / 4, 3)


def rank_focus_areas(
    focus: FocusAreas,
    catalogue: dict[str, FocusArea],
    findings: NeedsFindings,
    lang: str,
    weights: FocusWeights | None = None,
) -> list[RankedFocus]:
    """Candidates from best to worst, each with the parts of its score."""
    w = weights or FocusWeights()
    ranked = []
    for candidate in focus.candidates:
        area = catalogue.get(candidate.code)
        need = _need(area, findings)
        strategy = 1.0 if candidate.strategic_goal else 0.0
        local = (candidate.local_priority - 1) / 4
        feasibility = (candidate.feasibility - 1) / 4
        total = w.need * need + w.strategy * strategy + w.local * local + w.feasibility * feasibility
        title = candidate.title or (area.title(lang) if area else candidate.code)  # type: ignore[arg-type]
        ranked.append(
            RankedFocus(
                code=candidate.code,
                title=title,
                selected=candidate.selected,
                score=round(100 * total / (w.need + w.strategy + w.local + w.feasibility), 1),
                need=w.need * need,
                strategy=w.strategy * strategy,
                local=w.local * local,
                feasibility=w.feasibility * feasibility,
            )
        )
    ranked.sort(key=lambda r: -r.score)
    for position, item in enumerate(ranked, start=1):
        item.rank = position
    return ranked
