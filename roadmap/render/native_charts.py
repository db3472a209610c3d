"""Charts as Word draws them: DrawingML chart parts with their data embedded in a workbook.

An official can restyle, translate and edit them in Word (right click → Edit Data), they print
crisp at any size, and LibreOffice draws them too. python-pptx writes the chart XML and the embedded
workbook (the same parts Word writes); its chart object model formats them; ``embed`` puts them
into the .docx. The web pages draw the same data with matplotlib (``roadmap.render.charts``).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from lxml import etree
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.xmlwriter import ChartXmlWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.oxml import parse_xml
from pptx.util import Pt
from pydantic import BaseModel

from roadmap.analysis.focus import RankedFocus
from roadmap.analysis.needs import MIDPOINT, NeedsFindings
from roadmap.analysis.stakeholders import HIGH
from roadmap.domain.content import FocusWeights, RoadmapPlan, Stakeholder
from roadmap.domain.schedule import month_start
from roadmap.i18n import LANGUAGE_TAGS
from roadmap.settings import Language
from roadmap.text import month_short, number

BLUE, LIGHT_BLUE, ORANGE, GREY, GREEN = "1F4E79", "2E75B6", "C55A11", "7F7F7F", "2E7D32"
PALETTE = [BLUE, ORANGE, "548235", "7030A0", "BF9000", GREY]
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


class NativeChart(BaseModel):
    """One chart part: its XML, the workbook holding its data, a description for screen readers,
    and its height on the page (its width is the caller's)."""

    xml: bytes
    workbook: bytes
    description: str
    height_cm: float


def _build(
    kind: Any, data: Any, format_chart: Any, description: str, height_cm: float, lang: str
) -> NativeChart:
    space = parse_xml(ChartXmlWriter(kind, data).xml.encode("utf-8"))
    language = etree.Element(f"{{{C}}}lang")  # numbers as the reader writes them: "3,31" in Turkish
    language.set("val", LANGUAGE_TAGS.get(lang, lang))
    space.insert(1, language)  # after c:date1904, as the schema orders it
    chart = Chart(space, None)
    chart.font.size = Pt(8)
    chart.font.name = "Calibri"
    format_chart(chart)
    return NativeChart(
        xml=etree.tostring(space, encoding="UTF-8", standalone=True),
        workbook=data.xlsx_blob,
        description=description,
        height_cm=height_cm,
    )


def _fill(target: Any, colour: str) -> None:
    target.format.fill.solid()
    target.format.fill.fore_color.rgb = RGBColor.from_string(colour)


def _legend(chart: Chart, position: Any = XL_LEGEND_POSITION.BOTTOM) -> None:
    chart.has_legend = True
    chart.legend.position = position
    chart.legend.include_in_layout = False


def radar(
    findings: NeedsFindings, labels: dict[str, str], legend: tuple[str, str], description: str, lang: str
) -> NativeChart:
    """Staff and civic-actor scores per dimension; category names sit outside the rings."""
    data = CategoryChartData(number_format="0.00")
    data.categories = [labels[d.id] for d in findings.dimensions]
    colours = []
    for attr, colour, name in (("staff", BLUE, legend[0]), ("civic", ORANGE, legend[1])):
        values = [getattr(d, attr).mean for d in findings.dimensions]
        if any(v is not None for v in values):
            data.add_series(name, values)
            colours.append(colour)

    def style(chart: Chart) -> None:
        _legend(chart)
        axis = chart.value_axis
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 1, 5, 1  # the survey's scale
        axis.tick_labels.font.size = Pt(7)
        for series, colour in zip(chart.plots[0].series, colours, strict=True):
            series.format.line.color.rgb = RGBColor.from_string(colour)
            series.format.line.width = Pt(2)
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 5
            _fill(series.marker, colour)
        chart.category_axis.tick_labels.font.size = Pt(7.5)

    return _build(XL_CHART_TYPE.RADAR_MARKERS, data, style, description, 11, lang)


def dimension_bars(
    findings: NeedsFindings,
    labels: dict[str, str],
    axis: str,
    legend: tuple[str, str],
    description: str,
    lang: str,
) -> NativeChart:
    """Dimensions from strongest to weakest by overall mean; strengths and areas to develop in two
    colours that the legend names, each bar labelled with its mean."""
    ranked = list(reversed(findings.ranked()))
    data = CategoryChartData(number_format="0.00")
    data.categories = [labels[d.id] for d in ranked]
    means = [d.overall.mean for d in ranked]
    split = (
        [m if m is not None and m >= MIDPOINT else None for m in means],
        [m if m is not None and m < MIDPOINT else None for m in means],
    )
    for name, values in zip(legend, split, strict=True):
        data.add_series(name, values)

    def style(chart: Chart) -> None:
        _legend(chart)
        plot = chart.plots[0]
        plot.overlap, plot.gap_width = 100, 60
        for series, colour, values in zip(plot.series, (BLUE, ORANGE), split, strict=True):
            _fill(series, colour)
            for index, value in enumerate(values):
                if value is None:
                    continue
                label = series.points[index].data_label  # written out: "3,31" in Turkish in every reader
                label.has_text_frame = True
                label.text_frame.text = number(value, lang, 2)  # type: ignore[arg-type]
                label.position = XL_LABEL_POSITION.OUTSIDE_END
                label.font.size = Pt(7)
        value = chart.value_axis
        value.minimum_scale, value.maximum_scale, value.major_unit = 1, 5, 1
        value.has_title = True
        value.axis_title.text_frame.text = axis
        value.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(8)
        value.has_major_gridlines = True
        value.major_gridlines.format.line.color.rgb = RGBColor.from_string("D9D9D9")
        chart.category_axis.tick_labels.font.size = Pt(7.5)

    return _build(XL_CHART_TYPE.BAR_CLUSTERED, data, style, description, 0.75 * len(ranked) + 2.2, lang)


def ranking(
    ranked: list[RankedFocus], weights: FocusWeights, legend: list[str], description: str, lang: str
) -> NativeChart:
    """Stacked bars: what each criterion contributed to a candidate focus area's score (0–100)."""
    ordered = list(reversed(ranked))
    data = CategoryChartData(number_format="0.0")
    data.categories = [r.title for r in ordered]
    for part, name in zip(("need", "strategy", "local", "feasibility"), legend, strict=True):
        data.add_series(name, [round(r.contribution(part, weights), 1) for r in ordered])

    def style(chart: Chart) -> None:
        _legend(chart)
        plot = chart.plots[0]
        plot.gap_width = 60
        for series, colour in zip(plot.series, (BLUE, LIGHT_BLUE, ORANGE, GREY), strict=True):
            _fill(series, colour)
        value = chart.value_axis
        value.minimum_scale, value.maximum_scale, value.major_unit = 0, 100, 20
        value.has_major_gridlines = True
        value.major_gridlines.format.line.color.rgb = RGBColor.from_string("D9D9D9")
        chart.category_axis.tick_labels.font.size = Pt(7.5)

    return _build(XL_CHART_TYPE.BAR_STACKED, data, style, description, 0.8 * len(ordered) + 2.4, lang)


EXCEL_EPOCH = date(1899, 12, 30)
UNSEEN = "\u200b"  # the offset series' name: its legend entry has no colour and, so, no words either
DATE_FORMATS = {"tr": "[$-41F]mmm yyyy", "en": "[$-809]mmm yyyy"}  # Turkish and British month names


def _serial(day: date) -> int:
    return (day - EXCEL_EPOCH).days


def gantt(plan: RoadmapPlan, goal_names: dict[int, str], lang: Language, description: str) -> NativeChart:
    """One bar per action, by its code, across calendar months ("Oca 2027"); a colour per goal,
    named in the legend. An invisible first series places each bar at its start."""
    start = plan.start or date.today().replace(day=1)
    rows = plan.timeline()  # a recurring action: a row for each time it happens, named by its month
    ordered = list(reversed(rows))
    goals = list(dict.fromkeys(g for g, _, _, _, _ in rows))
    data = CategoryChartData(number_format="General")
    data.categories = [
        f"{code} {action.title}" + (f" ({month_short(start, first, lang)})" if action.recurs_every else "")
        for _, code, action, first, _ in ordered
    ]
    begins = [month_start(start, first) for _, _, _, first, _ in ordered]
    ends = [month_start(start, last + 1) for _, _, _, _, last in ordered]
    data.add_series(UNSEEN, [_serial(b) for b in begins])
    for goal_number in goals:
        data.add_series(
            goal_names[goal_number],
            [
                (_serial(e) - _serial(b)) if g == goal_number else None
                for (g, _, _, _, _), b, e in zip(ordered, begins, ends, strict=True)
            ],
        )

    def style(chart: Chart) -> None:
        _legend(chart)
        plot = chart.plots[0]
        plot.gap_width, plot.overlap = 40, 100
        series = list(plot.series)
        series[0].format.fill.background()  # the offset: not drawn
        series[0].format.line.fill.background()
        for index, bar in enumerate(series[1:]):
            _fill(bar, PALETTE[index % len(PALETTE)])
        value = chart.value_axis
        value.minimum_scale = _serial(start)
        value.maximum_scale = _serial(month_start(start, plan.months + 1))
        # A tick each quarter (each month for a short plan), spaced so the last lands on the end.
        steps = plan.months // 3 if plan.months > 12 and plan.months % 3 == 0 else plan.months
        value.major_unit = (value.maximum_scale - value.minimum_scale) / steps
        value.tick_labels.number_format = DATE_FORMATS.get(lang, DATE_FORMATS["en"])
        value.tick_labels.number_format_is_linked = False
        value.tick_labels.font.size = Pt(7)
        value.has_major_gridlines = True
        value.major_gridlines.format.line.color.rgb = RGBColor.from_string("D9D9D9")
        chart.category_axis.tick_labels.font.size = Pt(7)

    return _build(XL_CHART_TYPE.BAR_STACKED, data, style, description, 0.55 * len(ordered) + 2.6, lang)


NAMES_UP_TO = 20  # up to this many stakeholders, points carry names; then the number of their row


def power_interest(
    placed: list[tuple[int, Stakeholder]],
    axis: tuple[str, str],
    legend: tuple[str, str],
    quadrants: list[str],
    description: str,
    lang: str,
    moved_from: dict[str, tuple[int, int]] | None = None,
    moved_label: str = "",
) -> NativeChart:
    """Stakeholders by interest (x) and power (y), internal and external in two colours, each point
    labelled with its name (up to 20) or the number of its row in the tables that follow. The axes
    cross between "low" and "high", so they draw the four quadrants, whose names sit in the corners.
    ``moved_from`` (a record id → its earlier (interest, power)) adds an arrow from each earlier place
    to the present one: a two-point line series each, named once in the legend."""
    cells: dict[tuple[int, int], list[tuple[int, Stakeholder]]] = {}
    for number_, s in placed:
        cells.setdefault((s.interest or 1, s.power or 1), []).append((number_, s))
    with_names = len(placed) <= NAMES_UP_TO
    points: dict[bool, list[tuple[float, float, str]]] = {True: [], False: []}
    arrows: list[tuple[tuple[int, int], tuple[float, float]]] = []
    for (x, y), members in cells.items():
        columns = 1 if with_names else math.ceil(math.sqrt(len(members)))
        rows = math.ceil(len(members) / columns)
        step = min(0.8 / columns, 0.8 / rows, 0.22)
        for index, (row_number, s) in enumerate(members):
            px = x + (index % columns - (columns - 1) / 2) * step
            py = y + ((rows - 1) / 2 - index // columns) * step
            points[s.internal].append((px, py, s.name if with_names else str(row_number)))
            if moved_from and s.id in moved_from:
                arrows.append((moved_from[s.id], (px, py)))
    # The longer series first: LibreOffice leaves out a scatter series that has fewer points than one
    # after it (Word draws either order).
    kinds = sorted(
        ((True, legend[0], LIGHT_BLUE), (False, legend[1], ORANGE)), key=lambda k: -len(points[k[0]])
    )
    data = XyChartData()
    labels: list[list[str]] = []
    for internal, name, _ in kinds:
        series = data.add_series(name)
        for px, py, _ in points[internal]:
            series.add_data_point(px, py)
        labels.append([text for _, _, text in points[internal]])
    corners = data.add_series(UNSEEN)
    for px, py in ((4.9, 5.75), (1.6, 5.75), (4.9, 0.25), (1.6, 0.25)):
        corners.add_data_point(px, py)
    for number_, (start, end) in enumerate(arrows):
        line = data.add_series(moved_label if number_ == 0 else f"{moved_label} {number_ + 1}")
        line.add_data_point(*start)
        line.add_data_point(*end)

    def style(chart: Chart) -> None:
        _legend(chart)
        every = list(chart.plots[0].series)
        _arrows(chart, every[3:])
        for series, (_, _, colour), texts in zip(every[:2], kinds, labels, strict=True):
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 6 if with_names else 10
            _fill(series.marker, colour)
            for index, text in enumerate(texts):
                _label(series.points[index].data_label, text, 6.5 if with_names else 5.5)
                if not with_names:  # a row number inside its marker, white and bold to be read
                    series.points[index].data_label.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                    series.points[index].data_label.font.bold = True
                    series.points[index].data_label.position = XL_LABEL_POSITION.CENTER
        every[2].marker.style = XL_MARKER_STYLE.NONE
        for index, text in enumerate(quadrants):
            _label(every[2].points[index].data_label, text, 7.5, italic=True)
            every[2].points[index].data_label.position = XL_LABEL_POSITION.CENTER
        for which, title in ((chart.category_axis, axis[0]), (chart.value_axis, axis[1])):
            which.minimum_scale, which.maximum_scale, which.major_unit = 0, 6, 1
            which.crosses_at = HIGH - 0.5  # the other axis runs between low and high: the quadrants
            which.tick_label_position = XL_TICK_LABEL_POSITION.LOW
            which.has_major_gridlines = False
            which.has_title = True
            which.axis_title.text_frame.text = title
            which.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(8)
            which.tick_labels.font.size = Pt(7)
            which.tick_labels.number_format = '[<0.5]"";[>5.5]"";0'  # the scale is 1–5: no 0 and 6
            which.tick_labels.number_format_is_linked = False

    return _build(XL_CHART_TYPE.XY_SCATTER, data, style, description, 12, lang)


def _arrows(chart: Chart, lines: list[Any]) -> None:
    """Each series an arrow (a ring at its start, an arrowhead at its end, which Word draws and
    LibreOffice leaves out); the legend names the first only."""
    for series in lines:
        series.marker.style = XL_MARKER_STYLE.NONE
        earlier = series.points[0].marker  # a small ring where it was: the direction reads without the head
        earlier.style, earlier.size = XL_MARKER_STYLE.CIRCLE, 5
        earlier.format.fill.background()
        earlier.format.line.color.rgb = RGBColor.from_string(GREEN)
        series.format.line.color.rgb = RGBColor.from_string(GREEN)
        series.format.line.width = Pt(1.25)
        series.format.line._get_or_add_ln().append(parse_xml(f'<a:tailEnd xmlns:a="{A}" type="triangle"/>'))
    legend = chart._chartSpace.chart.find(f"{{{C}}}legend")
    position = legend.find(f"{{{C}}}legendPos")
    for series in lines[1:]:
        entry = parse_xml(
            f'<c:legendEntry xmlns:c="{C}"><c:idx val="{series._element.idx.val}"/><c:delete val="1"/></c:legendEntry>'
        )
        position.addnext(entry)


def _label(label: Any, text: str, size: float, italic: bool = False) -> None:
    label.has_text_frame = True
    label.text_frame.text = text
    label.position = XL_LABEL_POSITION.RIGHT
    label.font.size = Pt(size)
    if italic:
        label.font.italic = True
        label.font.color.rgb = RGBColor.from_string(GREY)
