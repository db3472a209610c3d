"""A support call's rubric from a YAML or CSV/XLSX file: criteria with weights (and a top score)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from roadmap.domain.support import Rubric
from roadmap.errors import InvalidInput
from roadmap.imports.files import (
    ImportMapping,
    ImportProblem,
    field_vocabulary,
    map_columns,
    model_problems,
    read_table,
    read_yaml,
    reject,
)

FIELDS: dict[str, tuple[str, ...]] = {
    "key": ("Anahtar", "Kod", "Key", "Code"),
    "title": ("Ölçüt", "Kriter", "Başlık", "Criterion", "Title"),
    "weight": ("Ağırlık", "Ağırlık (%)", "Weight"),
    "max_score": ("En yüksek puan", "Azami puan", "Tam puan", "Max score", "Max", "Top score"),
}
VOCABULARY = field_vocabulary(FIELDS)


def decimal(text: str) -> float | None:
    """A number as a Turkish or English spreadsheet writes it: "12,5", "12.5", "%30", "30"."""
    cleaned = text.strip().lstrip("%").rstrip("%").strip().replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def read_rubric(path: Path) -> Rubric:
    """The rubric a file describes; any problem refuses the whole file, naming its row and field."""
    if path.suffix.lower() in {".yaml", ".yml"}:
        raw = read_yaml(path)
        criteria = raw.get("criteria") if isinstance(raw, dict) else raw
        try:
            return Rubric.model_validate({"criteria": criteria or []})
        except ValidationError as error:
            raise _refused(path, error, {}) from None
    table = read_table(path, recognise=VOCABULARY.recognises)
    plan = map_columns(table.headers, VOCABULARY, ImportMapping(), required=("key", "title", "weight"))
    if plan.problems:
        raise reject(path, plan.problems, plan.columns, plan.ignored)
    header_of = plan.header_of()
    rows: list[dict[str, Any]] = []
    problems: list[ImportProblem] = []
    for number, record in table.records():
        values = {field: record.get(header, "") for header, field in plan.columns.items()}
        if not any(values.values()):
            continue
        row: dict[str, Any] = {"key": values["key"], "title": values["title"]}
        for field in ("weight", "max_score"):
            if values.get(field):
                parsed = decimal(values[field])
                if parsed is None:
                    problems.append(
                        ImportProblem(
                            row=number, column=header_of[field], reason="bad_number", detail=values[field]
                        )
                    )
                row[field] = parsed
        rows.append(row)
    if problems:
        raise reject(path, problems, plan.columns)
    try:
        return Rubric.model_validate({"criteria": rows})
    except ValidationError as error:
        first = table.rows[0][0] if table.rows else 2
        raise _refused(path, error, header_of, first) from None


def _refused(
    path: Path, error: ValidationError, header_of: dict[str, str], first_row: int = 0
) -> InvalidInput:
    """The model's refusal as file problems: ``criteria.2.weight`` is the third criterion's weight."""
    problems: list[ImportProblem] = []
    for item in error.errors():
        location = list(item["loc"])
        index = location[1] if len(location) > 1 and isinstance(location[1], int) else None
        field = str(location[2]) if len(location) > 2 else ""
        row = (first_row + index if first_row else index + 1) if index is not None else None
        sub = ValidationError.from_exception_data(error.title, [item])  # type: ignore[list-item]
        for problem in model_problems(sub, row or 0, header_of):
            problems.append(
                problem.model_copy(update={"row": row, "column": header_of.get(field, field or None)})
            )
    return reject(path, problems)
