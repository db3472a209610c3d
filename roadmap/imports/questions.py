"""What a refused file asks of the person who sent it: which field an unmatched column is, and what a
value that could not be read means. The answers become a mapping (``ImportMapping``), the same one a
mapping file holds, so a page and the command line fix a file the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel

from roadmap.imports.files import IGNORE, ImportMapping, ImportProblem, RefusedFile
from roadmap.imports.matching import Vocabulary, key

# A column the reader could not place: a near name, answers under no statement, a mapping's unknown
# word, the same field twice.
COLUMN_REASONS = {
    "did_you_mean",
    "did_you_mean_statement",
    "unknown_column",
    "bad_mapping",
    "duplicate_column",
}
# A needed column not found: one of the columns read as unused may be it.
MISSING_REASONS = {"missing_column", "no_statements"}


class ColumnQuestion(BaseModel):
    """Which field is this column? ``guess``: the nearest the matcher found ('' if none)."""

    header: str
    reason: str
    guess: str = ""


class ValueQuestion(BaseModel):
    """What does this value mean in this field? (``field`` names the mapping's ``values`` table)."""

    field: str
    columns: list[str]  # where it was written, in the order met
    written: str
    rows: list[int]
    guess: str = ""


class Questions(BaseModel):
    """Everything a refused file asks, and the problems no choice can answer (fix the file for those)."""

    columns: list[ColumnQuestion] = []
    values: list[ValueQuestion] = []
    remaining: list[ImportProblem] = []

    def __bool__(self) -> bool:
        return bool(self.columns or self.values)


def nearest(vocabulary: Vocabulary[Any], text: str) -> str:
    """What ``text`` is taken for, or else the meaning of the first name it comes close to; '' if none."""
    found = vocabulary.match(text)
    if found.found:
        return _said(found.value)
    for suggestion in found.suggestions:
        meaning = vocabulary.match(suggestion)
        if meaning.found:
            return _said(meaning.value)
    return ""


def _said(value: Any) -> str:
    return str(getattr(value, "value", value))  # an enum member by its value, as a mapping writes it


def ask(
    refused: RefusedFile,
    guess_column: Callable[[str], str],
    value_field: Callable[[ImportProblem], str | None],
    values: Mapping[str, Vocabulary[Any]],
) -> Questions:
    """The questions of a refused file: each unplaced column (and, when a needed one is missing, each
    unused column), each distinct unread value of a field with a known set of values; and the rest."""
    asked = Questions()
    headers: set[str] = set()
    seen: dict[tuple[str, str], ValueQuestion] = {}
    missing = any(p.reason in MISSING_REASONS for p in refused.file_problems)
    for problem in refused.file_problems:
        if problem.row is None and problem.column and problem.reason in COLUMN_REASONS:
            if problem.column not in headers:
                headers.add(problem.column)
                asked.columns.append(
                    ColumnQuestion(
                        header=problem.column, reason=problem.reason, guess=guess_column(problem.column)
                    )
                )
            continue
        field = value_field(problem) if problem.row is not None and problem.detail else None
        if field is None or field not in values:
            asked.remaining.append(problem)
            continue
        question = seen.get((field, key(problem.detail)))
        if question is None:
            question = seen[(field, key(problem.detail))] = ValueQuestion(
                field=field,
                columns=[],
                written=problem.detail,
                rows=[],
                guess=nearest(values[field], problem.detail),
            )
            asked.values.append(question)
        if problem.row not in question.rows:
            question.rows.append(problem.row or 0)
        if problem.column and problem.column not in question.columns:
            question.columns.append(problem.column)
    if missing:
        for header in refused.unused:
            if header not in headers:
                headers.add(header)
                asked.columns.append(ColumnQuestion(header=header, reason="unused", guess=""))
    return asked


def answered(
    mapping: ImportMapping, columns: Mapping[str, str], values: Mapping[tuple[str, str], str]
) -> ImportMapping:
    """``mapping`` with a person's choices added: a column's field, a value's meaning ('' is no choice)."""
    merged_columns = dict(mapping.columns)
    merged_columns.update({header: field for header, field in columns.items() if field})
    merged_values: dict[str, dict[str, str | int]] = {f: dict(t) for f, t in mapping.values.items()}
    for (field, written), meaning in values.items():
        if meaning:
            merged_values.setdefault(field, {})[written] = int(meaning) if meaning.isdigit() else meaning
    return ImportMapping(columns=merged_columns, values=merged_values)


__all__ = ["IGNORE", "ColumnQuestion", "Questions", "ValueQuestion", "answered", "ask", "nearest"]
