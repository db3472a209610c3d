"""The quarterly progress report in Word: progress bars and a planned-vs-done timeline drawn as native
Word charts (the roadmap's own chart style), the action table, each action's indicators and evidence,
and the amendments beside the approved plan they change."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.util import Pt
from pydantic import BaseModel

from roadmap.analysis.progress import ProgressReport
from roadmap.domain.content import RoadmapPlan
from roadmap.domain.schedule import month_start
from roadmap.i18n import translate
from roadmap.render.native_charts import (
    BLUE,
    DATE_FORMATS,
    ORANGE,
    UNSEEN,
    NativeChart,
    _build,
    _fill,
    _legend,
    _serial,
)
from roadmap.render.word import WordBuilder
from roadmap.settings import Language
from roadmap.text import long_date, quantity, quarter_name


class ReportedCheckin(BaseModel):
    """What the report says of one action's check-in for the period."""

    done: str = ""
    delays: str = ""
    reason: str = ""
    evidence: list[str] = []  # links as addresses, files and meetings by name
    verification_comment: str = ""


class AmendmentLine(BaseModel):
    number: int
    action: str
    field: str
    approved: str
    amended: str
    reason: str
    state: str


def _percent(value: float | None, lang: Language) -> str:
    return "–" if value is None else quantity(round(value * 100), "%", lang)


def progress_bars(report: ProgressReport, lang: Language) -> NativeChart:
    """A bar per action: its progress (0–100), labelled."""
    ordered = list(reversed(report.actions))
    data = CategoryChartData(number_format="0")
    data.categories = [f"{a.code} {a.title}" for a in ordered]
    values = [round((a.progress or 0) * 100) for a in ordered]
    data.add_series(translate("report.progress.share", lang), values)

    def style(chart: Chart) -> None:
        plot = chart.plots[0]
        plot.gap_width = 60
        series = plot.series[0]
        _fill(series, BLUE)
        for index, value in enumerate(values):
            label = series.points[index].data_label
            label.has_text_frame = True
            label.text_frame.text = quantity(value, "%", lang)
            label.position = XL_LABEL_POSITION.OUTSIDE_END
            label.font.size = Pt(7)
        axis = chart.value_axis
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 100, 20
        axis.has_major_gridlines = True
        axis.major_gridlines.format.line.color.rgb = RGBColor.from_string("D9D9D9")
        chart.category_axis.tick_labels.font.size = Pt(7)

    description = translate(
        "report.progress.bars_description", lang, period=quarter_name(report.period, lang)
    )
    return _build(XL_CHART_TYPE.BAR_CLUSTERED, data, style, description, 0.7 * len(ordered) + 2.2, lang)


def planned_vs_done(plan: RoadmapPlan, report: ProgressReport, lang: Language) -> NativeChart:
    """Two bars per action on the calendar: the plan's months, and as far along them as its progress."""
    start = plan.start or date.today().replace(day=1)
    codes = plan.codes()
    rows: list[tuple[str, int, int]] = []  # (label, first day serial, length in days) for plan, then done
    done_rows: list[tuple[str, int, int]] = []
    for action_row in report.actions:
        action = codes[action_row.code]
        if not (action.start_month and action.end_month):
            continue
        begin = month_start(start, action.start_month)
        end = month_start(start, action.end_month + 1)
        span = _serial(end) - _serial(begin)
        rows.append((f"{action_row.code} {translate('report.progress.planned', lang)}", _serial(begin), span))
        done = round(span * (action_row.progress or 0))
        done_rows.append(
            (f"{action_row.code} {translate('report.progress.done', lang)}", _serial(begin), done)
        )
    ordered = [item for pair in zip(rows, done_rows, strict=True) for item in pair][::-1]
    data = CategoryChartData(number_format="General")
    data.categories = [label for label, _, _ in ordered]
    data.add_series(UNSEEN, [first for _, first, _ in ordered])
    planned_label, done_label = (
        translate("report.progress.planned", lang),
        translate("report.progress.done", lang),
    )
    data.add_series(
        planned_label, [length if i % 2 == 1 else None for i, (_, _, length) in enumerate(ordered)]
    )
    data.add_series(done_label, [length if i % 2 == 0 else None for i, (_, _, length) in enumerate(ordered)])

    def style(chart: Chart) -> None:
        _legend(chart)
        plot = chart.plots[0]
        plot.gap_width, plot.overlap = 40, 100
        series = list(plot.series)
        series[0].format.fill.background()
        series[0].format.line.fill.background()
        _fill(series[1], BLUE)
        _fill(series[2], ORANGE)
        value = chart.value_axis
        value.minimum_scale = _serial(start)
        value.maximum_scale = _serial(month_start(start, plan.months + 1))
        steps = plan.months // 3 if plan.months > 12 and plan.months % 3 == 0 else plan.months
        value.major_unit = (value.maximum_scale - value.minimum_scale) / steps
        value.tick_labels.number_format = DATE_FORMATS.get(lang, DATE_FORMATS["en"])
        value.tick_labels.number_format_is_linked = False
        value.tick_labels.font.size = Pt(7)
        value.has_major_gridlines = True
        value.major_gridlines.format.line.color.rgb = RGBColor.from_string("D9D9D9")
        chart.category_axis.tick_labels.font.size = Pt(7)

    description = translate("report.progress.timeline_description", lang)
    return _build(XL_CHART_TYPE.BAR_STACKED, data, style, description, 0.45 * len(ordered) + 2.6, lang)


