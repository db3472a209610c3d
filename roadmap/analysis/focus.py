"""Rank candidate focus areas: need (from the needs analysis), strategic plan link, local priority, feasibility.

Each part is scaled to 0–1 and weighted; the score is the weighted mean × 100:
- need: (5 − mean score of the dimensions the area addresses) / 4, so a dimension scored 1 is full need;
  with no needs-analysis data for those dimensions the part is 0.5 (unknown, neither high nor low);
- strategy: 1 when the area is linked to a strategic plan goal, else 0;
- local priority and feasibility: the team's 1–5 rating, as (rating − 1) / 4.
"""

from __future__ import annotations

from pydantic import BaseModel

from roadmap.analysis.needs import NeedsFindings
from roadmap.domain.catalogues import FocusArea
from roadmap.domain.content import FocusAreas, FocusCandidate, FocusWeights
from roadmap.settings import Language

PARTS = ("need", "strategy", "local", "feasibility")


class RankedFocus(BaseModel):
    code: str
    title: str
    selected: bool
    score: float
    need: float
    strategy: float
    local: float
    feasibility: float
    need_mean: float | None
    strategic_goal: str
    local_priority: int
    feasibility_rating: int
    rank: int = 0

    def contribution(self, part: str, weights: FocusWeights) -> float:
        """Points (of 100) this part adds to the score."""
        weight: float = getattr(weights, part)
        value: float = getattr(self, part)
        return 100 * weight * value / weights.total()

    def strongest(self, weights: FocusWeights) -> str:
        return max(PARTS, key=lambda part: self.contribution(part, weights))


def _dimensions(candidate: FocusCandidate, area: FocusArea | None) -> list[str]:
    return candidate.dimensions or (area.dimensions if area else [])


def rank_focus_areas(
    focus: FocusAreas, catalogue: dict[str, FocusArea], findings: NeedsFindings, lang: Language
) -> list[RankedFocus]:
    """Candidates from best to worst score (ties by title), each with the parts of its score."""
    w = focus.weights
    ranked = []
    for candidate in focus.candidates:
        area = catalogue.get(candidate.code)
        scores = [s for s in (findings.score(d) for d in _dimensions(candidate, area)) if s is not None]
        need_mean = round(sum(scores) / len(scores), 2) if scores else None
        parts = {
            "need": (5 - need_mean) / 4 if need_mean is not None else 0.5,
            "strategy": 1.0 if candidate.strategic_goal else 0.0,
            "local": (candidate.local_priority - 1) / 4,
            "feasibility": (candidate.feasibility - 1) / 4,
        }
        total = sum(getattr(w, part) * value for part, value in parts.items())
        ranked.append(
            RankedFocus(
                code=candidate.code,
                title=candidate.title or (area.title(lang) if area else candidate.code),
                selected=candidate.selected,
                score=round(100 * total / w.total(), 1),
                need_mean=need_mean,
                strategic_goal=candidate.strategic_goal,
                local_priority=candidate.local_priority,
                feasibility_rating=candidate.feasibility,
                **parts,
            )
        )
    ranked.sort(key=lambda r: (-r.score, r.title))
    for position, item in enumerate(ranked, start=1):
        item.rank = position
    return ranked
