"""The check-in workbook: one sheet per responsible directorate, an action row followed by a row for
each of its indicators, prefilled with the last values; read back row by row.

The sheet "_plan" (hidden) says whose plan and which period the workbook is for; every row repeats
the plan's words (title, baseline, target) so that a plan changed since the export is caught by row.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import BaseModel

from roadmap.domain.monitoring import CheckinStatus
from roadmap.i18n import translate
from roadmap.imports.files import check_zip
from roadmap.settings import Language

META = "_plan"
COLUMNS = ("code", "name", "unit", "baseline", "target", "last", "now", "done", "delays", "reason", "links")
INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


class SheetIndicator(BaseModel):
    code: str
    name: str
    unit: str
    baseline: float | None
    target: float | None
    last: float | None
    now: float | None  # this period's value if recorded, else the last one


class SheetAction(BaseModel):
    code: str
    title: str
    responsible: str
    status: CheckinStatus | None  # this period's, else the last one
    done: str = ""
    delays: str = ""
    reason: str = ""
    links: list[str] = []  # web addresses; stored files as "dosya: NAME"
    indicators: list[SheetIndicator] = []


class ReadRow(BaseModel):
    """One row as read: where it is, and its cells by column name."""

    sheet: str
    row: int
    cells: dict[str, Any]


def sheet_title(name: str, taken: set[str]) -> str:
    base = INVALID_SHEET_CHARS.sub(" ", name).strip()[:31] or "-"
    title, n = base, 2
    while title.lower() in taken:
        title, n = f"{base[:26]} ({n})", n + 1
    taken.add(title.lower())
    return title


def status_label(status: CheckinStatus, lang: Language) -> str:
    return translate(f"irm.{status.value}", lang)


def write_workbook(
    path: Path, slug: str, period: str, actions: list[SheetAction], lang: Language, fingerprint: str
) -> int:
    """Write the workbook; returns how many directorate sheets it has."""
    book = Workbook()
    book.remove(book.active)
    by_unit: dict[str, list[SheetAction]] = {}
    for action in actions:
        by_unit.setdefault(action.responsible or "-", []).append(action)
    taken: set[str] = {META.lower()}
    labels = [status_label(s, lang) for s in CheckinStatus]
    bold, shade = Font(bold=True), PatternFill("solid", fgColor="E8EEF4")
    for unit, items in by_unit.items():
        sheet = book.create_sheet(sheet_title(unit, taken))
        sheet.append([translate(f"checkin_sheet.col.{c}", lang) for c in COLUMNS])
        for cell in sheet[1]:
            cell.font = bold
        choice = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True)
        sheet.add_data_validation(choice)
        for action in items:
            sheet.append(
                [
                    action.code,
                    action.title,
                    "",
                    None,
                    None,
                    None,
                    status_label(action.status, lang) if action.status else "",
                    action.done,
                    action.delays,
                    action.reason,
                    "\n".join(action.links),
                ]
            )
            choice.add(f"G{sheet.max_row}")
            for cell in sheet[sheet.max_row]:
                cell.fill = shade
            for i in action.indicators:
                sheet.append([i.code, i.name, i.unit, i.baseline, i.target, i.last, i.now])
        for letter, width in zip("ABCDEFGHIJK", (9, 48, 10, 11, 11, 11, 16, 40, 32, 24, 40), strict=True):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "C2"
    meta = book.create_sheet(META)
    for row in (("slug", slug), ("period", period), ("plan", fingerprint), ("lang", lang)):
        meta.append(list(row))
    meta.sheet_state = "hidden"
    book.save(path)
    return len(by_unit)


def read_workbook(path: Path) -> tuple[dict[str, str], list[ReadRow]]:
    """The workbook's own facts (slug, period, plan, lang) and every filled row of its sheets."""
    check_zip(path)
    book = load_workbook(path, read_only=True, data_only=True)
    meta: dict[str, str] = {}
    rows: list[ReadRow] = []
    for sheet in book.worksheets:
        if sheet.title == META:
            for values in sheet.iter_rows(values_only=True):
                if values and values[0]:
                    meta[str(values[0])] = "" if len(values) < 2 or values[1] is None else str(values[1])
            continue
        for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            if not values or values[0] in (None, ""):
                continue
            cells = {name: values[i] if i < len(values) else None for i, name in enumerate(COLUMNS)}
            rows.append(ReadRow(sheet=sheet.title, row=number, cells=cells))
    book.close()
    return meta, rows
