"""The plan chapters: consultations, action plan (landscape), timeline, M&E, sharing, annexes."""

from __future__ import annotations

from roadmap.domain.checklist import grouped
from roadmap.domain.content import InputResponse, Meeting, MeetingInput, RoadmapAction
from roadmap.i18n import message
from roadmap.render.context import DocumentContext
from roadmap.text import change, fold_name, long_date, money, number, quantity


def _when(ctx: DocumentContext, meeting: Meeting) -> str:
    day = ctx.date(meeting.day)
    return f"{day}, {meeting.time:%H:%M}" if meeting.time else day


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)


def consultations(ctx: DocumentContext) -> None:
    w, t, meetings, cov = ctx.w, ctx.t, ctx.data.consultations.meetings, ctx.analysis.coverage
    w.heading(t("h_consult"))
    held = [m for m in meetings if m.held]
    inputs = ctx.data.consultations.inputs()
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
            m.code or str(n),
            _when(ctx, m),
            m.title,
            t.label("audience", m.audience),
            m.place or m.online_link or "—",
            t("held") if m.held else t("planned"),
        ]
        for n, m in enumerate(sorted(meetings, key=lambda m: (m.day, m.time or m.day)), start=1)
    ]
    headers = [
        t("col_code"),
        t("col_date"),
        t("col_meeting"),
        t("col_audience"),
        t("col_place"),
        t("col_state"),
    ]
    w.table(headers, rows, (1.2, 3.6, 4.6, 2.2, 3.6, 1.8), t("table_meetings"))
    w.heading(t("participation_heading"), 2)
    rows = [
        [
            m.code or m.title,
            str(m.participants.total),
            _count(m.participants.women),
            _count(m.participants.youth),
            _count(m.participants.disability),
        ]
        for m in held
    ]
    total = cov.participation
    rows.append(
        [t("total"), str(total.total), _count(total.women), _count(total.youth), _count(total.disability)]
    )
    headers = [t("col_meeting"), t("col_participants"), t("col_women"), t("col_youth"), t("col_disability")]
    w.table(headers, rows, (5, 2.6, 2.6, 2.6, 3.2), t("table_participation"))
    w.paragraph(t("counts_note"), style="Caption")
    w.heading(t("coverage_heading"), 2)
    if cov.unconsulted_focus:
        w.paragraph(t("unconsulted", areas=", ".join(ctx.focus_title(c) for c in cov.unconsulted_focus)))
    else:
        w.paragraph(t("all_consulted"))
    # Who was not invited or did not come is the team's own list (the draft's open points), never
    # named in a document meant for the public: the chapter says how many.
    if cov.not_heard:
        w.paragraph(t("not_heard", invited=len(cov.not_invited), absent=len(cov.invited_not_attended)))
    else:
        w.paragraph(t("all_heard"))
    if not inputs:
        return
    input_codes = ctx.data.consultations.input_codes()
    _themes(ctx, inputs, input_codes)
    w.heading(t("inputs_heading"), 2)
    action_codes = ctx.data.plan.action_codes()
    by_area: dict[str, list[tuple[Meeting, MeetingInput]]] = {}
    for meeting, given in inputs:
        by_area.setdefault(given.focus_area or "", []).append((meeting, given))
    for area, items in by_area.items():
        rows = []
        for _meeting, given in items:
            response = t.label("response", given.response.value) if given.response else t("no_response")
            action = ctx.data.action_of(given) if given.response == InputResponse.ACCEPTED else None
            code = action_codes[action.id] if action is not None else ""
            if code:
                response += f" ({t('became_action', code=code)})"
            if given.reason and not _restates(given.reason, response, code):
                response += f": {given.reason}"
            rows.append([given.text, given.source or t("anonymous"), input_codes[given.id], response])
        w.table(
            [t("col_input"), t("col_source"), t("col_code"), t("col_response")],
            rows,
            (6.2, 3.6, 1.4, 5.8),
            t("table_inputs", area=ctx.focus_title(area) if area else t("no_focus")),
        )


def _themes(
    ctx: DocumentContext, inputs: list[tuple[Meeting, MeetingInput]], input_codes: dict[str, str]
) -> None:
    """The themes people accepted (suggestions never reach the document), each with its inputs quoted
    word for word."""
    w, t = ctx.w, ctx.t
    said = {given.id: (meeting, given) for meeting, given in inputs}
    themes = [
        (theme, [said[i] for i in theme.inputs if i in said])
        for theme in ctx.data.consultations.accepted_themes()
    ]
    themes = [(theme, quoted) for theme, quoted in themes if quoted]
    if not themes:
        return
    w.heading(t("themes_heading"), 2)
    for text in t.paragraphs("themes_intro", count=len(themes)):
        w.paragraph(text)
    for theme, quoted in themes:
        w.heading(theme.name, 3)
        meetings = sorted({meeting.code or meeting.title for meeting, _ in quoted})
        w.paragraph(t("theme_summary", inputs=len(quoted), meetings=", ".join(meetings)))
        w.bullets(
            [
                f"“{given.text}” ({input_codes[given.id]}, {given.source or t('anonymous')})"
                for _, given in quoted
            ]
        )


