"""Read CSV and YAML files into pydantic models; every error names the file, row and field."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml
from pydantic import BaseModel, PrivateAttr, ValidationError

from roadmap.errors import InvalidInput, NotFound, field_errors, validation_reason
from roadmap.i18n import DEFAULT_LANGUAGE, Message, msg, translate
from roadmap.imports.matching import Vocabulary, key
from roadmap.settings import Language
from roadmap.text import upper

M = TypeVar("M", bound=BaseModel)

MAX_BYTES = 20 * 1024 * 1024
_TRUE = {"evet", "e", "yes", "y", "true", "1", "x", "doğru"}
_FALSE = {"hayır", "hayir", "h", "no", "n", "false", "0", "", "yanlış"}


def _text(path: Path) -> str:
    if not path.is_file():
        raise NotFound("notfound.file", path=path.name)
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
    """A spreadsheet as read: header cells, then (row number in the file, cells) for each row.

    ``skipped`` are the rows above the header (a title, a note), ``dropped`` the columns that held
    nothing at all; both as the spreadsheet numbers them, for the import report.
    """

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    header_row: int = 1
    skipped: list[int] = []
    dropped: list[str] = []

    def records(self) -> list[tuple[int, dict[str, str]]]:
        return [(number, dict(zip(self.headers, cells, strict=False))) for number, cells in self.rows]


def column_letter(index: int) -> str:
    """A spreadsheet's name for the column at ``index`` (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


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


_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")


def _merged_ranges(archive_path: Path, sheet_path: str) -> list[tuple[int, int, int, int]]:
    """The merged cells of a sheet as (min column, min row, max column, max row), 1-based.

    openpyxl's read-only mode (which keeps a large file cheap) does not read them; the sheet's XML
    lists them after all its rows, so the stream is scanned for that list rather than parsed again.
    """
    from openpyxl.utils.cell import range_boundaries

    tail = b""
    with zipfile.ZipFile(archive_path) as archive, archive.open(sheet_path) as sheet:
        while chunk := sheet.read(1 << 20):
            window = tail + chunk
            start = window.find(b"mergeCells")
            if start >= 0:
                tail = window[max(0, start - 16) :] + sheet.read()
                break
            tail = window[-32:]
        else:
            return []
    ranges = []
    for ref in _MERGE_REF.findall(tail):
        bounds = range_boundaries(ref.decode("ascii"))
        if None not in bounds:
            ranges.append(cast(tuple[int, int, int, int], bounds))
    return ranges


