"""The web pages' charts, drawn with matplotlib as PNG from the same data and with the same choices
(scale, colours, legends, codes, calendar months) as the document's native charts
(``roadmap.render.native_charts``), so that the two never disagree; and the document's picture of a
very large stakeholder grid."""

from __future__ import annotations

import io
import math
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from roadmap.analysis.focus import RankedFocus  # noqa: E402
from roadmap.analysis.needs import MIDPOINT, NeedsFindings  # noqa: E402
from roadmap.analysis.stakeholders import HIGH  # noqa: E402
from roadmap.domain.content import FocusWeights, RoadmapPlan, Stakeholder  # noqa: E402
from roadmap.settings import Language  # noqa: E402

DPI = 130
BLUE, ORANGE, GREY, GREEN = "#1F4E79", "#C55A11", "#7F7F7F", "#2E7D32"


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
    axes.set_xticklabels([textwrap.fill(labels[i], 22) for i in ids], fontsize=7)
    axes.set_ylim(1, 5)  # the survey's scale, as in the document
    axes.set_yticks([1, 2, 3, 4, 5])
    axes.tick_params(axis="y", labelsize=7)
    axes.legend(loc="upper right", bbox_to_anchor=(1.25, 1.1), fontsize=8)
    return _png(figure)


def dimension_bar_chart(
    findings: NeedsFindings, labels: dict[str, str], axis: str, legend: tuple[str, str] = ("", "")
) -> bytes:
    """Dimensions from strongest to weakest by overall mean: strengths and areas to develop in two
    colours that the legend names."""
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
    if any(legend):
        from matplotlib.patches import Patch

        axes.legend(
            handles=[Patch(color=BLUE, label=legend[0]), Patch(color=ORANGE, label=legend[1])],
            fontsize=7,
            loc="lower right",
        )
    axes.set_xlim(1, 5.4)
    axes.set_xlabel(axis)
    axes.tick_params(axis="y", labelsize=7.5)
    return _png(figure)


NAMES_UP_TO = 20  # up to this many, points carry names; then the number of their table row
NUMBERS_UP_TO = 150  # beyond this many, one bubble per cell shows how many stakeholders it holds


def power_interest_chart(
    placed: list[tuple[int, Stakeholder]],
    axis: tuple[str, str],
    quadrants: list[str],
    kinds: tuple[str, str] = ("internal", "external"),
    moved_from: dict[str, tuple[int, int]] | None = None,
    moved_label: str = "",
) -> bytes:
    """Stakeholders by interest (x) and power (y); several in one cell are spread on a small grid.
    The key below the plot names the two colours (internal, external). ``moved_from`` (a record id →
    its earlier (interest, power)) draws an arrow from each earlier place to the present one."""
    figure, axes = plt.subplots(figsize=(6.6, 5.6), layout="constrained")
    cells: dict[tuple[int, int], list[tuple[int, Stakeholder]]] = {}
    for number, s in placed:
        cells.setdefault((s.interest, s.power), []).append((number, s))  # type: ignore[arg-type]
    if len(placed) > NUMBERS_UP_TO:
        _bubbles(axes, cells)
    else:
        _points(axes, cells, with_names=len(placed) <= NAMES_UP_TO, moved_from=moved_from or {})
    mid = HIGH - 0.5
    axes.axhline(mid, color=GREY, linewidth=0.8)
    axes.axvline(mid, color=GREY, linewidth=0.8)
    axes.set_xlim(0.5, 5.9 if len(placed) <= NAMES_UP_TO else 5.5)
    axes.set_ylim(0.4, 5.6)
    axes.set_xticks(range(1, 6))
    axes.set_yticks(range(1, 6))
    axes.set_xlabel(axis[0])
    axes.set_ylabel(axis[1])
    for text, (x, y) in zip(quadrants, [(4.75, 5.45), (1.5, 5.45), (4.75, 0.5), (1.5, 0.5)], strict=True):
        axes.text(x, y, text, fontsize=8, color=GREY, ha="center", style="italic")
    key = [
        Line2D([], [], marker="o", linestyle="", color=c, label=k)
        for c, k in zip((BLUE, ORANGE), kinds, strict=True)
    ]
    if moved_from:
        key.append(Line2D([], [], color=GREEN, marker=">", label=moved_label))
    figure.legend(handles=key, loc="outside lower center", ncols=len(key), fontsize=8, frameon=False)
    return _png(figure)


