"""Read CSV and YAML files into pydantic models; every error names the file, row and field."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from roadmap.errors import InvalidInput, NotFound, field_errors
from roadmap.i18n import DEFAULT_LANGUAGE, Message, msg, translate
from roadmap.settings import Language
from roadmap.text import fold_name

M = TypeVar("M", bound=BaseModel)

MAX_BYTES = 20 * 1024 * 1024
_TRUE = {"evet", "e", "yes", "y", "true", "1", "x", "doğru"}
_FALSE = {"hayır", "hayir", "h", "no", "n", "false", "0", "", "yanlış"}


def _text(path: Path) -> str:
    if not path.is_file():
        raise NotFound("notfound.file", path=path)
    if path.stat().st_size > MAX_BYTES:
        raise InvalidInput("input.too_big", path=path.name, limit=MAX_BYTES // 1024 // 1024)
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text" export
        return raw.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1254"):  # Turkish Excel saves cp1254 when not UTF-8
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:  # NUL bytes: UTF-16 without a BOM, or not a text file at all
            return text
    raise InvalidInput("input.encoding", path=path.name)


class Table(BaseModel):
    """A spreadsheet as read: header cells, then (row number in the file, cells) for each row."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]

    def records(self) -> list[tuple[int, dict[str, str]]]:
        return [(number, dict(zip(self.headers, cells, strict=False))) for number, cells in self.rows]


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = text[:16384]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:  # one column, or too irregular to sniff: pick the delimiter the header uses most
        header = sample.splitlines()[0] if sample else ""
        delimiter = max(",;\t", key=header.count)
        return type("Sniffed", (csv.excel,), {"delimiter": delimiter})


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        iso: str = value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
        return iso
    return str(value).strip()


MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 150  # real spreadsheets and documents compress 3–20×; zip bombs by thousands


def check_zip(path: Path) -> None:
    """Refuse an .xlsx/.docx that would unpack to something huge (a 'zip bomb') before opening it."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        return  # not a zip at all: the reader that opens it gives the clear error
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO:
        raise InvalidInput("input.zip_bomb", path=path.name, size=unpacked // (1024 * 1024))


def _read_xlsx(path: Path) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # lazy: 0.1 s an interactive command that reads no .xlsx need not pay

    check_zip(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds for a damaged or mislabelled file
        raise InvalidInput("input.xlsx", path=path.name, error=error) from None
    try:
        sheet = workbook.worksheets[0]
        return [
            (n, [_cell(v) for v in row]) for n, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()


def _read_csv_rows(path: Path) -> list[tuple[int, list[str]]]:
    text = _text(path)
    reader = csv.reader(io.StringIO(text, newline=""), dialect=_dialect(text))
    rows = []
    for cells in reader:
        rows.append((reader.line_num, [c.strip() for c in cells]))
    return rows


def read_table(path: Path) -> Table:
    """A CSV (any common delimiter, UTF-8 or Turkish Windows encoding) or an .xlsx file's first sheet."""
    if not path.is_file():
        raise NotFound("notfound.file", path=path)
    if path.stat().st_size > MAX_BYTES:
        raise InvalidInput("input.too_big", path=path.name, limit=MAX_BYTES // 1024 // 1024)
    rows = _read_xlsx(path) if path.suffix.lower() in {".xlsx", ".xlsm"} else _read_csv_rows(path)
    while rows and not any(rows[0][1]):
        rows.pop(0)
    if not rows:
        raise InvalidInput("input.no_header", path=path.name)
    (_, headers), body = rows[0], rows[1:]
    while headers and not headers[-1]:
        headers = headers[:-1]
    return Table(headers=headers, rows=[(n, cells[: len(headers)]) for n, cells in body])


def read_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Rows as (line number, {header: value}), skipping empty rows."""
    return [(n, record) for n, record in read_table(path).records() if any(record.values())]


def read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(_text(path))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else "?"
        raise InvalidInput("input.yaml", path=path.name, line=line, error=error) from None


class ImportProblem(BaseModel):
    """One reason a file cannot be imported, with where it is."""

    row: int | None = None
    column: str | None = None
    reason: str
    detail: str = ""

    def text(self, lang: Language = DEFAULT_LANGUAGE) -> str:
        where = ", ".join(
            part
            for part in (
                f"{translate('import.row', lang)} {self.row}" if self.row else "",
                f"{translate('import.column', lang)} '{self.column}'" if self.column else "",
            )
            if part
        )
        reason = translate(f"import.reason.{self.reason}", lang, detail=self.detail)
        return f"{where}: {reason}" if where else reason

    def render(self, lang: Language = DEFAULT_LANGUAGE) -> str:
        return self.text(lang)


def reject(path: Path, problems: list[ImportProblem]) -> InvalidInput:
    """The one error for a refused file: how many problems, that nothing was stored, and each one."""
    return InvalidInput("import.rejected", problems, path=path.name, count=len(problems))


def map_columns(
    headers: list[str], fields: dict[str, set[str]], unknown_reason: str, required: tuple[str, ...] = ()
) -> tuple[dict[str, str], list[ImportProblem]]:
    """Each header's field by its aliases (any casing); unknown, repeated and missing columns are problems.

    A field called ``ignore`` names columns that are known but not used (signatures, phone numbers).
    """
    lookup = {header_key(alias): field for field, aliases in fields.items() for alias in aliases}
    columns: dict[str, str] = {}
    problems: list[ImportProblem] = []
    for header in headers:
        field = lookup.get(header_key(header))
        if field is None:
            if header.strip():
                problems.append(ImportProblem(column=header, reason=unknown_reason))
        elif field == "ignore":
            continue
        elif field in columns.values():
            problems.append(ImportProblem(column=header, reason="duplicate_column", detail=field))
        else:
            columns[header] = field
    for field in required:
        if field not in columns.values():
            problems.append(ImportProblem(reason="missing_column", detail=field))
    return columns, problems


def header_key(text: str) -> str:
    """How a column header is compared: Turkish-aware fold, tidy slashes, no trailing ':', '*' or '?'."""
    key = re.sub(r"\s*/\s*", "/", fold_name(text))
    return re.sub(r"[\s.:?!*]+$", "", key)


def flag(value: str) -> bool:
    folded = value.strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueError(msg("input.not_flag", value=value))


def optional(value: str) -> str | None:
    return value or None


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.replace("|", ";").split(";") if part.strip()]


def rows_to_models(
    path: Path,
    rows: list[tuple[int, dict[str, str]]],
    model: type[M],
    convert: Callable[[dict[str, str]], dict[str, Any]] = dict,
) -> list[M]:
    """Validate every row; if any fails, raise one error listing all of them."""
    items: list[M] = []
    problems: list[Message] = []
    for line, row in rows:
        try:
            items.append(model.model_validate(convert(row)))
        except ValidationError as error:
            problems += [
                msg("input.row_field", file=path.name, line=line, field=f, error=reason)
                for f, reason in field_errors(error)
            ]
        except ValueError as error:
            problems.append(
                msg("input.row", file=path.name, line=line, error=error.args[0] if error.args else str(error))
            )
    if problems:
        raise InvalidInput("input.rejected", problems, path=path.name, count=len(problems))
    return items


def yaml_to_model(path: Path, model: type[M]) -> M:
    try:
        return model.model_validate(read_yaml(path) or {})
    except ValidationError as error:
        problems = [
            msg("input.field", file=path.name, field=f, error=reason) for f, reason in field_errors(error)
        ]
        raise InvalidInput("input.invalid", problems, path=path.name) from None