def _restates(reason: str, response: str, code: str) -> bool:
    """A reason that only says again what the response and its action already say ("Eylem 3.1 olarak
    yol haritasına alındı") is not printed a second time."""
    folded = fold_name(reason)
    return bool(code and code in reason) or fold_name(response.split(" (")[0]) in folded


def _answers(ctx: DocumentContext, action: RoadmapAction) -> str:
    """The codes of the inputs an action answers, "T3.1, T3.4"."""
    codes = ctx.data.consultations.input_codes()
    return ", ".join(codes[given.id] for _, given in ctx.data.answered_by(action))


def actions(ctx: DocumentContext) -> None:
    w, t, plan = ctx.w, ctx.t, ctx.data.plan
    w.orientation(landscape=True)
    w.heading(t("h_actions"))
    start = ctx.date(plan.start) if plan.start else "—"
    for text in t.paragraphs("actions_intro", start=start, months=plan.months):
        w.paragraph(text)
    for number_, goal in enumerate(plan.goals, start=1):
        w.heading(t("goal", number=number_, title=goal.title), 2)
        w.paragraph(ctx.focus_title(goal.focus_area), style="Caption")
        rows = []
        for index, action in enumerate(goal.actions, start=1):
            code = f"{number_}.{index}"
            months = (
                t("months_range", start=action.start_month, end=action.end_month)
                if action.start_month and action.end_month
                else "—"
            )
            if action.recurs_every and months != "—":
                months += "\n" + t("recurs", every=action.recurs_every)
            funded = f" ({action.funding})" if action.funding else ""
            resources = [money(action.budget_try, ctx.lang) + funded] if action.budget_try else []
            resources += [x for x in (action.staff, action.in_kind) if x]
            indicators = "\n".join(
                f"{t.label('indicator', i.kind)}: {i.name} ({change(i.baseline, i.target, i.unit, ctx.lang)})"
                for i in action.indicators
            )
            risks = "\n".join(f"{r.risk} → {r.mitigation}" if r.mitigation else r.risk for r in action.risks)
            title = f"{code} {action.title}" + (f"\n{action.description}" if action.description else "")
            answered = _answers(ctx, action)
            if answered:
                title += "\n" + t("answers_inputs", meetings=answered)
            rows.append(
                [
                    title,
                    action.responsible or "—",
                    ", ".join(action.partners) or "—",
                    months,
                    "\n".join(resources) or "—",
                    indicators or "—",
                    risks or "—",
                ]
            )
        headers = [
            t("col_action"),
            t("col_responsible"),
            t("col_partners"),
            t("col_months"),
            t("col_resources"),
            t("col_indicator"),
            t("col_risks"),
        ]
        w.table(headers, rows, (6.2, 3.0, 3.4, 1.3, 3.0, 4.6, 3.6), t("table_actions", number=number_))
    budget(ctx)


def budget(ctx: DocumentContext) -> None:
    """The budget summary: each goal's total, the whole, and where the money comes from."""
    w, t, plan = ctx.w, ctx.t, ctx.data.plan
    if not any(action.budget_try for _, action in plan.actions()):
        if ctx.data.support:
            w.heading(t("h_budget"), 2)
            support_given(ctx)
        return
    w.heading(t("h_budget"), 2)
    rows = [
        [t("goal_short", number=n), goal.title, money(sum(a.budget_try for a in goal.actions), ctx.lang)]
        for n, goal in enumerate(plan.goals, start=1)
    ]
    total = sum(action.budget_try for _, action in plan.actions())
    rows.append(["", t("total"), money(total, ctx.lang)])
    w.table([t("col_goal"), t("col_title"), t("col_budget")], rows, (2.2, 14, 4), t("table_budget"))
    sources: dict[str, float] = {}
    for _, action in plan.actions():
        if action.budget_try:
            key = action.funding or t("funding_unstated")
            sources[key] = sources.get(key, 0) + action.budget_try
    w.table(
        [t("col_funding"), t("col_budget"), t("col_share")],
        [
            [name, money(amount, ctx.lang), quantity(round(100 * amount / total), "%", ctx.lang)]
            for name, amount in sources.items()
        ],
        (12, 4, 3),
        t("table_funding"),
    )
    support_given(ctx)


