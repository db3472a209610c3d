"""Focus area use cases: the ranking of the candidates, with the weights behind it."""

from __future__ import annotations

from pydantic import BaseModel

from roadmap.analysis.focus import RankedFocus, rank_focus_areas
from roadmap.analysis.needs import needs_findings
from roadmap.domain.content import FocusWeights
from roadmap.i18n import DEFAULT_LANGUAGE
from roadmap.services.access import resolve_actor, visible_municipality
from roadmap.settings import Language
from roadmap.store.db import unit_of_work
from roadmap.store.repository import roadmap_data


class FocusRanking(BaseModel):
    name: str
    weights: FocusWeights
    ranking: list[RankedFocus]


def focus_ranking(email: str | None, slug: str, lang: Language = DEFAULT_LANGUAGE) -> FocusRanking:
    """Every candidate focus area ranked against the needs analysis, plan, priority and feasibility.

    The reasons are worded in ``lang``, the reader's language (the edge passes it).
    """
    with unit_of_work() as session:
        municipality = visible_municipality(session, resolve_actor(session, email), slug)
        data = roadmap_data(session, municipality)
    findings = needs_findings(data.needs, data.catalogues.instrument)
    ranking = rank_focus_areas(data.focus, data.catalogues.catalogue, findings, lang)
    return FocusRanking(name=data.name, weights=data.focus.weights, ranking=ranking)
