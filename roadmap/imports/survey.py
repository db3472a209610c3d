"""Survey responses from the files people really export: Google Forms, Turkish Excel, .xlsx.

Columns are matched to the instrument's statements by id or by statement text (Turkish or English,
ignoring case, accents and trailing punctuation); anything else goes through a mapping file.
Answers may be numbers (1–5, also "4,0") or scale labels; "Fikrim yok" and blanks are no answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from roadmap.domain.catalogues import Instrument
from roadmap.domain.content import RespondentGroup, SurveyResponse
from roadmap.imports.files import (
    IGNORE,
    ColumnPlan,
    FileNotes,
    ImportMapping,
    ImportProblem,
    RefusedFile,
    Table,
    model_problems,
    quoted,
    read_mapping,
    read_table,
    sample_rows,
)
from roadmap.imports.matching import Vocabulary, key
from roadmap.imports.numbers import whole_number
from roadmap.imports.questions import Questions, ask, nearest

META_COLUMNS = {
    "timestamp": {"zaman damgasi", "timestamp", "tarih", "date", "submitted at", "gonderim zamani"},
    "respondent": {
        "respondent",
        "respondent id",
        "yanitlayan",
        "katilimci",
        "katilimci no",
        "sira",
        "sira no",
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
    "directorate": {  # staff surveys: findings by directorate
        "mudurluk",
        "mudurlugunuz",
        "calistiginiz mudurluk",
        "birim",
        "biriminiz",
        "calistiginiz birim",
        "daire baskanligi",
        "directorate",
        "department",
        "your department",
        "unit",
    },
}
NO_ANSWER = {"", "fikrim yok", "bilmiyorum", "no opinion", "don't know", "dont know", "n/a", "na", "-", "yok"}
META = {name: kind for kind, names in META_COLUMNS.items() for name in names}  # folded header → kind
ANSWER_LIKE = 0.5  # share of an unknown column's cells that read as answers for it to be a question


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
    notes: FileNotes = FileNotes()


def _statements(tool: Instrument) -> Vocabulary[str]:
    names: Vocabulary[str] = Vocabulary()
    for dimension in tool.dimensions:
        for statement in dimension.statements:
            for text in (statement.tr, statement.en, statement.id):
                names.add(text, statement.id)
    return names


Scale = dict[str, int | None]  # an answer as folded → its value; ``None``: no answer


def _scale_keys(tool: Instrument) -> Scale:
    return {key(word): value for word, value in tool.scale_words()}


def _mapped_answers(mapping: ImportMapping) -> Scale:
    """A mapping's own answer words: a value on the scale, or ``ignore`` for no answer."""
    said: Scale = {}
    for written, meaning in mapping.values.get("answers", {}).items():
        if str(meaning).isdigit():
            said[key(written)] = int(meaning)
        elif str(meaning) == IGNORE:
            said[key(written)] = None
    return said


def _bracket(header: str) -> str | None:
    found = re.search(r"\[(.+)\]\s*$", header)  # Google Forms grid: "Question [Statement]"
    return found.group(1) if found else None


def _target(
    header: str, statements: Vocabulary[str], mapping: ImportMapping
) -> tuple[str | None, tuple[str, ...]]:
    """What a header is (a statement id, a meta column, ``ignore``) and, if nothing, what it is near."""
    named = mapping.column(header) or META.get(key(header))
    if named:
        return named, ()
    suggestions: tuple[str, ...] = ()
    for text in (header, _bracket(header)):
        if text:
            found = statements.match(text)
            if found.how in {"exact", "words"}:
                return found.value, ()
            suggestions = suggestions or found.suggestions or ((found.named,) if found.found else ())
    return None, suggestions


def recognised(statements: Vocabulary[str]) -> Callable[[str], bool]:
    """Does a header name a statement or a column we know? (to find the header row under a title)."""
    return lambda header: _target(header, statements, ImportMapping())[0] is not None


def match_columns(
    table: Table, statements: Vocabulary[str], mapping: ImportMapping, scale: Scale
) -> ColumnPlan:
    """Each header's target. A column that matches nothing but holds answers is refused (with the
    statements it is near); one that holds something else (a directorate, free text) is ignored."""
    plan = ColumnPlan()
    seen: dict[str, str] = {}
    valid = set(statements.names.values()) | set(META_COLUMNS) | {IGNORE}
    for index, header in enumerate(table.headers):
        target, near = _target(header, statements, mapping)
        if target is None and _holds_answers(table, index, scale):
            reason = "did_you_mean_statement" if near else "unknown_column"
            plan.problems.append(ImportProblem(column=header, reason=reason, detail=quoted(list(near))))
            continue
        if target is None:
            plan.ignored.append(header)
            continue
        if target not in valid:
            plan.problems.append(ImportProblem(column=header, reason="bad_mapping", detail=target))
            continue
        if target != IGNORE and target in seen:
            plan.problems.append(ImportProblem(column=header, reason="duplicate_column", detail=seen[target]))
            continue
        seen[target] = header
        plan.columns[header] = target
    return plan


