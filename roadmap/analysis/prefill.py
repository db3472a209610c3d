"""A first draft of the roadmap from stages 1–4, for the team to edit."""

from __future__ import annotations

from roadmap.domain.catalogues import FocusArea
from roadmap.domain.content import Goal, InputResponse, RoadmapAction, RoadmapData, RoadmapPlan
from roadmap.settings import Language
from roadmap.text import tr_sort_key

PARTNERS = 3


def prefill_plan(
    data: RoadmapData, catalogue: dict[str, FocusArea], lang: Language, goal_title: str
) -> RoadmapPlan:
    """One goal per selected focus area; actions from accepted inputs, then the catalogue's typical
    actions; partners from the external stakeholders linked to the area, strongest first.

    ``goal_title`` is a format string with ``{area}``, in the document's language.
    """
    goals = []
    for candidate in data.focus.selected():
        area = catalogue.get(candidate.code)
        title = candidate.title or (area.title(lang) if area else candidate.code)
        linked = [
            s for s in data.stakeholders.stakeholders if candidate.code in s.focus_areas and not s.internal
        ]
        linked.sort(key=lambda s: (-(s.power or 0) - (s.interest or 0), tr_sort_key(s.name)))
        partners = [s.name for s in linked[:PARTNERS]]
        actions = [
            RoadmapAction(
                title=_title(given.text), description=given.text, partners=partners, answers=[given.id]
            )
            for _, given in data.consultations.inputs()
            if given.response == InputResponse.ACCEPTED and given.focus_area == candidate.code
        ]
        if area:
            actions += [RoadmapAction(title=text, partners=partners) for text in area.actions(lang)]
        goals.append(Goal(focus_area=candidate.code, title=goal_title.format(area=title), actions=actions))
    return data.plan.model_copy(update={"goals": goals})


def _title(text: str, limit: int = 120) -> str:
    first = text.split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"
