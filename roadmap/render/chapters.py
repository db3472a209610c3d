"""The findings chapters: method, needs analysis, focus areas, stakeholder map."""

from __future__ import annotations

from roadmap.analysis.focus import PARTS
from roadmap.analysis.needs import LISTED, MIDPOINT, MIN_RESPONDENTS, NOTABLE_GAP
from roadmap.analysis.stakeholders import Quadrant, numbered, register_warnings
from roadmap.domain.content import Explanation
from roadmap.explain import focus_reason
from roadmap.i18n import message
from roadmap.render.context import DocumentContext


def _joined(items: list[str], word_and: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word_and} {items[-1]}"


def _reason(explanation: Explanation | None) -> str:
    """The team's recorded reason, after what the product says: ": bu dönem …"."""
    return f". {explanation.text}" if explanation else ""


def method(ctx: DocumentContext) -> None:
    w, t, d, a = ctx.w, ctx.t, ctx.data, ctx.analysis
    w.heading(t("h_method"))
    tool = d.catalogues.instrument
    for text in t.paragraphs(
        "method",
        staff=a.findings.staff_responses,
        civic=a.findings.civic_responses,
        dimensions=len(tool.dimensions),
        statements=len(tool.statement_ids()),
        stakeholders=len(d.stakeholders.stakeholders),
        meetings=len(d.consultations.held()),
        participants=a.coverage.participants,
        inputs=sum(len(m.inputs) for m in d.consultations.held()),
        stages=len(d.statuses),
        approved=sum(1 for status in d.statuses.values() if status == "approved"),
        pending=sum(1 for status in d.statuses.values() if status != "approved"),
    ):
        w.paragraph(text)
    w.heading(t("stage_status_heading"), 2)
    rows = [
        [
            str(int(stage)),
            message(f"stage.{stage.key}", ctx.lang),
            message(f"status.{status}", ctx.lang),
        ]
        for stage, status in d.statuses.items()
    ]
    headers = [
        "#",
        message("status.header.stage", ctx.lang),
        message("status.header.status", ctx.lang),
    ]
    w.table(headers, rows, (1, 8, 5), t("table_stages"))


def needs(ctx: DocumentContext) -> None:
    w, t, findings = ctx.w, ctx.t, ctx.analysis.findings
    w.heading(t("h_needs"))
    if not findings.staff_responses and not findings.civic_responses:
        w.paragraph(t("needs_none"))
        return
    for text in t.paragraphs(
        "needs_intro",
        staff=findings.staff_responses,
        civic=findings.civic_responses,
        midpoint=ctx.num(MIDPOINT, 2),
        listed=LISTED,
    ):
        w.paragraph(text)
    if ctx.charts.radar:
        w.chart(ctx.charts.radar, 15, t("caption_radar"))
    rows = [
        [
            ctx.dimension_title(d.id) + (" *" if d.staff.thin or d.civic.thin else ""),
            ctx.num(d.staff.mean),
            ctx.num(d.civic.mean),
            ctx.num(d.overall.mean),
            ctx.num(d.overall.spread),
            ctx.num(d.gap),
        ]
        for d in findings.dimensions
    ]
    headers = [
        t("col_dimension"),
        t("col_staff"),
        t("col_civic"),
        t("col_overall"),
        t("col_spread"),
        t("col_gap"),
    ]
    w.table(headers, rows, (6.4, 2, 2, 2, 2, 2), t("table_dimensions"))
    if findings.thin_scores():
        w.paragraph(t("thin_note", min=MIN_RESPONDENTS), style="Caption")
    if ctx.charts.dimensions:
        w.chart(ctx.charts.dimensions, 15, t("caption_ranked"))
    w.heading(t("strengths"), 2)
    strengths = findings.strengths()
    w.bullets(
        [f"{ctx.dimension_title(d.id)} ({ctx.num(d.overall.mean)})" for d in strengths] or [t("none_found")]
    )
    w.heading(t("develop"), 2)
    areas = findings.areas_to_develop()
    answered = ctx.data.actions_by_dimension()
    plan = ctx.data.plan
    w.bullets(
        [
            f"{ctx.dimension_title(d.id)} ({ctx.num(d.overall.mean)}): "
            + (
                t("answered_by", codes=_joined(answered[d.id], t("word_and")), count=len(answered[d.id]))
                if answered.get(d.id)
                else t("not_answered") + _reason(plan.explanation("needs.no_action", d.id))
            )
            for d in areas
        ]
        or [t("none_found")]
    )
    if ctx.data.plan.deferred:  # the team's reason for an area this period leaves without an action
        w.labelled(t("deferred"), ctx.data.plan.deferred)
    w.heading(t("gap_heading"), 2)
    w.paragraph(t("gap_rule", threshold=ctx.num(NOTABLE_GAP)))
    gaps = findings.notable_gaps()
    if not findings.civic_responses:
        w.paragraph(t("gap_no_civic"))
    elif gaps:
        w.bullets(
            [
                t(
                    "gap_item",
                    dimension=ctx.dimension_title(d.id),
                    staff=ctx.num(d.staff.mean),
                    civic=ctx.num(d.civic.mean),
                    gap=ctx.num(d.gap),
                )
                + _reason(ctx.data.needs.explanation("needs.gap_unexplained", d.id))
                for d in gaps
            ]
        )
    else:
        w.paragraph(t("gap_none"))


