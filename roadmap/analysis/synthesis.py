"""Themes kept up to date as inputs arrive, and what they say about the consultation: counts by
meeting and stakeholder type, the focus areas and dimensions they touch, and the gaps.

Accepted themes are people's: their ids, names and inputs stay; a new input joins the accepted theme it
is as close to as that theme's own inputs are, and whatever no accepted theme takes is clustered afresh
into suggestions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

import numpy as np
from pydantic import BaseModel

from roadmap.analysis.themes import Matrix, centroids, content_words, stem, suggest, theme_name
from roadmap.domain.content import RoadmapData, Theme, new_record_id
from roadmap.text import fold_name


def refresh_themes(
    themes: Sequence[Theme],
    ids: Sequence[str],
    texts: Sequence[str],
    rows: Matrix,
    seed: int = 0,
    make_id: Callable[[], str] = new_record_id,
) -> list[Theme]:
    """Accepted themes first, as people left them (minus inputs that no longer exist, plus new inputs
    close enough to them); then fresh suggestions for every other input. A suggestion with the same
    inputs as an earlier one keeps that one's id."""
    position = {input_id: row for row, input_id in enumerate(ids)}
    accepted = [
        t.model_copy(update={"inputs": [i for i in t.inputs if i in position]}, deep=True)
        for t in themes
        if t.accepted
    ]
    accepted = [t for t in accepted if t.inputs]
    seen = {i for t in themes for i in t.inputs}
    placed = {i for t in accepted for i in t.inputs}
    if accepted:
        groups = [[position[i] for i in t.inputs] for t in accepted]
        centres = centroids(rows, groups)
        # A theme's reach: as far as its farthest own input, never wider than a cosine of 0.3.
        reach = [max(0.3, float(np.min(rows[g] @ centres[n]))) for n, g in enumerate(groups)]
        for input_id in ids:
            if input_id in seen:  # an input people already saw stays where they left it
                continue
            similarity = centres @ rows[position[input_id]]
            best = int(np.argmax(similarity))
            if similarity[best] >= reach[best]:
                accepted[best].inputs.append(input_id)
                placed.add(input_id)
    free = [i for i in ids if i not in placed]
    suggestions = _suggestions(free, texts, rows, position, seed)
    earlier = {frozenset(t.inputs): t.id for t in themes if not t.accepted}
    fresh = [
        Theme(id=earlier.get(frozenset(inputs), make_id()), name=name, inputs=inputs)
        for name, inputs in suggestions
    ]
    return accepted + fresh


def _suggestions(
    free: list[str], texts: Sequence[str], rows: Matrix, position: dict[str, int], seed: int
) -> list[tuple[str, list[str]]]:
    if not free:
        return []
    picked = [position[i] for i in free]
    corpus = list(texts)
    found = suggest([texts[r] for r in picked], rows[picked], corpus, seed)
    return [(s.name, [free[r] for r in s.rows] + [free[r] for r in s.second]) for s in found]


def name_from(input_ids: Sequence[str], text_of: dict[str, str]) -> str:
    """A theme's name from the words of the given inputs (for a theme split off by hand)."""
    return theme_name([text_of[i] for i in input_ids if i in text_of], list(text_of.values()))


class ThemeInput(BaseModel):
    id: str
    code: str
    text: str
    meeting: str
    source: str = ""


class ThemeView(BaseModel):
    """One theme as people read it: its inputs verbatim and what they touch."""

    id: str
    name: str
    accepted: bool
    inputs: list[ThemeInput]
    by_meeting: dict[str, int]
    by_stakeholder_type: dict[str, int]
    focus_areas: list[str]
    dimensions: list[str]
    actions: list[str]  # the ids of roadmap actions its inputs became or that answer them


class Synthesis(BaseModel):
    themes: list[ThemeView]
    themes_without_action: list[str]  # theme ids
    focus_without_input: list[str]  # selected focus areas' codes
    unthemed_inputs: list[str]  # input ids in no theme


def synthesis(data: RoadmapData, themes: Sequence[Theme] | None = None) -> Synthesis:
    """What the themes (the stored ones unless given) say about the consultation."""
    themes = data.consultations.themes if themes is None else themes
    codes = data.consultations.input_codes()
    types = {fold_name(s.name): s.type.value for s in data.stakeholders.stakeholders}
    answered: dict[str, list[str]] = {}
    for _, action in data.plan.actions():
        for input_id in action.answers:
            answered.setdefault(input_id, []).append(action.id)
    found = {
        given.id: (meeting, given) for meeting in data.consultations.meetings for given in meeting.inputs
    }
    views = []
    for theme in themes:
        pairs = [found[i] for i in theme.inputs if i in found]
        actions = sorted(
            {a for _, g in pairs for a in ([g.action] if g.action else []) + answered.get(g.id, [])}
        )
        focus = sorted({g.focus_area for _, g in pairs if g.focus_area})
        views.append(
            ThemeView(
                id=theme.id,
                name=theme.name,
                accepted=theme.accepted,
                inputs=[
                    ThemeInput(
                        id=g.id,
                        code=codes.get(g.id, ""),
                        text=g.text,
                        meeting=m.code or m.title,
                        source=g.source,
                    )
                    for m, g in pairs
                ],
                by_meeting=dict(Counter(m.code or m.title for m, _ in pairs)),
                by_stakeholder_type=dict(
                    Counter(types.get(fold_name(g.source), "unknown") for _, g in pairs)
                ),
                focus_areas=focus,
                dimensions=sorted({d for code in focus for d in data.dimensions_of(code)}),
                actions=actions,
            )
        )
    heard = {g.focus_area for _, g in data.consultations.inputs() if g.focus_area}
    in_theme = {i for t in themes for i in t.inputs}
    return Synthesis(
        themes=views,
        themes_without_action=[v.id for v in views if not v.actions],
        focus_without_input=[c.code for c in data.focus.selected() if c.code not in heard],
        unthemed_inputs=[g.id for _, g in data.consultations.inputs() if g.id not in in_theme],
    )


class RecurringTopic(BaseModel):
    """A word that names themes in several municipalities, with those themes."""

    word: str
    municipalities: list[str]  # slugs
    themes: list[str]  # "slug: theme name"


def recurring_topics(
    themes_by_municipality: Mapping[str, Sequence[Theme]], least: int = 2
) -> list[RecurringTopic]:
    """The words of theme names shared by at least ``least`` municipalities, the most shared first:
    compared by their first five folded letters, so "gençlik" and "gençler" meet, shown as written."""
    where: dict[str, set[str]] = {}
    forms: dict[str, Counter[str]] = {}
    named: dict[str, list[str]] = {}
    for slug, themes in sorted(themes_by_municipality.items()):
        for theme in themes:
            for word in content_words(theme.name):
                key = stem(word, "prefix")
                where.setdefault(key, set()).add(slug)
                forms.setdefault(key, Counter())[word] += 1
                label = f"{slug}: {theme.name}"
                if label not in named.setdefault(key, []):
                    named[key].append(label)
    shared = [key for key, slugs in where.items() if len(slugs) >= least]
    shared.sort(key=lambda key: (-len(where[key]), forms[key].most_common(1)[0][0]))
    return [
        RecurringTopic(
            word=forms[key].most_common(1)[0][0], municipalities=sorted(where[key]), themes=named[key]
        )
        for key in shared
    ]
