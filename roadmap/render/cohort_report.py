"""The cohort's progress report: as rows (Prefect table artifact), Markdown and an .xlsx workbook."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from roadmap.atomic import write_atomically
from roadmap.domain.stages import Stage
from roadmap.i18n import message
from roadmap.services.cohort_monitoring import CohortMonitoring
from roadmap.services.cohorts import CohortRow, CohortStatus
from roadmap.services.office import OfficeRow
from roadmap.settings import Language
from roadmap.text import long_date

COLUMNS = (
    "municipality",
    "kind",
    "province",
    "stage",
    "status",
    "waiting_on",
    "since",
    "approved",
    "overdue",
    "exports",
    "published",
    "shared",
    "introductions",
    "applications",
    "awarded",
    "support",
)
# A spreadsheet reads a cell starting with one of these as a formula: a stakeholder called
# "=HYPERLINK(...)" must stay text (CSV/formula injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _stage(stage: Stage | None, lang: Language) -> str:
    if stage is None:
        return message("cohort.done", lang)
    return f"{int(stage)} {message(f'stage.{stage.key}', lang)}"


def overdue_text(row: CohortRow, lang: Language) -> str:
    return "; ".join(
        message(f"cohort.overdue.{item.kind}", lang, stage=int(item.stage), days=item.days, count=item.days)
        for item in row.overdue
    )


def report_rows(status: CohortStatus, lang: Language) -> list[dict[str, str | int]]:
    """One row per municipality, with the column titles in the reader's language."""
    titles = [message(f"cohort.col.{c}", lang) for c in COLUMNS]
    rows = []
    for row in status.rows:
        values: tuple[str | int, ...] = (
            row.name,
            row.kind,
            row.province,
            _stage(row.stage, lang),
            message(f"status.{row.status.value}", lang) if row.status else "",
            message(f"cohort.waiting.{row.waiting_on}", lang) if row.waiting_on else "",
            row.since_days,
            row.approved,
            overdue_text(row, lang),
            row.exports,
            message(
                "cohort.published_cell",
                lang,
                number=row.published,
                date=long_date(row.published_at.date(), lang),
                who=row.published_by,
            )
            if row.published and row.published_at
            else "",
            row.shared,
            row.introductions,
            row.applications,
            row.awarded,
            round(row.support_try),
        )
        rows.append(dict(zip(titles, values, strict=True)))
    return rows


def stage_counts(status: CohortStatus, lang: Language) -> list[tuple[str, int]]:
    counts = status.by_stage()
    return [(_stage(s, lang), counts[s.key]) for s in Stage] + [
        (message("cohort.done", lang), counts["done"])
    ]


def report_markdown(status: CohortStatus, lang: Language, limit: int = 50) -> str:
    """A summary for the Prefect UI: where the cohort stands and the most overdue municipalities."""
    overdue = sorted(status.overdue_rows(), key=lambda r: -max(o.days for o in r.overdue))
    lines = [
        f"# {message('cohort.report_title', lang, name=status.name, today=long_date(status.today, lang))}",
        "",
        message(
            "cohort.report_period",
            lang,
            starts=long_date(status.starts, lang),
            ends=long_date(status.ends, lang),
            count=len(status.rows),
            overdue=len(overdue),
        ),
        "",
        f"| {message('cohort.col.stage', lang)} | {message('cohort.col.count', lang)} |",
        "|---|---:|",
        *(f"| {stage} | {count} |" for stage, count in stage_counts(status, lang)),
        "",
    ]
    if overdue:
        lines += [
            f"## {message('cohort.col.overdue', lang)}",
            "",
            f"| {message('cohort.col.municipality', lang)} | {message('cohort.col.waiting_on', lang)} "
            f"| {message('cohort.col.overdue', lang)} |",
            "|---|---|---|",
        ]
        for row in overdue[:limit]:
            whose = message(f"cohort.waiting.{row.waiting_on}", lang) if row.waiting_on else ""
            lines.append(f"| {_cell(row.name)} | {whose} | {_cell(overdue_text(row, lang))} |")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


OFFICE_COLUMNS = (
    "municipality",
    "call",
    "score",
    "team_hours",
    "average",
    "expected",
    "pace",
    "people_behind",
    "consulting",
    "last_consulting",
    "next_steps",
)