def _unmerge(rows: list[list[str]], ranges: list[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merged range the value its first cell shows, as a reader sees it."""
    for min_col, min_row, max_col, max_row in ranges:
        if min_row > len(rows):
            continue
        value = rows[min_row - 1][min_col - 1] if min_col <= len(rows[min_row - 1]) else ""
        for r in range(min_row, min(max_row, len(rows)) + 1):
            row = rows[r - 1]
            row.extend([""] * (max_col - len(row)))
            for c in range(min_col, max_col + 1):
                row[c - 1] = value


def _without_folder(error: Exception, path: Path) -> str:
    """A library's error text with the file's folder left out: a message names the file as its owner knows it."""
    return str(error).replace(str(path), path.name).replace(str(path.parent), "")


def _read_xlsx(path: Path) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # lazy: 0.1 s an interactive command that reads no .xlsx need not pay

    check_zip(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile:  # a CSV or an old .xls renamed to .xlsx
        raise InvalidInput("input.xlsx_not_xlsx", path=path.name) from None
    except Exception as error:  # openpyxl raises several kinds for a damaged or mislabelled file
        raise InvalidInput("input.xlsx", path=path.name, error=_without_folder(error, path)) from None
    try:
        sheet = workbook.worksheets[0]
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        sheet_path = getattr(sheet, "_worksheet_path", None)
        if sheet_path:
            _unmerge(rows, _merged_ranges(path, sheet_path))
    except InvalidInput:
        raise
    except Exception as error:  # a damaged sheet inside a sound archive
        raise InvalidInput("input.xlsx", path=path.name, error=_without_folder(error, path)) from None
    finally:
        workbook.close()
    return list(enumerate(rows, start=1))


def _read_csv_rows(path: Path) -> list[tuple[int, list[str]]]:
    """Rows numbered as a spreadsheet shows them: a quoted cell with line breaks is still one row."""
    text = _text(path)
    reader = csv.reader(io.StringIO(text, newline=""), dialect=_dialect(text))
    try:
        return [(number, [c.strip() for c in cells]) for number, cells in enumerate(reader, start=1)]
    except csv.Error:  # a quote left open at the end of the file, or a field past csv's limit
        raise InvalidInput("input.csv", path=path.name, line=reader.line_num) from None


HEADER_SEARCH = 20  # rows searched for the header: titles and notes above it are skipped


def _header_index(rows: list[tuple[int, list[str]]], recognise: Callable[[str], bool] | None) -> int:
    """The first row that names the expected columns (at least two, or as many as any row does)."""
    if recognise is None:
        return 0
    scores = [sum(1 for cell in cells if cell and recognise(cell)) for _, cells in rows[:HEADER_SEARCH]]
    best = max(scores, default=0)
    if best == 0:
        return 0
    return next(i for i, score in enumerate(scores) if score >= min(2, best))


def read_table(path: Path, recognise: Callable[[str], bool] | None = None) -> Table:
    """A CSV (any common delimiter, UTF-8 or Turkish Windows encoding) or an .xlsx file's first sheet.

    With ``recognise`` (does this header name a column we know?) the header is the first row that
    names expected columns, so a title row above it is skipped; columns with nothing in them at all
    (a trailing ';' on every line) are dropped; merged cells are read as if unmerged.
    """
    if not path.is_file():
        raise NotFound("notfound.file", path=path.name)
    if path.stat().st_size > MAX_BYTES:
        raise InvalidInput("input.too_big", path=path.name, limit=MAX_BYTES // 1024 // 1024)
    if path.suffix.lower() in {".xls", ".ods", ".numbers"}:
        raise InvalidInput("input.other_spreadsheet", path=path.name)
    rows = _read_xlsx(path) if path.suffix.lower() in {".xlsx", ".xlsm"} else _read_csv_rows(path)
    filled = [(n, cells) for n, cells in rows if any(cells)]
    if not filled:
        raise InvalidInput("input.no_header", path=path.name)
    width = max(len(cells) for _, cells in filled)
    used = [any(i < len(cells) and cells[i] for _, cells in filled) for i in range(width)]
    dropped = [column_letter(i) for i, kept in enumerate(used) if not kept]
    keep = [i for i, kept in enumerate(used) if kept]
    if len(keep) == width:  # the usual file: nothing to drop
        trimmed = rows
    else:
        trimmed = [(n, [cells[i] if i < len(cells) else "" for i in keep]) for n, cells in rows]
    nonempty = [(n, cells) for n, cells in trimmed if any(cells)]
    first = nonempty[_header_index(nonempty, recognise)][0]
    headers = next(cells for n, cells in trimmed if n == first)
    headers = headers + [""] * (len(keep) - len(headers))  # a cell with no header is still named
    headers = [h or f"({column_letter(keep[i])})" for i, h in enumerate(headers)]
    return Table.model_construct(  # built here from strings: nothing for pydantic to check again
        headers=headers,
        rows=[(n, cells) for n, cells in trimmed if n > first],
        header_row=first,
        skipped=[n for n, cells in nonempty if n < first],
        dropped=dropped,
    )


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
    """One reason a file cannot be imported, with where it is.

    ``reason`` names an ``import.reason.*`` message; a check of the model itself (too long, a character
    a document cannot hold) brings its own message as ``why``.
    """

    model_config = {"arbitrary_types_allowed": True}

    row: int | None = None
    column: str | None = None
    reason: str
    detail: str = ""
    why: Message | None = None

    def text(self, lang: Language = DEFAULT_LANGUAGE) -> str:
        where = ", ".join(
            part
            for part in (
                f"{translate('import.row', lang)} {self.row}" if self.row else "",
                f"{translate('import.column', lang)} '{self.column}'" if self.column else "",
            )
            if part
        )
        if self.why is not None:
            reason = self.why.render(lang)
        else:
            reason = translate(f"import.reason.{self.reason}", lang, detail=self.detail)
        said = f"{where}: {reason}" if where else reason
        return upper(said[:1], lang) + said[1:]

    def render(self, lang: Language = DEFAULT_LANGUAGE) -> str:
        return self.text(lang)


def unknown_value(
    row: int, column: str | None, reason: str, value: str, suggestions: tuple[str, ...] = ()
) -> ImportProblem:
    """A value that names nothing known; with "did you mean …?" when it comes close to something."""
    why = (
        msg("import.reason.did_you_mean_value", value=value, suggestions=quoted(list(suggestions)))
        if suggestions
        else None
    )
    return ImportProblem(row=row, column=column, reason=reason, detail=value, why=why)


def model_problems(
    error: ValidationError, row: int, header_of: dict[str, str], renamed: dict[str, str] | None = None
) -> list[ImportProblem]:
    """A row's model refusing it, as problems naming the file's own column and saying why in our words."""
    problems = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else ""
        field = (renamed or {}).get(field, field)
        reason = validation_reason(item)
        problems.append(
            ImportProblem(
                row=row,
                column=header_of.get(field, field or None),
                reason="invalid",
                detail=reason if isinstance(reason, str) else "",
                why=reason if isinstance(reason, Message) else None,
            )
        )
    return problems


class RefusedFile(InvalidInput):
    """A file refused for what it holds: each problem, and how its columns were read (``columns``:
    header → field; ``unused``: the headers read as nothing we use), so that a page can ask the
    person which field an unmatched column is and what an unread value means."""

    def __init__(
        self,
        key: str,
        /,
        problems: Sequence[ImportProblem] = (),
        columns: dict[str, str] | None = None,
        unused: list[str] | None = None,
        **params: Any,
    ) -> None:  # the base's signature first: an error sent between processes is rebuilt from its key
        super().__init__(key, problems, **params)
        self.file_problems = list(problems)
        self.columns = dict(columns or {})
        self.unused = list(unused or [])


def reject(
    path: Path,
    problems: list[ImportProblem],
    columns: dict[str, str] | None = None,
    unused: list[str] | None = None,
) -> RefusedFile:
    """The one error for a refused file: how many problems, that nothing was stored, and each one."""
    return RefusedFile("import.rejected", problems, columns, unused, path=path.name, count=len(problems))


class ImportMapping(BaseModel):
    """A person's own names for a file's columns and values, so that a file is fixed without editing it.

    ``columns``: a header as written → the field it is (or ``ignore``); ``values``: a field → {a value as
    written → what it means}, e.g. ``focus_areas: {"Gençlik": "genclik-meclisi"}``.
    """

    columns: dict[str, str] = {}
    values: dict[str, dict[str, str | int]] = {}
    _columns: dict[str, str] = PrivateAttr(default_factory=dict)
    _values: dict[str, dict[str, str]] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        # Folded once: a file asks for every cell of the fields the mapping names.
        self._columns = _folded(self.columns)
        self._values = {field: _folded(table) for field, table in self.values.items()}

    def column(self, header: str) -> str | None:
        return self._columns.get(key(header))

    def value(self, field: str, written: str) -> str:
        """The value as the mapping restates it, or as written."""
        values = self._values.get(field)
        if not values or not written:  # most fields of most files: nothing to look up
            return written
        return values.get(key(written), written)


def _folded(table: Mapping[str, str | int]) -> dict[str, str]:
    return {key(k): str(v) for k, v in table.items()}


def read_mapping(path: Path | None) -> ImportMapping:
    return yaml_to_model(path, ImportMapping) if path else ImportMapping()


class SampleRow(BaseModel):
    """One of a file's first rows as read, for the preview: each used column's cell as written
    (a person's name, e-mail or age masked), and what an answer was read as where that differs."""

    row: int
    cells: dict[str, str]  # header → value as written
    read: dict[str, str] = {}  # header → value as read, where it is not the same


SAMPLE_ROWS = 3


def mask(value: str) -> str:
    """A personal value as a preview may show it: enough to see the column holds it, not whose it is."""
    value = value.strip()
    if not value:
        return ""
    if "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}•••@{domain}"
    if any(ch.isdigit() for ch in value):
        return "•••"
    return " ".join(f"{word[:1]}•••" for word in value.split())


def sample_rows(
    table: Table,
    columns: dict[str, str],
    personal: set[str],
    read: Callable[[str, str], str | None] | None = None,
) -> list[SampleRow]:
    """The first rows that hold something, in the columns used; ``personal`` fields are masked and
    ``read(field, value)`` says what a cell was read as (``None``: as written)."""
    sample = []
    for number, record in table.records():
        if not any(record.values()):
            continue
        cells, said = {}, {}
        for header, field in columns.items():
            if field == IGNORE:
                continue
            value = record.get(header, "")
            cells[header] = mask(value) if field in personal else value
            meaning = read(field, value) if read and field not in personal else None
            if meaning is not None and meaning != value:
                said[header] = meaning
        sample.append(SampleRow(row=number, cells=cells, read=said))
        if len(sample) == SAMPLE_ROWS:
            break
    return sample


class FileNotes(BaseModel):
    """What was read differently from the file as written, and its first rows, for the import report."""

    header_row: int = 1
    skipped_rows: list[int] = []
    dropped_columns: list[str] = []
    ignored_columns: list[str] = []
    near_columns: dict[str, str] = {}  # header as written → the name it was taken for
    near_values: list[tuple[int, str, str, str]] = []  # (row, column, value as written, taken for)
    sample: list[SampleRow] = []  # the first rows as read, personal cells masked

    @classmethod
    def of(cls, table: Table, **found: Any) -> FileNotes:
        return cls(
            header_row=table.header_row, skipped_rows=table.skipped, dropped_columns=table.dropped, **found
        )

    def messages(self) -> list[Message]:
        said = []
        if self.skipped_rows:
            said.append(
                msg("import.note.skipped_rows", rows=_rows(self.skipped_rows), header=self.header_row)
            )
        if self.dropped_columns:
            said.append(msg("import.note.dropped_columns", columns=", ".join(self.dropped_columns)))
        if self.ignored_columns:
            said.append(msg("import.note.ignored_columns", columns=quoted(self.ignored_columns)))
        for header, named in self.near_columns.items():
            said.append(msg("import.note.near_column", header=header, named=named))
        for row, column, value, named in self.near_values:
            said.append(msg("import.note.near_value", row=row, column=column, value=value, named=named))
        return said


def quoted(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def _rows(numbers: list[int]) -> str:
    return f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 2 else ", ".join(map(str, numbers))


class ColumnPlan(BaseModel):
    """Which field each header is, and what was ignored, taken by similarity or refused."""

    columns: dict[str, str] = {}  # header → field
    ignored: list[str] = []
    near: dict[str, str] = {}
    problems: list[ImportProblem] = []

    def header_of(self) -> dict[str, str]:
        return {field: header for header, field in self.columns.items()}


IGNORE = "ignore"


def field_vocabulary(fields: dict[str, tuple[str, ...]]) -> Vocabulary[str]:
    """Every name a field's column goes by (written properly, for "did you mean …?") → the field."""
    return Vocabulary.of((name, field) for field, names in fields.items() for name in names)


def map_columns(
    headers: list[str],
    vocabulary: Vocabulary[str],
    mapping: ImportMapping,
    required: tuple[str, ...] = (),
) -> ColumnPlan:
    """Each header's field: the mapping's word first, then the names the field goes by.

    A header near a known name but not surely it is refused with "did you mean …?"; one that names
    nothing we use is ignored and said in the report; a field twice, or a required one missing, refuses
    the file. The field ``ignore`` names columns known not to be needed (signatures, phone numbers).
    """
    plan = ColumnPlan()
    known = set(vocabulary.names.values()) | {IGNORE}
    for header in headers:
        field = mapping.column(header)
        if field is not None and field not in known:
            plan.problems.append(ImportProblem(column=header, reason="bad_mapping", detail=field))
            continue
        if field is None:
            found = vocabulary.match(header)
            if not found.found:
                if found.suggestions:
                    plan.problems.append(
                        ImportProblem(
                            column=header, reason="did_you_mean", detail=quoted(list(found.suggestions))
                        )
                    )
                else:
                    plan.ignored.append(header)
                continue
            field = str(found.value)
            if found.how == "near":
                plan.near[header] = found.named
        if field == IGNORE:
            plan.ignored.append(header)
        elif field in plan.columns.values():
            first = plan.header_of()[field]
            plan.problems.append(ImportProblem(column=header, reason="duplicate_column", detail=first))
        else:
            plan.columns[header] = field
    for field in required:
        if field not in plan.columns.values():
            plan.problems.append(
                ImportProblem(reason="missing_column", detail=_field_name(vocabulary, field))
            )
    return plan


class MappedFile(BaseModel):
    """A file's table, the field each of its columns holds, and what a preview says of it."""

    table: Table
    plan: ColumnPlan
    notes: FileNotes

    def rows(self, mapping: ImportMapping) -> Iterator[tuple[int, dict[str, str]]]:
        """Each row that is not empty: its number and its values by field, as the mapping reads them."""
        for number, record in self.table.records():
            values = {
                field: mapping.value(field, record.get(header, ""))
                for header, field in self.plan.columns.items()
            }
            if any(values.values()):
                yield number, values


def read_mapped(
    path: Path,
    vocabulary: Vocabulary[str],
    mapping: ImportMapping,
    required: tuple[str, ...],
    personal: set[str],
) -> MappedFile:
    """Read a list (CSV/XLSX as people export them), find each column's field and note what a preview
    shows (``personal`` fields masked); nothing is checked row by row here."""
    table = read_table(path, recognise=vocabulary.recognises)
    plan = map_columns(table.headers, vocabulary, mapping, required=required)
    notes = FileNotes.of(
        table,
        ignored_columns=plan.ignored,
        near_columns=plan.near,
        sample=sample_rows(table, plan.columns, personal),
    )
    return MappedFile(table=table, plan=plan, notes=notes)


def _field_name(vocabulary: Vocabulary[str], field: str) -> str:
    return next((name for name, meaning in vocabulary.names.items() if meaning == field), field)


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
