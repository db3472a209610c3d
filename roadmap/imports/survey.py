"""Survey responses from the files people really export: Google Forms, Turkish Excel, .xlsx.

Columns are matched to the instrument's statements by id or by statement text (Turkish or English,
ignoring case, accents and trailing punctuation); anything else goes through a mapping file.
Answers may be numbers (1–5, also "4,0") or scale labels; "Fikrim yok" and blanks are no answer.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from roadmap.domain.catalogues import Instrument
from roadmap.domain.content import RespondentGroup, SurveyResponse
from roadmap.imports.files import ImportProblem, Table, read_table, yaml_to_model
from roadmap.text import fold_name

IGNORE = "ignore"
META_COLUMNS = {
    "timestamp": {"zaman damgasi", "timestamp", "tarih", "date", "submitted at", "gonderim zamani"},
    "respondent": {
        "respondent",
        "respondent id",
        "yanitlayan",
        "katilimci",
        "katilimci no",
        "id",
        "no",
        "e-posta adresi",
        "email address",
        "e-posta",
        "email",
    },
    "organisation": {
        "organisation",
        "organization",
        "kurum",
        "kurulus",
        "kurum/kurulus",
        "orgut",
        "kurumunuz",
        "your organisation",
    },
}
NO_ANSWER = {"", "fikrim yok", "bilmiyorum", "no opinion", "don't know", "dont know", "n/a", "na", "-", "yok"}


class SurveyMapping(BaseModel):
    """Header → statement id, or ``timestamp``/``respondent``/``organisation``/``ignore``."""

    columns: dict[str, str] = {}


class SurveyFile(BaseModel):
    """What a survey file holds, read and checked but not stored."""

    path: Path
    group: RespondentGroup
    identity: Identity = "respondent"  # how respondents are told apart (see identity_rule)
    columns: dict[str, str]
    rows_read: int
    empty_rows: list[int]
    responses: list[SurveyResponse]
    problems: list[ImportProblem]


def _key(text: str) -> str:
    """Compare headers and labels: Turkish-aware, accent-free, no trailing punctuation or '*'."""
    return re.sub(r"[\s.:?!*]+$", "", fold_name(text))


def _statement_keys(tool: Instrument) -> dict[str, str]:
    keys: dict[str, str] = {}
    for dimension in tool.dimensions:
        for statement in dimension.statements:
            for text in (statement.id, statement.tr, statement.en):
                keys[_key(text)] = statement.id
    return keys


def _scale_keys(tool: Instrument) -> dict[str, int]:
    return {_key(label): value for value, labels in tool.scale.items() for label in labels.values()}


def match_columns(
    headers: list[str], tool: Instrument, mapping: SurveyMapping
) -> tuple[dict[str, str], list[ImportProblem]]:
    """Each header's target; unknown and twice-used columns are problems."""
    statements = _statement_keys(tool)
    explicit = {_key(k): v for k, v in mapping.columns.items()}
    meta = {name: kind for kind, names in META_COLUMNS.items() for name in names}
    targets: dict[str, str] = {}
    problems: list[ImportProblem] = []
    seen: dict[str, str] = {}
    valid = set(statements.values()) | set(META_COLUMNS) | {IGNORE}
    for header in headers:
        key = _key(header)
        bracket = re.search(r"\[(.+)\]\s*$", header)  # Google Forms grid: "Question [Statement]"
        target = (
            explicit.get(key)
            or meta.get(key)
            or statements.get(key)
            or (statements.get(_key(bracket.group(1))) if bracket else None)
        )
        if not header.strip():
            target = target or IGNORE
        if target is None:
            problems.append(ImportProblem(column=header, reason="unknown_column"))
            continue
        if target not in valid:
            problems.append(ImportProblem(column=header, reason="bad_mapping", detail=target))
            continue
        if target != IGNORE and target in seen:
            problems.append(ImportProblem(column=header, reason="duplicate_column", detail=seen[target]))
            continue
        seen[target] = header
        targets[header] = target
    return targets, problems