def focus(ctx: DocumentContext) -> None:
    w, t, a, focus_data = ctx.w, ctx.t, ctx.analysis, ctx.data.focus
    w.heading(t("h_focus"))
    weights = {f"w_{part}": round(100 * getattr(a.weights, part) / a.weights.total()) for part in PARTS}
    for text in t.paragraphs("focus_intro", **weights):
        w.paragraph(text)
    if focus_data.strategic_goals:
        w.paragraph(t("strategic_goals"), bold=True)
        w.bullets([f"{g.ref}: {g.title}" for g in focus_data.strategic_goals])
    if focus_data.local_priorities:
        w.paragraph(t("local_priorities"), bold=True)
        w.bullets(focus_data.local_priorities)
    if ctx.charts.ranking:
        w.chart(ctx.charts.ranking, 15.5, t("caption_focus"))
    strongest = {r.strongest(a.weights) for r in a.ranking}
    once = len(strongest) == 1  # the same for every area: said once below the table, not on each row
    rows = [
        [
            str(r.rank),
            r.title,
            ctx.num(r.score, 1),
            t("word_yes") if r.selected else t("word_no"),
            focus_reason(r, a.weights, ctx.lang, with_strongest=not once),
        ]
        for r in a.ranking
    ]
    headers = [t("col_rank"), t("col_focus"), t("col_score"), t("col_selected"), t("col_reason")]
    w.table(headers, rows, (1.1, 4.2, 1.4, 1.5, 8), t("table_focus"))
    if once and a.ranking:
        w.paragraph(t("strongest_all", part=message(f"focus.part.{strongest.pop()}", ctx.lang)))
    goals = {g.ref: g.title for g in focus_data.strategic_goals}
    for candidate in focus_data.selected():
        area = ctx.data.catalogues.catalogue.get(candidate.code)
        w.heading(ctx.focus_title(candidate.code), 2)
        description = candidate.description or (area.description(ctx.lang) if area else "")
        if description:
            w.paragraph(description)
        w.labelled(t("justification"), candidate.justification or "—")
        links = []
        if candidate.linked_dimension:
            links.append(ctx.dimension_title(candidate.linked_dimension))
        if candidate.strategic_goal:
            links.append(f"{candidate.strategic_goal} {goals.get(candidate.strategic_goal, '')}".strip())
        w.labelled(t("linked"), "; ".join(links) or "—")
        for code in ("focus.strength", "focus.strategy_conflict", "focus.strategy_unknown"):
            note = focus_data.explanation(code, candidate.code)  # the team's answer to the checklist
            if note:
                w.labelled(t(f"note_{code.split('.')[1]}"), note.text)
        if area and area.actions(ctx.lang):
            w.labelled(t("typical_actions"), "; ".join(area.actions(ctx.lang)))
            w.labelled(t("example_indicators"), "; ".join(area.indicators(ctx.lang)))


def stakeholders(ctx: DocumentContext) -> None:
    w, t, people = ctx.w, ctx.t, ctx.data.stakeholders.stakeholders
    w.heading(t("h_stakeholders"))
    internal = sum(1 for s in people if s.internal)
    for text in t.paragraphs(
        "stakeholders_intro", total=len(people), internal=internal, external=len(people) - internal
    ):
        w.paragraph(text)
    if ctx.charts.grid:
        w.chart(ctx.charts.grid, 15.5, t("caption_grid"))
    elif ctx.charts.grid_picture:
        w.picture(ctx.charts.grid_picture, 14.5, t("caption_grid_bubbles"))
    rows_by_quadrant: dict[Quadrant, list[list[str]]] = {q: [] for q in Quadrant}
    for number_, q, s in numbered(ctx.analysis.grid):
        rows_by_quadrant[q].append(
            [
                str(number_),
                s.name,
                t.label("type", s.type.value),
                str(s.power),
                str(s.interest),
                t.label("level", s.level.value) if s.level else "—",
                "; ".join(ctx.focus_title(c) for c in s.focus_areas) or "—",  # titles hold commas
            ]
        )
    headers = [
        t("col_no"),
        t("col_stakeholder"),
        t("col_type"),
        t("col_power"),
        t("col_interest"),
        t("col_level"),
        t("col_focus_areas"),
    ]
    for q in Quadrant:
        if rows_by_quadrant[q]:
            w.heading(t.label("quadrant", q.value), 2)
            w.paragraph(t(f"quadrant_hint_{q.value}"), style="Caption")
            caption = t("table_quadrant", quadrant=t.label("quadrant", q.value))
            w.table(headers, rows_by_quadrant[q], (0.9, 4.4, 2.6, 1.1, 1.1, 2.2, 4.2), caption)
    unplaced = [s.name for s in people if s.power is None or s.interest is None]
    if unplaced:
        w.paragraph(t("unplaced", names=", ".join(unplaced)))
    warnings = register_warnings(
        people, ctx.data.focus, {c.code: ctx.focus_title(c.code) for c in ctx.data.focus.candidates}
    )
    if warnings:
        w.heading(t("stakeholder_warnings"), 2)
        w.bullets([message(f"stakeholders.warning.{x.key}", ctx.lang, **x.params) for x in warnings])
