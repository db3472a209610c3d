"""An event's sign-in sheet (CSV/XLSX, as people keep them): who came, by e-mail and name.

Read with the import rules of every sheet (``roadmap.imports.files``: encodings, ``;`` delimiter, a
title above the header); matching the rows to accounts is the service's work.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from roadmap.domain.content import EMAIL
from roadmap.imports.files import (
    ImportMapping,
    ImportProblem,
    field_vocabulary,
    map_columns,
    read_table,
    reject,
)

FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("Ad soyad", "Adı soyadı", "Ad", "İsim", "İsim soyisim", "Katılımcı", "Name", "Full name"),
    "email": ("E-posta", "Eposta", "E-posta adresi", "Mail", "Email", "E-mail"),
    "organisation": ("Kurum", "Belediye", "Kurum/kuruluş", "Organisation", "Organization", "Municipality"),
    "ignore": ("İmza", "Signature", "Telefon", "Phone", "Sıra", "Sıra no", "No", "#", "Görevi", "Müdürlük"),
}
VOCABULARY = field_vocabulary(FIELDS)


class SheetRow(BaseModel):
    row: int
    name: str
    email: str


class EventSheet(BaseModel):
    path: Path
    rows: list[SheetRow]
    problems: list[ImportProblem]  # rows read but not usable (a malformed e-mail), for the report


def read_event_sheet(path: Path) -> EventSheet:
    """The sheet's people; refused (naming the column) when it has neither a name nor an e-mail column."""
    table = read_table(path, VOCABULARY.recognises)
    plan = map_columns(table.headers, VOCABULARY, ImportMapping())
    fields = set(plan.columns.values())
    if plan.problems or not fields & {"name", "email"}:
        raise reject(
            path, plan.problems or [ImportProblem(reason="missing_column", detail="Ad soyad / E-posta")]
        )
    header_of = plan.header_of()
    rows: list[SheetRow] = []
    problems: list[ImportProblem] = []
    for number, record in table.records():
        name = record.get(header_of.get("name", ""), "").strip()
        email = record.get(header_of.get("email", ""), "").strip().lower()
        if not name and not email:
            continue
        if email and not EMAIL.fullmatch(email):
            problems.append(
                ImportProblem(row=number, column=header_of["email"], reason="bad_email", detail=email)
            )
            email = ""
        rows.append(SheetRow(row=number, name=name, email=email))
    return EventSheet(path=path, rows=rows, problems=problems)
