"""Read CSV and YAML files into pydantic models; every error names the file, row and field."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from roadmap.errors import InvalidInput, NotFound
from roadmap.text import say

M = TypeVar("M", bound=BaseModel)

MAX_BYTES = 20 * 1024 * 1024
_TRUE = {"evet", "e", "yes", "y", "true", "1", "x", "doğru"}
_FALSE = {"hayır", "hayir", "h", "no", "n", "false", "0", "", "yanlış"}


def _text(path: Path) -> str:
    if not path.is_file():
        raise NotFound(say("notfound.file", path=path))
    if path.stat().st_size > MAX_BYTES:
        raise InvalidInput(say("input.too_big", path=path, limit=MAX_BYTES // 1024 // 1024))
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1254"):  # Turkish Excel saves cp1254 when not UTF-8
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(say("input.encoding", path=path))


def read_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Rows as (line number, {header: value}), whatever the delimiter (, ; tab)."""
    text = _text(path)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(text.splitlines(), dialect=dialect)
    if not reader.fieldnames:
        raise InvalidInput(say("input.no_header", path=path))
    rows = []
    for row in reader:
        values = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None}
        if any(values.values()):
            rows.append((reader.line_num, values))
    return rows


def read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(_text(path))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else "?"
        raise InvalidInput(say("input.yaml", path=path, line=line, error=error)) from None


def flag(value: str) -> bool:
    folded = value.strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueError(say("input.not_flag", value=value))


def optional(value: str) -> str | None:
    return value or None


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.replace("|", ";").split(";") if part.strip()]


def _describe(error: ValidationError) -> list[tuple[str, str]]:
    return [(".".join(str(p) for p in e["loc"]) or "-", e["msg"]) for e in error.errors()]


def rows_to_models(
    path: Path,
    rows: list[tuple[int, dict[str, str]]],
    model: type[M],
    convert: Callable[[dict[str, str]], dict[str, Any]] = dict,
) -> list[M]:
    """Validate every row; if any fails, raise one error listing all of them."""
    items: list[M] = []
    problems: list[str] = []
    for line, row in rows:
        try:
            items.append(model.model_validate(convert(row)))
        except ValidationError as error:
            problems += [
                say("input.row_field", file=path.name, line=line, field=f, error=msg)
                for f, msg in _describe(error)
            ]
        except ValueError as error:
            problems.append(say("input.row", file=path.name, line=line, error=error))
    if problems:
        raise InvalidInput(say("input.rejected", path=path, count=len(problems)), problems)
    return items


def yaml_to_model(path: Path, model: type[M]) -> M:
    try:
        return model.model_validate(read_yaml(path) or {})
    except ValidationError as error:
        problems = [say("input.field", file=path.name, field=f, error=msg) for f, msg in _describe(error)]
        raise InvalidInput(say("input.invalid", path=path), problems) from None
