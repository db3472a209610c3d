"""Charts for the document, drawn with matplotlib and returned as PNG bytes."""

from __future__ import annotations

import io
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from roadmap.analysis.focus import RankedFocus  # noqa: E402
from roadmap.analysis.needs import MIDPOINT, NeedsFindings  # noqa: E402
from roadmap.analysis.stakeholders import HIGH  # noqa: E402
from roadmap.domain.content import FocusWeights, RoadmapPlan, Stakeholder  # noqa: E402

DPI = 130
BLUE, ORANGE, GREY = "#1F4E79", "#C55A11", "#7F7F7F"


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    # Constrained layout instead of bbox_inches="tight", which draws every figure twice.
    figure.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 3})
    plt.close(figure)
    return buffer.getvalue()


def radar_chart(findings: NeedsFindings, labels: dict[str, str], legend: tuple[str, str]) -> bytes:
    """Staff and civic-actor scores per dimension on one radar."""
    ids = [d.id for d in findings.dimensions]
    angles = [2 * math.pi * i / len(ids) for i in range(len(ids))]
    figure = plt.figure(figsize=(6.8, 5.2), layout="constrained")
    axes = figure.add_subplot(polar=True)
    for attr, colour, name in (("staff", BLUE, legend[0]), ("civic", ORANGE, legend[1])):
        values = [getattr(d, attr).mean for d in findings.dimensions]
        if all(v is None for v in values):
            continue
        values = [v or 0 for v in values]
        axes.plot(angles + angles[:1], values + values[:1], color=colour, linewidth=2, label=name)
        axes.fill(angles + angles[:1], values + values[:1], color=colour, alpha=0.12)
    axes.set_xticks(angles)
    axes.set_xticklabels([labels[i] for i in ids], fontsize=7.5)
    axes.set_ylim(0, 5)
    axes.set_yticks([1, 2, 3, 4, 5])
    axes.tick_params(axis="y", labelsize=7)
    axes.legend(loc="upper right", bbox_to_anchor=(1.25, 1.1), fontsize=8)
    return _png(figure)


def dimension_bar_chart(findings: NeedsFindings, labels: dict[str, str], axis: str) -> bytes:
    """Dimensions from strongest to weakest by overall mean, with the scale's midpoint marked."""
    ranked = list(reversed(findings.ranked()))
    figure, axes = plt.subplots(figsize=(6.4, 0.36 * len(ranked) + 1.1), layout="constrained")
    colours = [BLUE if (d.overall.mean or 0) >= MIDPOINT else ORANGE for d in ranked]
    axes.barh([labels[d.id] for d in ranked], [d.overall.mean or 0 for d in ranked], color=colours)
    for index, d in enumerate(ranked):
        axes.text(
            (d.overall.mean or 0) + 0.05,
            index,
            f"{d.overall.mean:.2f}".replace(".", ","),
            va="center",
            fontsize=7,
        )
    axes.axvline(MIDPOINT, color=GREY, linewidth=0.8, linestyle="--")
    axes.set_xlim(1, 5.4)
    axes.set_xlabel(axis)
    axes.tick_params(axis="y", labelsize=7.5)
    return _png(figure)


def power_interest_chart(
    stakeholders: list[Stakeholder], axis: tuple[str, str], quadrants: list[str]
) -> bytes:
    """Each stakeholder placed by interest (x) and power (y), with the four quadrants named."""
    figure, axes = plt.subplots(figsize=(6.4, 5.2), layout="constrained")
    placed = [s for s in stakeholders if s.power is not None and s.interest is not None]
    seen: dict[tuple[int, int], int] = {}
    for s in placed:
        key = (s.interest, s.power)
        offset = seen.get(key, 0)  # type: ignore[arg-type]
        seen[key] = offset + 1  # type: ignore[index]
        colour = BLUE if s.internal else ORANGE
        y = s.power - 0.18 * offset  # type: ignore[operator]
        axes.scatter(s.interest, y, color=colour, s=30, zorder=3)
        axes.annotate(s.name, (s.interest, y), fontsize=6.5, xytext=(4, 2), textcoords="offset points")  # type: ignore[arg-type]
    mid = HIGH - 0.5
    axes.axhline(mid, color=GREY, linewidth=0.8)
    axes.axvline(mid, color=GREY, linewidth=0.8)
    axes.set_xlim(0.5, 5.9)
    axes.set_ylim(0.3, 5.5)
    axes.set_xlabel(axis[0])
    axes.set_ylabel(axis[1])
    for text, (x, y) in zip(quadrants, [(4.9, 5.35), (1.2, 5.35), (4.9, 0.45), (1.2, 0.45)], strict=True):
        axes.text(x, y, text, fontsize=8, color=GREY, ha="center", style="italic")
    return _png(figure)


def ranking_chart(ranking: list[RankedFocus], weights: FocusWeights, legend: list[str]) -> bytes:
    """Stacked bars: what each part contributed to a focus area's score."""
    figure, axes = plt.subplots(figsize=(6.4, 0.45 * len(ranking) + 1.2), layout="constrained")
    ordered = list(reversed(ranking))
    names = [r.title for r in ordered]
    left = [0.0] * len(ordered)
    colours = [BLUE, "#2E75B6", ORANGE, GREY]
    for part, colour, label in zip(
        ("need", "strategy", "local", "feasibility"), colours, legend, strict=True
    ):
        values = [r.contribution(part, weights) for r in ordered]
        axes.barh(names, values, left=left, color=colour, label=label)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.tick_params(axis="y", labelsize=7.5)
    axes.set_xlim(0, 100)
    axes.legend(fontsize=7, loc="lower right")
    return _png(figure)


def gantt_chart(plan: RoadmapPlan, month_label: str) -> bytes:
    """One bar per action across the roadmap's months, coloured by goal."""
    rows = [(g, a) for g, a in plan.actions() if a.start_month and a.end_month]
    figure, axes = plt.subplots(figsize=(6.6, 0.38 * len(rows) + 1.2), layout="constrained")
    palette = [BLUE, ORANGE, "#548235", "#7030A0", "#BF9000", GREY]
    goals = list(dict.fromkeys(g.title for g, _ in rows))
    for index, (goal, action) in enumerate(reversed(rows)):
        colour = palette[goals.index(goal.title) % len(palette)]
        start, end = action.start_month, action.end_month
        axes.barh(index, end - start + 1, left=start - 0.5, color=colour, height=0.6)  # type: ignore[operator]
    axes.set_yticks(range(len(rows)))
    axes.set_yticklabels([a.title for _, a in reversed(rows)], fontsize=7)
    axes.set_xlim(0.5, plan.months + 0.5)
    step = 3 if plan.months > 12 else 1
    axes.set_xticks(range(1, plan.months + 1, step))
    axes.set_xlabel(month_label)
    axes.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    axes.set_axisbelow(True)
    return _png(figure)
