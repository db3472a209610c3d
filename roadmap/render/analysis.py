"""Everything the document derives from the data: one pure function, one model."""

from __future__ import annotations

from pydantic import BaseModel

from roadmap.analysis.coverage import Coverage, consultation_coverage
from roadmap.analysis.focus import RankedFocus, rank_focus_areas
from roadmap.analysis.needs import NeedsFindings, needs_findings
from roadmap.analysis.stakeholders import Quadrant, power_interest_grid
from roadmap.domain.content import FocusWeights, RoadmapData, Stakeholder
from roadmap.settings import Language


class Analysis(BaseModel):
    findings: NeedsFindings
    ranking: list[RankedFocus]
    weights: FocusWeights
    grid: dict[Quadrant, list[Stakeholder]]
    coverage: Coverage


def analyse(data: RoadmapData, lang: Language) -> Analysis:
    findings = needs_findings(data.needs, data.catalogues.instrument)
    return Analysis(
        findings=findings,
        ranking=rank_focus_areas(data.focus, data.catalogues.catalogue, findings, lang),
        weights=data.focus.weights,
        grid=power_interest_grid(data.stakeholders.stakeholders),
        coverage=consultation_coverage(data.consultations, data.focus, data.stakeholders),
    )