def support_given(ctx: DocumentContext) -> None:
    """What the programme's support programme gave, action by action, beside the municipality's own budget."""
    w, t, given = ctx.w, ctx.t, ctx.data.support
    if not given:
        return
    codes = ctx.data.plan.action_codes()
    w.paragraph(t("support_intro"))
    rows = [
        [
            codes.get(item.action, "—"),
            item.description,
            quantity(item.quantity, item.unit, ctx.lang),
            money(item.value_try, ctx.lang),
            ctx.date(item.given_on),
        ]
        for item in given
    ]
    rows.append(["", t("total"), "", money(sum(item.value_try for item in given), ctx.lang), ""])
    w.table(
        [t("col_action"), t("col_support"), t("col_quantity"), t("col_value"), t("col_date")],
        rows,
        (2.2, 8, 3, 3.4, 3.4),
        t("table_support"),
    )


def timeline(ctx: DocumentContext) -> None:
    if not ctx.charts.gantt:
        ctx.w.orientation(landscape=False)
        return
    ctx.w.heading(ctx.t("h_timeline"))
    ctx.w.chart(ctx.charts.gantt, 23, ctx.t("caption_gantt", months=ctx.data.plan.months))
    ctx.w.orientation(landscape=False)


def monitoring(ctx: DocumentContext) -> None:
    w, t, plan = ctx.w, ctx.t, ctx.data.plan
    w.heading(t("h_monitoring"))
    m = plan.monitoring
    if not (m.complete() or m.method):
        w.paragraph(t("monitoring_missing"))
    for label, value in (("reviewer", m.reviewer), ("frequency", m.frequency), ("with_whom", m.with_whom)):
        if value:
            w.labelled(t(f"monitoring_{label}"), value)
    if m.method:
        w.paragraph(m.method)
    rows = [  # each indicator its own code: the action's, then its place ("2.1.2")
        [
            f"{code}.{number_}",
            i.name,
            t.label("indicator", i.kind),
            quantity(i.baseline, i.unit, ctx.lang),
            i.milestones or "—",
            quantity(i.target, i.unit, ctx.lang),
            "; ".join(x for x in (i.data_source, i.frequency, i.responsible) if x) or "—",
        ]
        for code, action in plan.codes().items()
        for number_, i in enumerate(action.indicators, start=1)
    ]
    if rows:
        w.heading(t("indicators_heading"), 2)
        headers = [
            t("col_code"),
            t("col_indicator_name"),
            t("col_kind"),
            t("col_baseline"),
            t("col_milestones"),
            t("col_target"),
            t("col_data_source"),
        ]
        w.table(headers, rows, (1.3, 4.6, 1.6, 1.8, 2.6, 1.8, 3.6), t("table_indicators"))
    if ctx.data.amendments:
        amendments(ctx)


