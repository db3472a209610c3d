"""The per-directorate check-in workbook: exported prefilled with the last values, imported all or
nothing. An import is refused, naming sheet, row and field, when the workbook is another
municipality's, or when the plan it was made from has changed since (a title, a baseline, a target)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

from roadmap.atomic import write_atomically
from roadmap.domain.content import RoadmapAction
from roadmap.domain.monitoring import CheckinStatus, Period
from roadmap.domain.permissions import Permission
from roadmap.errors import InvalidInput, RoadmapError
from roadmap.i18n import LANGUAGES, Message, Renderable, msg, translate
from roadmap.imports.checkin_workbook import (
    ReadRow,
    SheetAction,
    SheetIndicator,
    read_workbook,
    write_workbook,
)
from roadmap.services.access import Who, authorise
from roadmap.services.monitoring import CheckinView, Monitored, checkins_of, monitored, store_checkin
from roadmap.settings import Language, get_settings
from roadmap.store.db import unit_of_work
from roadmap.store.tables import MonitoringCheckin
from roadmap.text import fold_name

FILE_PREFIXES = ("dosya:", "file:")
MEETING_PREFIXES = ("toplantı:", "meeting:")


def _plan_fingerprint(state: Monitored) -> str:
    """What the workbook's rows repeat of the plan, hashed: it changes when the plan does."""
    words = [
        (code, a.title, [(i.id, i.name, i.baseline, i.target) for i in a.indicators])
        for code, a in state.plan.codes().items()
    ]
    return hashlib.sha256(json.dumps(words, ensure_ascii=False).encode()).hexdigest()[:16]


def _file_links(row: MonitoringCheckin | None) -> list[str]:
    if row is None:
        return []
    prefix = {"meeting": "toplantı"}
    return [
        e["ref"] if e["kind"] == "link" else f"{prefix.get(e['kind'], 'dosya')}: {e.get('name') or e['ref']}"
        for e in row.evidence
    ]


def _sheet_actions(state: Monitored, rows: list[MonitoringCheckin], period: Period) -> list[SheetAction]:
    """Each action as the workbook shows it: this period's check-in, else the last values before it."""
    found = []
    for code, action in state.plan.codes().items():
        mine = sorted(
            (r for r in rows if r.action_id == action.id and Period.parse(r.period) <= period),
            key=lambda r: r.period,
        )
        this = next((r for r in mine if r.period == period.label), None)
        last = mine[-1] if mine else None
        before = [r for r in mine if r.period != period.label]
        found.append(
            SheetAction(
                code=code,
                title=action.title,
                responsible=action.responsible,
                status=CheckinStatus(last.status) if last else None,
                done=this.done if this else "",
                delays=this.delays if this else "",
                reason=this.reason if this else "",
                links=_file_links(this),
                indicators=[
                    SheetIndicator(
                        code=f"{code}.{n}",
                        name=i.name,
                        unit=i.unit,
                        baseline=i.baseline,
                        target=i.target,
                        last=_latest(before, i.id),
                        now=_latest(mine, i.id),
                    )
                    for n, i in enumerate(action.indicators, start=1)
                ],
            )
        )
    return found


def _latest(rows: list[MonitoringCheckin], indicator_id: str) -> float | None:
    values = [r.actuals[indicator_id] for r in rows if indicator_id in r.actuals]
    return float(values[-1]) if values else None


def export_checkin_workbook(
    email: Who, slug: str, period: str, path: Path, lang: Language | None = None
) -> int:
    """Write the period's workbook to ``path`` (atomically); returns how many directorate sheets it has."""
    with unit_of_work() as session:
        municipality = authorise(session, _actor(session, email), Permission.SEE, slug)
        state = monitored(session, municipality)
        quarter = state.period(period)
        actions = _sheet_actions(state, checkins_of(session, state.municipality_id), quarter)
        fingerprint = _plan_fingerprint(state)
    language = lang or get_settings().language
    sheets = 0

    def write(target: Path) -> None:
        nonlocal sheets
        sheets = write_workbook(target, slug, quarter.label, actions, language, fingerprint)

    write_atomically(path, write)
    return sheets


def _actor(session: Session, email: Who) -> Any:
    from roadmap.services.access import resolve_actor

    return resolve_actor(session, email)


def _problem(row: ReadRow, field: str, reason: Renderable) -> Message:
    return msg(
        "checkin_sheet.problem",
        sheet=row.sheet,
        row=row.row,
        field=msg(f"checkin_sheet.col.{field}"),
        reason=reason,
    )


def _status(text: Any) -> CheckinStatus | None:
    if text in (None, ""):
        return None
    wanted = fold_name(str(text))
    for status in CheckinStatus:
        if wanted in {
            status.value,
            *(fold_name(translate(f"irm.{status.value}", lang)) for lang in LANGUAGES),
        }:
            return status
    raise ValueError(text)


def _number(value: Any) -> float | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float):
        return float(value)
    return float(str(value).strip().replace(",", "."))


def _same(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-9)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