def parse_answer(value: str, scale: dict[str, int]) -> int | None:
    """1–5 from a number or a label; ``None`` for no answer; ``ValueError`` otherwise."""
    key = _key(value)
    if key in NO_ANSWER:
        return None
    if key in scale:
        return scale[key]
    try:
        number = float(key.replace(",", "."))
    except ValueError:
        raise ValueError("unreadable") from None
    if not number.is_integer():
        raise ValueError("not_whole")
    if not 1 <= number <= 5:
        raise ValueError("out_of_range")
    return int(number)


TEXT_LIMIT = 200  # a respondent's id and organisation, as SurveyResponse keeps them
Identity = Literal["respondent", "timestamp", "row"]


def identity_rule(targets: dict[str, str]) -> Identity:
    """How this file's respondents are told apart, so that a re-export updates the same people:
    a respondent or e-mail column; else the time stamp of the answer; else the row number."""
    kinds = set(targets.values())
    return "respondent" if "respondent" in kinds else "timestamp" if "timestamp" in kinds else "row"


def _respondent_key(rule: Identity, record: dict[str, str], row: int, seen: dict[str, int]) -> str:
    """The respondent's identity under ``rule``; the same time stamp twice in one file (two people in
    one second) is told apart by its order, which a re-export of the same form keeps."""
    respondent = record.get("respondent", "").strip() if rule == "respondent" else ""
    if respondent:
        return respondent
    stamp = record.get("timestamp", "").strip()  # an optional e-mail left blank: the time stamp tells
    if stamp:
        seen[stamp] = seen.get(stamp, 0) + 1
        return stamp if seen[stamp] == 1 else f"{stamp} ({seen[stamp]})"
    return f"#{row}"


def read_survey(
    path: Path, group: RespondentGroup, tool: Instrument, mapping: SurveyMapping | None = None
) -> SurveyFile:
    """Read and check a survey file; every problem is collected, nothing is stored."""
    table: Table = read_table(path)
    targets, problems = match_columns(table.headers, tool, mapping or SurveyMapping())
    scale = _scale_keys(tool)
    known: dict[str, int | None] = {}  # a file holds a handful of distinct answers: parse each once
    responses: list[SurveyResponse] = []
    empty: list[int] = []
    first_row: dict[str, int] = {}
    rule = identity_rule(targets)
    header_of = {target: header for header, target in targets.items()}
    stamps: dict[str, int] = {}
    for number, cells in table.rows:
        if not any(cells):
            empty.append(number)
            continue
        record: dict[str, str] = {}
        answers: dict[str, int | None] = {}
        for header, value in zip(table.headers, cells, strict=False):
            target = targets.get(header)
            if target is None or target == IGNORE:
                continue
            if target in META_COLUMNS:
                record[target] = value
                continue
            try:
                if value not in known:
                    known[value] = parse_answer(value, scale)
                answers[target] = known[value]
            except ValueError as error:
                problems.append(ImportProblem(row=number, column=header, reason=str(error), detail=value))
        if answers and all(v is None for v in answers.values()):
            empty.append(number)
            continue
        too_long = [k for k in ("respondent", "organisation") if len(record.get(k, "")) > TEXT_LIMIT]
        for kind in too_long:  # refused with row and column: nothing is cut short
            problems.append(
                ImportProblem(
                    row=number, column=header_of.get(kind), reason="too_long", detail=str(TEXT_LIMIT)
                )
            )
        if too_long:
            continue
        key = _respondent_key(rule, record, number, stamps)
        if key in first_row:
            problems.append(
                ImportProblem(row=number, reason="duplicate_respondent", detail=f"{key} ({first_row[key]})")
            )
            continue
        first_row[key] = number
        responses.append(
            SurveyResponse(
                respondent=key,
                group=group,
                organisation=record.get("organisation", ""),
                answers=answers,
            )
        )
    if not responses and not problems:
        problems.append(ImportProblem(reason="no_responses"))
    return SurveyFile(
        path=path,
        group=group,
        identity=rule,
        columns=targets,
        rows_read=len(table.rows),
        empty_rows=empty,
        responses=responses,
        problems=problems,
    )


def read_mapping(path: Path | None) -> SurveyMapping:
    return yaml_to_model(path, SurveyMapping) if path else SurveyMapping()