def _amended_value(ctx: DocumentContext, value: str | float | int | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return number(value, ctx.lang, 0 if value.is_integer() else 1)
    return str(value)


def amendments(ctx: DocumentContext) -> None:
    """Approved amendments beside the approved plan, which stays the baseline."""
    w, t = ctx.w, ctx.t
    w.heading(t("amendments_heading"), 2)
    w.paragraph(t("amendments_intro"))
    rows = [
        [
            str(a.number),
            a.action,
            t.label("amended_field", a.field) + (f" {a.indicator}" if a.indicator else ""),
            _amended_value(ctx, a.approved),
            _amended_value(ctx, a.amended),
            a.reason,
            long_date(a.decided_on, ctx.lang) if a.decided_on else "—",
        ]
        for a in ctx.data.amendments
    ]
    headers = [t("col_no"), t("col_code"), t("col_amended_field"), t("col_approved"), t("col_amended"),
               t("col_amendment_reason"), t("col_decided")]  # fmt: skip
    w.table(headers, rows, (1, 1.3, 2.6, 2.2, 2.2, 5, 2.6), t("table_amendments"))


def institutionalisation(ctx: DocumentContext) -> None:
    """How participation outlives the programme, in the team's words (left out until they write it)."""
    w, t, part = ctx.w, ctx.t, ctx.data.plan.institutionalisation
    if not (part.unit or part.decision or part.coordinator_role):
        return
    w.heading(t("h_institutionalisation"), 2)
    for label, value in (("unit", part.unit), ("decision", part.decision)):
        if value:
            w.labelled(t(f"institution_{label}"), value)
    if part.coordinator_role:
        w.labelled(t("institution_coordinator"), part.coordinator_role)


def acknowledgements(ctx: DocumentContext) -> None:
    if ctx.data.plan.acknowledgements:
        ctx.w.heading(ctx.t("h_acknowledgements"))
        ctx.w.paragraphs(ctx.data.plan.acknowledgements)


def glossary(ctx: DocumentContext) -> None:
    """Abbreviations and terms a reader meets in the roadmap (the product's text, not the team's)."""
    w, t = ctx.w, ctx.t
    w.heading(t("annex_glossary"), 2)
    w.table(
        [t("col_term"), t("col_meaning")],
        [list(pair) for pair in t.raw("glossary")],
        (4, 13),
        t("table_glossary"),
    )


def sharing(ctx: DocumentContext) -> None:
    w, t = ctx.w, ctx.t
    w.heading(t("h_sharing"))
    plan = ctx.data.plan.sharing
    if not plan:
        w.paragraph(t("sharing_missing"))
    else:
        w.paragraph(t("sharing_intro"))
        w.table(
            [t("col_audience_share"), t("col_channel"), t("col_when")],
            [[s.audience, s.channel or "—", s.when or "—"] for s in plan],
            (6, 7, 4),
            t("table_sharing"),
        )
    done = ctx.data.share.shares
    if done:  # the sharing log: to whom, how, when, and what they answered
        w.heading(t("shared_heading"), 2)
        w.table(
            [t("col_audience_share"), t("col_channel"), t("col_date"), t("col_their_response")],
            [
                [
                    s.audience + (f" ({t.label('share_kind', s.kind.value)})" if s.kind else ""),
                    s.channel or "—",
                    ctx.date(s.day) if s.day else (t("share_planned") if not s.done else "—"),
                    s.response or "—",
                ]
                for s in done
            ],
            (5, 4, 3, 5),
            t("table_shared"),
        )


def annexes(ctx: DocumentContext) -> None:
    w, t = ctx.w, ctx.t
    w.heading(t("h_annexes"))
    w.heading(t("annex_participants"), 2)
    w.paragraph(t("consent_rule"), style="Caption")
    for meeting in ctx.data.consultations.held():
        w.paragraph(
            f"{meeting.code + ' ' if meeting.code else ''}{meeting.title} ({_when(ctx, meeting)})", bold=True
        )
        w.labelled(t("organisations"), ", ".join(meeting.attended) or "—")
        # Named only with consent, and a minor only with a guardian's consent as well.
        adult = ctx.checks.adult_age
        shown = [p for p in meeting.people if p.may_be_named(adult)]
        named = [f"{p.name} ({p.organisation})" if p.organisation else p.name for p in shown]
        unnamed = len(meeting.people) - len(shown)
        if meeting.people:
            w.labelled(t("people"), ", ".join(named) or "—")
            if unnamed:
                w.paragraph(t("unnamed", count=unnamed))
        else:
            w.paragraph(t("counts_only", total=meeting.participants.total))
    w.heading(t("annex_survey"), 2)
    statements = {
        s.id: s.text(ctx.lang) for d in ctx.data.catalogues.instrument.dimensions for s in d.statements
    }
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
    w.table(headers, rows, (8.4, 1.6, 1.6, 1.6, 1.6, 1.6), t("table_statements"))
    glossary(ctx)
    open_points(ctx)


def open_points(ctx: DocumentContext) -> None:
    """The checklist's points, in a draft only ("Açık noktalar"): the final document never carries them.
    People are not named here either: a participant is known by meeting and row."""
    if not ctx.open_points:
        return
    w, t, lang = ctx.w, ctx.t, ctx.lang
    w.heading(t("annex_open_points"), 2)
    w.paragraph(t("open_points_intro"), style="Caption")
    still = [f for f in ctx.open_points if f.open]
    if still:
        rows = [  # the same point about several records is one row naming them all
            [
                message(f"severity.{same[0].severity.value}", lang),
                "; ".join(f.record.render(lang, named=False) for f in same),
                f"{same[0].text(lang)} [{same[0].code}]",
                same[0].fix(lang),
            ]
            for same in grouped(still)
        ]
        headers = [t("col_severity"), t("col_record"), t("col_finding"), t("col_fix")]
        w.table(headers, rows, (2.2, 4.2, 6.4, 5.2), t("table_open_points"))
    else:
        w.paragraph(t("open_points_none"))
    closed = [f for f in ctx.open_points if not f.open]
    if closed:
        rows = [
            [
                f.record.render(lang, named=False),
                f"{f.text(lang)} [{f.code}]",
                f"{message(f'check.state.{f.state}', lang)}: {f.reason}",
            ]
            for f in closed
        ]
        headers = [t("col_record"), t("col_finding"), t("col_resolution")]
        w.table(headers, rows, (4.2, 6.8, 7), t("table_closed_points"))