class _Reading:
    """The rows of one workbook checked against the plan, gathered into check-ins per action."""

    def __init__(
        self, state: Monitored, prefill: dict[str, SheetAction], rows: list[MonitoringCheckin]
    ) -> None:
        self.state, self.prefill, self.rows = state, prefill, rows
        self.problems: list[Message] = []
        self.given: dict[str, dict[str, Any]] = {}
        self.where: dict[str, ReadRow] = {}

    def action_row(self, row: ReadRow, code: str, action: RoadmapAction) -> None:
        if _text(row.cells["name"]) != action.title:
            self.problems.append(
                _problem(
                    row,
                    "name",
                    msg("checkin_sheet.plan_changed", value=_text(row.cells["name"]), plan=action.title),
                )
            )
            return
        try:
            status = _status(row.cells["now"])
        except ValueError:
            self.problems.append(
                _problem(row, "now", msg("checkin_sheet.bad_status", value=str(row.cells["now"])))
            )
            return
        evidence = []
        for line in _text(row.cells["links"]).splitlines():
            line = line.strip()
            if line.lower().startswith(MEETING_PREFIXES):
                name = line.split(":", 1)[1].strip()
                known = [
                    e
                    for r in self.rows
                    for e in r.evidence
                    if e.get("kind") == "meeting" and e.get("name") == name
                ]
                evidence.append(
                    known[-1] if known else {"kind": "meeting", "ref": name[:200], "name": name[:200]}
                )
            elif line.lower().startswith(FILE_PREFIXES):
                name = line.split(":", 1)[1].strip()
                kept = [
                    e
                    for r in self.rows
                    if r.action_id == action.id
                    for e in r.evidence
                    if e.get("name") == name
                ]
                if not kept:
                    self.problems.append(_problem(row, "links", msg("checkin_sheet.unknown_file", name=name)))
                    continue
                evidence.append(kept[-1])
            elif line:
                evidence.append({"kind": "link", "ref": line, "name": line})
        self.where[code] = row
        self.given[code] = {
            "status": status.value if status else None,
            "done": _text(row.cells["done"]),
            "delays": _text(row.cells["delays"]),
            "reason": _text(row.cells["reason"]),
            "evidence": evidence,
            "actuals": {},
            "_links": [line.strip() for line in _text(row.cells["links"]).splitlines() if line.strip()],
        }

    def indicator_row(self, row: ReadRow, code: str, action: RoadmapAction, number: int) -> None:
        if not 1 <= number <= len(action.indicators):
            self.problems.append(
                _problem(row, "code", msg("checkin_sheet.unknown_code", code=row.cells["code"]))
            )
            return
        indicator = action.indicators[number - 1]
        for field, planned in (("baseline", indicator.baseline), ("target", indicator.target)):
            try:
                written = _number(row.cells[field])
            except ValueError:
                written = None
            if not _same(written, planned):
                self.problems.append(
                    _problem(
                        row,
                        field,
                        msg("checkin_sheet.plan_changed", value=str(row.cells[field]), plan=str(planned)),
                    )
                )
                return
        try:
            value = _number(row.cells["now"])
        except ValueError:
            self.problems.append(
                _problem(row, "now", msg("checkin_sheet.bad_number", value=str(row.cells["now"])))
            )
            return
        if value is not None and code in self.given:
            self.given[code]["actuals"][indicator.id] = value

    def read(self, rows: list[ReadRow]) -> None:
        codes = self.state.plan.codes()
        for row in rows:
            parts = _text(row.cells["code"]).split(".")
            head = ".".join(parts[:2])
            if head not in codes or len(parts) not in (2, 3) or (len(parts) == 3 and not parts[2].isdigit()):
                self.problems.append(
                    _problem(row, "code", msg("checkin_sheet.unknown_code", code=_text(row.cells["code"])))
                )
            elif len(parts) == 2:
                self.action_row(row, head, codes[head])
            else:
                self.indicator_row(row, head, codes[head], int(parts[2]))

    def changed(self) -> dict[str, dict[str, Any]]:
        """The actions whose rows differ from what the export wrote (the rest are left as they are)."""
        found = {}
        for code, given in self.given.items():
            before = self.prefill[code]
            links = given.pop("_links")
            same = (
                given["status"] == (before.status.value if before.status else None)
                and (given["done"], given["delays"], given["reason"])
                == (before.done, before.delays, before.reason)
                and links == before.links
                and all(_same(given["actuals"].get(self._id(code, i.code)), i.now) for i in before.indicators)
            )
            if given["status"] is None and any(given[k] for k in ("done", "delays", "reason", "actuals")):
                self.problems.append(_problem(self.where[code], "now", msg("checkin_sheet.status_missing")))
            elif not same and given["status"] is not None:
                found[code] = given
        return found

    def _id(self, code: str, address: str) -> str:
        return self.state.plan.codes()[code].indicators[int(address.rsplit(".", 1)[1]) - 1].id


def import_checkin_workbook(
    email: Who, slug: str, path: Path, today: date | None = None
) -> list[CheckinView]:
    """Record the check-ins a filled workbook holds, all or none; returns those recorded."""
    with unit_of_work() as session:
        actor = _actor(session, email)
        municipality = authorise(session, actor, Permission.EDIT, slug)
        meta, rows = read_workbook(path)
        if meta.get("slug") != slug:
            raise InvalidInput(
                "checkin_sheet.other_municipality", path=path.name, found=meta.get("slug") or "?", slug=slug
            )
        state = monitored(session, municipality)
        quarter = state.period(meta.get("period", ""))
        stored = checkins_of(session, state.municipality_id)
        reading = _Reading(state, {a.code: a for a in _sheet_actions(state, stored, quarter)}, stored)
        reading.read(rows)
        changed = reading.changed()
        recorded = []
        for code, given in changed.items():
            try:
                recorded.append(
                    store_checkin(
                        session,
                        actor,
                        municipality,
                        state,
                        code,
                        quarter.label,
                        given,
                        [],
                        None,
                        "workbook",
                        today or date.today(),
                    )
                )
            except RoadmapError as error:
                where = reading.where[code]
                for detail in error.problems or [error.message]:
                    reading.problems.append(
                        _problem(
                            where,
                            "now",
                            msg("checkin_sheet.said", text=detail) if isinstance(detail, str) else detail,
                        )
                    )
        if reading.problems:
            raise InvalidInput(
                "checkin_sheet.refused", reading.problems, path=path.name, count=len(reading.problems)
            )
        return recorded