def office_sheet_rows(
    status: CohortStatus, office: Mapping[str, OfficeRow], lang: Language
) -> list[list[object]]:
    """The programme office's sheet: application, hours and pace, consulting, one row per municipality."""
    rows: list[list[object]] = []
    for row in status.rows:
        line = office.get(row.slug)
        if line is None:
            continue
        rows.append(
            [
                row.name,
                line.call,
                line.score if line.score is not None else "",
                line.hours,
                line.average,
                line.expected,
                message("hours.behind", lang) if line.behind else message("hours.on_pace", lang),
                line.people_behind,
                line.consulting,
                long_date(line.last_consulting, lang) if line.last_consulting else "",
                line.next_steps,
            ]
        )
    return rows


def write_report_xlsx(
    status: CohortStatus,
    lang: Language,
    path: Path,
    *,
    monitoring: CohortMonitoring | None = None,
    office: Mapping[str, OfficeRow] | None = None,
) -> Path:
    """A workbook with a summary sheet and one row per municipality, written atomically; with
    ``monitoring``, a sheet of check-ins by quarter and the cohort indicators' sums per quarter; with
    ``office``, a sheet of applications, hours and pace, and consulting per municipality."""
    book = Workbook()
    summary = book.active
    summary.title = message("cohort.sheet.summary", lang)
    summary.append([safe_cell(status.name)])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([f"{long_date(status.starts, lang)} – {long_date(status.ends, lang)}"])
    summary.append([])
    summary.append([message("cohort.col.stage", lang), message("cohort.col.count", lang)])
    for cell in summary[4]:
        cell.font = Font(bold=True)
    for stage, count in stage_counts(status, lang):
        summary.append([stage, count])
    summary.column_dimensions["A"].width = 40
    summary.column_dimensions["B"].width = 18

    sheet = book.create_sheet(message("cohort.sheet.municipalities", lang))
    rows = report_rows(status, lang)
    titles = [message(f"cohort.col.{c}", lang) for c in COLUMNS]
    sheet.append(titles)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(v) for v in row.values()])
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{len(rows) + 1}"
    for index, width in enumerate((34, 12, 14, 28, 18, 18, 10, 10, 60, 10), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if monitoring is not None:
        _monitoring_sheet(book, monitoring, lang)

    if office is not None:
        programme = book.create_sheet(message("cohort.sheet.office", lang))
        programme.append([message(f"office.col.{c}", lang) for c in OFFICE_COLUMNS])
        for cell in programme[1]:
            cell.font = Font(bold=True)
        for values in office_sheet_rows(status, office, lang):
            programme.append([safe_cell(v) for v in values])
        programme.freeze_panes = "B2"
        for index, width in enumerate((34, 28, 10, 10, 12, 12, 12, 12, 12, 18, 60), start=1):
            programme.column_dimensions[get_column_letter(index)].width = width
    return write_atomically(path, lambda temporary: book.save(temporary))


def _monitoring_sheet(book: Workbook, monitoring: CohortMonitoring, lang: Language) -> None:
    """Municipalities × quarters (reported of planned, late), then each cohort indicator summed per quarter."""
    sheet = book.create_sheet(message("cohort.sheet.monitoring", lang))
    sheet.append([message("cohort.col.municipality", lang), *monitoring.periods])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in monitoring.rows:
        cells = [
            message("cohort.monitoring.cell", lang, reported=c.reported, planned=c.planned, late=c.late)
            if row.monitored and c.planned
            else "–"
            for c in row.cells
        ]
        sheet.append([safe_cell(row.name), *cells])
    sheet.append([])
    sheet.append([message("cohort.monitoring.indicators", lang), *monitoring.periods])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for indicator in monitoring.indicators:
        sums = monitoring.totals.get(indicator.code, {})
        label = f"{indicator.name} ({indicator.unit})" if indicator.unit else indicator.name
        sheet.append([safe_cell(label), *(sums.get(p, 0) for p in monitoring.periods)])
    sheet.column_dimensions["A"].width = 40
    for index in range(2, len(monitoring.periods) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 16