def _status(row: Any, lang: Language) -> str:
    said = translate(f"irm.{row.status.value}", lang) if row.status else translate("irm.none", lang)
    if row.verification.value:
        said += f" ({translate(f'verification.{row.verification.value}', lang)})"
    return said


def write_progress_report(
    path: Path,
    reference: Path,
    plan: RoadmapPlan,
    report: ProgressReport,
    checkins: dict[str, ReportedCheckin],
    amendments: list[AmendmentLine],
    lang: Language,
    today: date,
) -> None:
    """Write the report to ``path`` (the caller makes it atomic)."""

    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    word = WordBuilder(reference, lang)
    word.heading(t("report.progress.title", name=report.name, period=quarter_name(report.period, lang)), 1)
    word.paragraph(
        t("report.progress.dated", date=long_date(today, lang), deadline=long_date(report.deadline, lang))
    )
    word.paragraph(
        t("report.progress.overall", share=_percent(report.progress, lang), late=report.late_count())
    )
    word.table(
        [t("report.progress.goal"), t("report.progress.share")],
        [[f"{n}. {title}", _percent(value, lang)] for n, title, value in report.goals],
        (13, 3),
        t("report.progress.goals_caption"),
    )
    width = min(word.text_width_cm, 16)
    word.chart(
        progress_bars(report, lang),
        width,
        t("report.progress.bars_caption", period=quarter_name(report.period, lang)),
    )
    word.chart(planned_vs_done(plan, report, lang), width, t("report.progress.timeline_caption"))
    word.heading(t("report.progress.actions"), 2)
    word.table(
        [t("cli.progress.action"), t("web.monitoring.responsible"), t("cli.progress.status"),
         t("report.progress.share"), t("cli.progress.evidence"), t("cli.progress.late")],
        [
            [f"{a.code} {a.title}", a.responsible, _status(a, lang), _percent(a.progress, lang), str(a.evidence),
             t("cli.progress.is_late") if a.late else t("cli.progress.overdue") if a.overdue else "–"]
            for a in report.actions
        ],
        (5, 3, 3, 1.8, 1.5, 2.2),
        t("report.progress.actions_caption", period=quarter_name(report.period, lang)),
    )  # fmt: skip
    for a in report.actions:
        word.heading(f"{a.code} {a.title}", 3)
        word.table(
            [t("report.progress.indicator"), t("checkin_sheet.col.baseline"), t("report.progress.actual"),
             t("checkin_sheet.col.target"), t("report.progress.share")],
            [
                [f"{i.code} {i.name}", quantity(i.baseline, i.unit, lang),
                 "–" if i.actual is None else quantity(i.actual, i.unit, lang),
                 quantity(i.target, i.unit, lang)
                 + ("" if i.approved_target == i.target else " " + t("web.monitoring.amended_target", target=quantity(i.approved_target, i.unit, lang))),
                 _percent(i.progress, lang)]
                for i in a.indicators
            ],
            (6, 2.5, 2.5, 3, 2),
        )  # fmt: skip
        said = checkins.get(a.code)
        if said is None:
            word.paragraph(t("report.progress.no_checkin", period=quarter_name(report.period, lang)))
            continue
        for label, text in (
            (t("checkin_sheet.col.done"), said.done),
            (t("checkin_sheet.col.delays"), said.delays),
            (t("checkin_sheet.col.reason"), said.reason),
            (
                t("web.monitoring.consultant_says").rstrip(":"),
                said.verification_comment,
            ),  # labelled() adds the colon
        ):
            if text:
                word.labelled(label, text)
        if said.evidence:
            word.paragraph(t("cli.progress.evidence"), bold=True)
            word.bullets(said.evidence)
    word.heading(t("web.monitoring.amendments"), 2)
    if amendments:
        word.paragraph(t("report.progress.amendments_intro"))
        word.table(
            [t("cli.amendment.number"), t("cli.progress.action"), t("report.progress.field"),
             t("report.progress.approved"), t("report.progress.amended"), t("cli.amendment.reason"), t("cli.amendment.state")],
            [[str(m.number), m.action, m.field, m.approved, m.amended, m.reason, m.state] for m in amendments],
            (1, 1.3, 2.5, 2.2, 2.2, 5, 2.3),
            t("report.progress.amendments_caption"),
        )  # fmt: skip
    else:
        word.paragraph(t("web.monitoring.no_amendments"))
    word.save(path)