def _points(axes, cells, with_names: bool, moved_from: dict[str, tuple[int, int]]) -> None:  # type: ignore[no-untyped-def]
    xs: dict[str, list[float]] = {BLUE: [], ORANGE: []}
    ys: dict[str, list[float]] = {BLUE: [], ORANGE: []}
    for (x, y), members in cells.items():
        columns = 1 if with_names else math.ceil(math.sqrt(len(members)))
        rows = math.ceil(len(members) / columns)
        step = min(0.8 / columns, 0.8 / rows, 0.22)
        for index, (number, s) in enumerate(members):
            px = x + (index % columns - (columns - 1) / 2) * step
            py = y + ((rows - 1) / 2 - index // columns) * step
            colour = BLUE if s.internal else ORANGE
            if s.id in moved_from:  # from the earlier cell's centre to the present place
                axes.annotate(
                    "",
                    xy=(px, py),
                    xytext=moved_from[s.id],
                    arrowprops={"arrowstyle": "-|>", "color": GREEN, "linewidth": 1.2, "shrinkB": 4},
                    zorder=2,
                )
                axes.scatter(*moved_from[s.id], s=18, facecolors="none", edgecolors=GREEN, zorder=2)
            xs[colour].append(px)
            ys[colour].append(py)
            if with_names:
                axes.annotate(s.name, (px, py), fontsize=6.5, xytext=(4, -2), textcoords="offset points")
            else:
                axes.text(
                    px, py, str(number), fontsize=5.5, color="white", ha="center", va="center", zorder=4
                )
    for colour in (BLUE, ORANGE):
        axes.scatter(xs[colour], ys[colour], color=colour, s=22 if with_names else 95, zorder=3)


def _bubbles(axes, cells) -> None:  # type: ignore[no-untyped-def]
    biggest = max(len(members) for members in cells.values())
    for (x, y), members in cells.items():
        internal = sum(1 for _, s in members if s.internal)
        colour = BLUE if internal * 2 > len(members) else ORANGE
        axes.scatter(x, y, s=120 + 1400 * len(members) / biggest, color=colour, alpha=0.75, zorder=3)
        axes.text(x, y, str(len(members)), fontsize=7, color="white", ha="center", va="center", zorder=4)


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


def gantt_chart(
    plan: RoadmapPlan, month_label: str, goal_names: dict[int, str] | None = None, lang: Language = "tr"
) -> bytes:
    """One bar per action by its code across calendar months ("Oca 2027"), a colour per goal that
    the legend names, as in the document."""
    from roadmap.text import month_short

    rows = plan.timeline()  # a recurring action: a bar for each time it happens, as in the document
    figure, axes = plt.subplots(figsize=(6.6, 0.38 * len(rows) + 1.4), layout="constrained")
    palette = [BLUE, ORANGE, "#548235", "#7030A0", "#BF9000", GREY]
    named: set[int] = set()
    for index, (goal, _, _, start, end) in enumerate(reversed(rows)):
        label = (goal_names or {}).get(goal, "") if goal not in named else None
        named.add(goal)
        axes.barh(
            index,
            end - start + 1,
            left=start - 0.5,
            color=palette[(goal - 1) % len(palette)],
            height=0.6,
            label=label or None,
        )
    axes.set_yticks(range(len(rows)))
    axes.set_yticklabels(
        [
            f"{code} {a.title}"
            + (f" ({month_short(plan.start, first, lang)})" if a.recurs_every and plan.start else "")
            for _, code, a, first, _ in reversed(rows)
        ],
        fontsize=7,
    )
    axes.set_xlim(0.5, plan.months + 0.5)
    step = 6 if plan.months > 12 else 1  # a web chart is narrower than the landscape page
    ticks = list(range(1, plan.months + 2, step))
    axes.set_xticks([t - 0.5 for t in ticks])
    if plan.start:
        axes.set_xticklabels([month_short(plan.start, t, lang) for t in ticks], fontsize=7)
    else:
        axes.set_xticklabels([str(t) for t in ticks], fontsize=7)
        axes.set_xlabel(month_label)
    if goal_names:
        handles, labels = axes.get_legend_handles_labels()
        order = sorted(range(len(labels)), key=lambda i: labels[i])  # Amaç 1 first
        axes.legend([handles[i] for i in order], [labels[i] for i in order], fontsize=7, loc="lower right")
    axes.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    axes.set_axisbelow(True)
    return _png(figure)
