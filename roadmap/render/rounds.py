"""The stakeholder map over time, drawn: a round's power/interest grid with arrows from the round before
it (a PNG for the web page, a native chart for Word), and a short Word document of the rounds.

The grid uses the same words, colours and layout as the roadmap's own grid; only the places come
from the round.
"""

from __future__ import annotations

from pathlib import Path

from roadmap.analysis.stakeholders import numbered, power_interest_grid
from roadmap.atomic import write_atomically
from roadmap.domain.content import Stakeholder
from roadmap.i18n import translate
from roadmap.render.charts import power_interest_chart
from roadmap.render.native_charts import NativeChart, power_interest
from roadmap.render.texts import DocumentTexts
from roadmap.render.word import WordBuilder
from roadmap.services.rounds import RoundsView
from roadmap.settings import Language, get_settings
from roadmap.text import long_date

QUADRANTS = ("manage_closely", "keep_satisfied", "keep_informed", "monitor")


def placed_after(view: RoundsView, index: int) -> list[tuple[int, Stakeholder]]:
    """The stakeholders where round ``index`` left them, each numbered by its code (P6 → 6)."""
    where = view.after[index]
    moved = [
        s.model_copy(update={"power": where[s.id].power, "interest": where[s.id].interest})
        for s in view.stakeholders
        if s.id in where
    ]
    return [(int(view.codes[s.id][1:]), s) for _, _, s in numbered(power_interest_grid(moved))]


def moved_from(view: RoundsView, index: int) -> dict[str, tuple[int, int]]:
    """Each stakeholder that moved in round ``index``: its earlier (interest, power), as the grid's x, y."""
    return {
        m.stakeholder_id: (m.before.interest, m.before.power) for m in view.moves[view.rounds[index].label]
    }


def _words(lang: Language) -> tuple[DocumentTexts, tuple[str, str], list[str], tuple[str, str]]:
    t = DocumentTexts(lang)
    axes = (t("axis_interest"), t("axis_power"))
    kinds = (t.label("audience", "internal"), t.label("audience", "external"))
    return t, axes, [t.label("quadrant", q) for q in QUADRANTS], kinds


def round_grid_png(view: RoundsView, label: str, lang: Language) -> bytes:
    """The web page's picture of a round's grid, with arrows from the round before."""
    index = view.find(label)
    _, axes, quadrants, kinds = _words(lang)
    return power_interest_chart(
        placed_after(view, index),
        axes,
        quadrants,
        kinds,
        moved_from=moved_from(view, index),
        moved_label=translate("rounds.chart.moved", lang),
    )


def round_grid_native(view: RoundsView, label: str, lang: Language) -> NativeChart:
    """The same grid as a native Word chart."""
    index = view.find(label)
    _, axes, quadrants, kinds = _words(lang)
    moves = view.moves[label]
    description = translate("rounds.chart.description", lang, label=label, count=len(moves))
    return power_interest(
        placed_after(view, index),
        axes,
        kinds,
        quadrants,
        description,
        lang,
        moved_from=moved_from(view, index),
        moved_label=translate("rounds.chart.moved", lang),
    )


def write_rounds_document(view: RoundsView, label: str, lang: Language, path: Path) -> Path:
    """A Word document of one round: its grid with arrows, what changed and why, the suggestions and
    the silent key stakeholders. Written atomically."""
    index = view.find(label)
    record = view.rounds[index]
    w = WordBuilder(get_settings().reference_docx, lang)
    w.heading(translate("rounds.title", lang, name=view.name), 1)
    w.paragraph(
        translate(
            "rounds.document.intro",
            lang,
            label=record.label,
            day=long_date(record.day, lang),
            kind=translate(f"rounds.kind.{record.kind.value}", lang),
        )
    )
    w.chart(round_grid_native(view, label, lang), 15.5, translate("rounds.chart.caption", lang, label=label))
    moves = view.moves[label]
    w.heading(translate("rounds.changes", lang, label=label, count=len(moves)), 2)
    if moves:
        w.table(
            [translate(f"rounds.header.{h}", lang) for h in ("code", "name", "before", "after", "reason")],
            [
                [
                    m.code,
                    m.name,
                    f"{m.before.power} / {m.before.interest}",
                    f"{m.after.power} / {m.after.interest}",
                    m.reason,
                ]
                for m in moves
            ],
        )
    if view.suggestions:
        w.heading(translate("rounds.suggestions", lang), 2)
        w.bullets(
            [
                f"{s.code} {s.name}: {translate(f'rounds.field.{s.field}', lang)} {s.current} → {s.suggested}. "
                + " ".join(r.render(lang) for r in s.reasons)
                for s in view.suggestions
            ]
        )
    if view.flags:
        w.heading(translate("rounds.flags", lang, count=len(view.flags)), 2)
        never = translate("rounds.never", lang)
        w.bullets(
            [
                translate(
                    "rounds.flag",
                    lang,
                    code=f.code,
                    name=f.name,
                    quarters=", ".join(f.silent),
                    last=long_date(f.last_contact, lang) if f.last_contact else never,
                )
                for f in view.flags
            ]
        )
    return write_atomically(path, w.save)