def _holds_answers(table: Table, index: int, scale: Scale) -> bool:
    cells = [cells[index] for _, cells in table.rows if index < len(cells) and cells[index]]
    if not cells:
        return False
    return sum(1 for cell in cells if _reads_as_answer(cell, scale)) / len(cells) >= ANSWER_LIKE


def _reads_as_answer(cell: str, scale: Scale) -> bool:
    try:
        return parse_answer(cell, scale) is not None
    except ValueError:
        return False


def parse_answer(value: str, scale: Scale) -> int | None:
    """1–5 from a number ("4", "4,0", "dört") or a label; ``None`` for no answer; ``ValueError`` otherwise."""
    folded = key(value)
    if folded in NO_ANSWER:
        return None
    if folded in scale:
        return scale[folded]
    number = whole_number(value)
    if number is None:
        try:
            float(folded.replace(",", "."))
        except ValueError:
            raise ValueError("unreadable") from None
        raise ValueError("not_whole")
    if not 1 <= number <= 5:
        raise ValueError("out_of_range")
    return number


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
    path: Path, group: RespondentGroup, tool: Instrument, mapping: ImportMapping | None = None
) -> SurveyFile:
    """Read and check a survey file; every problem is collected, nothing is stored."""
    mapping = mapping or ImportMapping()
    statements = _statements(tool)
    table: Table = read_table(path, recognise=recognised(statements))
    scale = _scale_keys(tool) | _mapped_answers(mapping)
    plan = match_columns(table, statements, mapping, scale)
    targets, problems = plan.columns, plan.problems
    if not problems and not set(targets.values()) - set(META_COLUMNS) - {IGNORE}:
        problems.append(ImportProblem(reason="no_statements"))  # nothing to read: say so, not "no answers"
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
        if all(v is None for v in answers.values()):
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
        respondent = _respondent_key(rule, record, number, stamps)
        if respondent in first_row:
            problems.append(
                ImportProblem(
                    row=number,
                    reason="duplicate_respondent",
                    detail=f"{respondent} ({first_row[respondent]})",
                )
            )
            continue
        first_row[respondent] = number
        try:
            response = SurveyResponse(
                respondent=respondent,
                group=group,
                organisation=record.get("organisation", ""),
                directorate=record.get("directorate", ""),
                answers=answers,
            )
        except ValidationError as error:  # a character no document can hold, in an id or organisation
            renamed = {"respondent": "respondent" if rule == "respondent" else "timestamp"}
            problems += model_problems(error, number, header_of, renamed)
            continue
        responses.append(response)
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
        notes=FileNotes.of(
            table,
            ignored_columns=plan.ignored,
            sample=sample_rows(table, targets, PERSONAL, lambda field, value: _as_read(field, value, scale)),
        ),
    )


PERSONAL = {"respondent"}  # an id, a name or an e-mail: masked in a preview


def _as_read(field: str, value: str, scale: Scale) -> str | None:
    """An answer as the import reads it ("4", or "—" for no answer); other columns as written."""
    if field in META_COLUMNS:
        return None
    try:
        answer = parse_answer(value, scale)
    except ValueError:
        return None
    return "—" if answer is None else str(answer)


ANSWER_REASONS = {"unreadable", "not_whole", "out_of_range"}


def survey_questions(refused: RefusedFile, tool: Instrument) -> Questions:
    """What a refused survey file asks: the statement (or respondent detail) each unmatched column is,
    and the scale value each unread answer word means (one table, ``answers``, for all columns)."""
    statements = _statements(tool)
    answers: Vocabulary[str] = Vocabulary.of((word, str(value)) for word, value in tool.scale_words())
    for word in NO_ANSWER - {""}:
        answers.add(word, IGNORE)

    def guess(header: str) -> str:
        named = META.get(key(header))
        if named:
            return named
        for text in (header, _bracket(header)):
            found = nearest(statements, text) if text else ""
            if found:
                return found
        return ""

    return ask(
        refused, guess, lambda p: "answers" if p.reason in ANSWER_REASONS else None, {"answers": answers}
    )


__all__ = ["ImportMapping", "read_mapping", "read_survey", "survey_questions"]
