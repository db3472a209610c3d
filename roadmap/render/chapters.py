"""The chapters after the team: method, findings, choices, consultations, the plan, annexes."""

from __future__ import annotations

from roadmap.analysis.focus import PARTS
from roadmap.analysis.needs import LISTED, MIDPOINT, MIN_RESPONDENTS, NOTABLE_GAP
from roadmap.analysis.stakeholders import Quadrant, numbered, register_warnings
from roadmap.domain.catalogues import focus_catalogue, instrument
from roadmap.explain import focus_reason
from roadmap.render.charts import NUMBERS_UP_TO
from roadmap.render.document import DocumentContext
from roadmap.text import message, money


def method(ctx: DocumentContext) -> None:
    w, t, d, a = ctx.w, ctx.t, ctx.data, ctx.analysis
    w.heading(t("h_method"))
    tool = instrument()
    for text in t.paragraphs(
        "method",
        staff=a.findings.staff_responses,
        civic=a.findings.civic_responses,
        dimensions=len(tool.dimensions),
        statements=len(tool.statement_ids()),
        stakeholders=len(d.stakeholders.stakeholders),
        meetings=len(d.consultations.held()),
        participants=a.coverage.participants,
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
    w.table(headers, rows, (1, 8, 5))


def needs(ctx: DocumentContext) -> None:
    w, t, findings = ctx.w, ctx.t, ctx.analysis.findings
    w.heading(t("h_needs"))
    if not findings.staff_responses and not findings.civic_responses:
        w.paragraph(t("needs_none"))
        return
    for text in t.paragraphs("needs_intro", staff=findings.staff_responses, civic=findings.civic_responses):
        w.paragraph(text)
    if ctx.charts.radar:
        w.picture(ctx.charts.radar, 14, t("caption_radar"))
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
    w.table(headers, rows, (6.4, 2, 2, 2, 2, 2))
    if findings.thin_scores():
        w.paragraph(t("thin_note", min=MIN_RESPONDENTS), style="Caption")
    if ctx.charts.dimensions:
        w.picture(ctx.charts.dimensions, 14, t("caption_ranked"))
    w.heading(t("strengths"), 2)
    w.paragraph(t("strength_rule", midpoint=ctx.num(MIDPOINT), listed=LISTED), style="Caption")
    strengths = findings.strengths()
    w.bullets(
        [f"{ctx.dimension_title(d.id)} ({ctx.num(d.overall.mean)})" for d in strengths] or [t("none_found")]
    )
    w.heading(t("develop"), 2)
    w.paragraph(t("develop_rule", midpoint=ctx.num(MIDPOINT), listed=LISTED), style="Caption")
    areas = findings.areas_to_develop()
    w.bullets(
        [f"{ctx.dimension_title(d.id)} ({ctx.num(d.overall.mean)})" for d in areas] or [t("none_found")]
    )
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
        w.picture(ctx.charts.ranking, 15, t("caption_focus"))
    rows = [
        [
            str(r.rank),
            r.title,
            ctx.num(r.score, 1),
            t("word_yes") if r.selected else t("word_no"),
            focus_reason(r, a.weights, ctx.lang),
        ]
        for r in a.ranking
    ]
    headers = [t("col_rank"), t("col_focus"), t("col_score"), t("col_selected"), t("col_reason")]
    w.table(headers, rows, (1.1, 4.2, 1.4, 1.5, 8))
    goals = {g.ref: g.title for g in focus_data.strategic_goals}
    for candidate in focus_data.selected():
        area = focus_catalogue().get(candidate.code)
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
        many = sum(len(members) for members in ctx.analysis.grid.values()) > NUMBERS_UP_TO
        w.picture(ctx.charts.grid, 14.5, t("caption_grid_bubbles" if many else "caption_grid"))
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
                ", ".join(ctx.focus_title(c) for c in s.focus_areas) or "—",
            ]
        )
    headers = [
        t("col_no"),
        t("col_name"),
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
            w.table(headers, rows_by_quadrant[q], (0.9, 4.4, 2.6, 1.1, 1.1, 2.2, 4.2))
    unplaced = [s.name for s in people if s.power is None or s.interest is None]
    if unplaced:
        w.paragraph(t("unplaced", names=", ".join(unplaced)))
    warnings = register_warnings(
        people, ctx.data.focus, {c.code: ctx.focus_title(c.code) for c in ctx.data.focus.candidates}
    )
    if warnings:
        w.heading(t("stakeholder_warnings"), 2)
        w.bullets([message(f"stakeholders.warning.{x.key}", ctx.lang, **x.params) for x in warnings])


def consultations(ctx: DocumentContext) -> None:
    w, t, meetings, cov = ctx.w, ctx.t, ctx.data.consultations.meetings, ctx.analysis.coverage
    w.heading(t("h_consult"))
    held = [m for m in meetings if m.held]
    inputs = [i for m in held for i in m.inputs]
    answered = round(100 * (cov.answered_share or 0))
    for text in t.paragraphs(
        "consult_intro",
        held=len(held),
        planned=len(meetings) - len(held),
        inputs=len(inputs),
        answered=answered,
    ):
        w.paragraph(text)
    rows = [
        [
            ctx.date(m.day),
            m.title,
            t.label("audience", m.audience),
            m.place or "—",
            str(m.participant_count) if m.held else "—",
            t("held") if m.held else t("planned"),
        ]
        for m in sorted(meetings, key=lambda m: m.day)
    ]
    headers = [
        t("col_date"),
        t("col_meeting"),
        t("col_audience"),
        t("col_place"),
        t("col_participants"),
        t("col_state"),
    ]
    w.table(headers, rows, (2.6, 4.8, 2.2, 4, 1.6, 1.8))
    w.paragraph(t("not_heard", names=", ".join(cov.not_heard)) if cov.not_heard else t("all_heard"))
    if inputs:
        w.heading(t("inputs_heading"), 2)
        rows = [
            [
                i.text,
                i.source or t("anonymous"),
                ctx.focus_title(i.focus_area) if i.focus_area else "—",
                (t.label("response", i.response.value) if i.response else "—")
                + (f": {i.reason}" if i.reason else ""),
            ]
            for i in inputs
        ]
        headers = [t("col_input"), t("col_source"), t("col_focus"), t("col_response")]
        w.table(headers, rows, (6, 3.5, 3, 4.5))


def actions(ctx: DocumentContext) -> None:
    w, t, plan = ctx.w, ctx.t, ctx.data.plan
    w.heading(t("h_actions"))
    start = ctx.date(plan.start) if plan.start else "—"
    for text in t.paragraphs("actions_intro", start=start):
        w.paragraph(text)
    for number_, goal in enumerate(plan.goals, start=1):
        w.heading(t("goal", number=number_, title=goal.title), 2)
        w.paragraph(ctx.focus_title(goal.focus_area), style="Caption")
        rows = []
        for index, action in enumerate(goal.actions, start=1):
            months = (
                t("months_range", start=action.start_month, end=action.end_month)
                if action.start_month and action.end_month
                else "—"
            )
            indicators = "; ".join(
                f"{i.name} ({ctx.num(i.baseline, 0)} → {ctx.num(i.target, 0)} {i.unit})".strip()
                for i in action.indicators
            )
            rows.append(
                [
                    f"{number_}.{index} {action.title}",
                    action.responsible or "—",
                    ", ".join(action.partners) or "—",
                    months,
                    money(action.budget_try, ctx.lang) if action.budget_try else "—",
                    indicators or "—",
                ]
            )
        headers = [
            t("col_action"),
            t("col_responsible"),
            t("col_partners"),
            t("col_months"),
            t("col_budget"),
            t("col_indicator"),
        ]
        w.table(headers, rows, (4.2, 3, 3.2, 1.4, 2.2, 4))
        risks = [
            f"{r.risk} — {r.mitigation}" if r.mitigation else r.risk for a in goal.actions for r in a.risks
        ]
        if risks:
            w.paragraph(t("risks"), bold=True)
            w.bullets(risks)


def timeline(ctx: DocumentContext) -> None:
    if not ctx.charts.gantt:
        return
    ctx.w.heading(ctx.t("h_timeline"))
    ctx.w.picture(ctx.charts.gantt, 16)


def monitoring(ctx: DocumentContext) -> None:
    ctx.w.heading(ctx.t("h_monitoring"))
    ctx.w.paragraph(ctx.data.plan.monitoring or ctx.t("monitoring_missing"))


def sharing(ctx: DocumentContext) -> None:
    w, t = ctx.w, ctx.t
    w.heading(t("h_sharing"))
    items = ctx.data.plan.sharing + [
        s.audience + (f" ({s.channel})" if s.channel else "") for s in ctx.data.share.shares
    ]
    if not items:
        w.paragraph(t("sharing_missing"))
        return
    w.paragraph(t("sharing_intro"))
    w.bullets(items)


def annexes(ctx: DocumentContext) -> None:
    w, t = ctx.w, ctx.t
    w.heading(t("h_annexes"))
    w.heading(t("annex_participants"), 2)
    rows = [[ctx.date(m.day), m.title, ", ".join(m.attended) or "—"] for m in ctx.data.consultations.held()]
    w.table([t("col_date"), t("col_meeting"), t("col_participants")], rows, (2.6, 5, 9))
    w.heading(t("annex_survey"), 2)
    statements = {s.id: s.text(ctx.lang) for d in instrument().dimensions for s in d.statements}
    rows = [
        [
            statements[s.id],
            ctx.num(s.staff.mean),
            ctx.num(s.civic.mean),
            ctx.num(s.overall.mean),
            ctx.num(s.overall.spread),
            str(s.overall.answers),
        ]
        for s in ctx.analysis.findings.statements
    ]
    headers = [
        t("col_statement"),
        t("col_staff"),
        t("col_civic"),
        t("col_overall"),
        t("col_spread"),
        t("col_answers"),
    ]
    w.table(headers, rows, (8.4, 1.6, 1.6, 1.6, 1.6, 1.6))
