"""Results explained in sentences a team member reads, from the message catalogue."""

from __future__ import annotations

from roadmap.analysis.focus import RankedFocus
from roadmap.domain.content import FocusWeights
from roadmap.i18n import message
from roadmap.settings import Language
from roadmap.text import number


def need_level(mean: float | None) -> str:
    if mean is None:
        return "unknown"
    return "high" if mean < 2.5 else "medium" if mean < 3.5 else "low"


def focus_reason(
    ranked: RankedFocus, weights: FocusWeights, lang: Language, with_strongest: bool = True
) -> str:
    """Why a focus area sits where it does: each part of its score, and which part weighed most."""
    level = need_level(ranked.need_mean)
    need = (
        message("focus.reason.need_unknown", lang)
        if ranked.need_mean is None
        else message(
            "focus.reason.need",
            lang,
            mean=number(ranked.need_mean, lang, 2),
            level=message(f"focus.level.{level}", lang),
        )
    )
    strategy = (
        message("focus.reason.strategy", lang, goal=ranked.strategic_goal)
        if ranked.strategic_goal
        else message("focus.reason.no_strategy", lang)
    )
    parts = [
        need,
        strategy,
        message("focus.reason.local", lang, value=ranked.local_priority),
        message("focus.reason.feasibility", lang, value=ranked.feasibility_rating),
    ]
    said = "; ".join(parts) + "."
    if not with_strongest:
        return said
    strongest = message(f"focus.part.{ranked.strongest(weights)}", lang)
    return said + " " + message("focus.reason.strongest", lang, part=strongest)
