"""Sign-in sheets (CSV/XLSX): who came to a meeting, in which groups, with what they said.

Names are kept for the annex only where the person ticked consent; counts always. Youth means
14–29 years old, as in Türkiye's national youth policy, when an age column is given.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ValidationError

from roadmap.domain.content import MeetingInput, Participant
from roadmap.imports.files import ImportProblem, flag, map_columns, read_table
from roadmap.text import fold_name

FIELDS: dict[str, set[str]] = {
    "name": {"ad soyad", "adi soyadi", "ad", "isim", "katilimci", "name", "full name", "participant"},
    "organisation": {
        "kurum",
        "kurulus",
        "kurum/kurulus",
        "temsil ettigi kurum",
        "organisation",
        "organization",
    },
    "gender": {"cinsiyet", "gender"},
    "age": {"yas", "age"},
    "youth": {"genc", "youth", "genc mi"},
    "disability": {"engelli", "engel durumu", "engelli mi", "disability"},
    "consent": {"onay", "izin", "ad paylasim onayi", "adimin paylasilmasina izin veriyorum", "consent"},
    "input": {"gorus", "oneri", "gorus/oneri", "gorus ve oneriler", "input", "comment", "suggestion"},
    "focus": {"odak alani", "focus area"},
    "ignore": {"e-posta", "eposta", "email", "telefon", "phone", "imza", "signature", "sira", "no", "#"},
}
WOMEN = {"kadin", "k", "female", "f", "woman", "w"}
MEN = {"erkek", "e", "male", "m", "man"}
YOUTH_AGES = range(14, 30)


class AttendanceSheet(BaseModel):
    path: Path
    rows_read: int
    people: list[Participant]
    inputs: list[tuple[str, MeetingInput]]  # (organisation as written, input)
    has: set[str]  # which optional columns the sheet has: gender, youth, disability
    problems: list[ImportProblem]


def _gender(value: str) -> bool | None:
    key = fold_name(value)
    if key in WOMEN:
        return True
    if key in MEN:
        return False
    return None  # another answer, or none: not counted either way


def _youth(age: str, youth: str) -> bool | None:
    if age.strip():
        years = int(float(age.replace(",", ".")))
        if not 0 < years < 120:
            raise ValueError(age)
        return years in YOUTH_AGES
    return flag(youth) if youth.strip() else None


def read_attendance(path: Path, focus_lookup: dict[str, str]) -> AttendanceSheet:
    """Read and check a sign-in sheet; nothing is stored here."""
    table = read_table(path)
    columns, problems = map_columns(table.headers, FIELDS, "unknown_attendance_column", required=("name",))
    has = {field for field in columns.values() if field in {"gender", "disability"}}
    if {"age", "youth"} & set(columns.values()):
        has.add("youth")
    people: list[Participant] = []
    inputs: list[tuple[str, MeetingInput]] = []
    header_of = {field: header for header, field in columns.items()}
    for number, record in table.records() if not problems else []:
        values = {field: record.get(header, "").strip() for header, field in columns.items()}
        if not any(values.values()):
            continue
        try:
            person = Participant(
                name=" ".join(values.get("name", "").split()),
                organisation=values.get("organisation", ""),
                woman=_gender(values.get("gender", "")) if "gender" in has else None,
                youth=_youth(values.get("age", ""), values.get("youth", "")) if "youth" in has else None,
                disability=flag(values.get("disability", "")) if "disability" in has else None,
                consent=flag(values.get("consent", "")),
            )
        except ValidationError as error:
            for e in error.errors():
                field = {"woman": "gender"}.get(str(e["loc"][0]), str(e["loc"][0])) if e["loc"] else ""
                problems.append(
                    ImportProblem(
                        row=number, column=header_of.get(field, field), reason="invalid", detail=e["msg"]
                    )
                )
            continue
        except ValueError as error:
            problems.append(ImportProblem(row=number, reason="invalid", detail=str(error)))
            continue
        people.append(person)
        text = values.get("input", "")
        if text:
            focus = focus_lookup.get(fold_name(values.get("focus", "")), "") if values.get("focus") else ""
            if values.get("focus") and not focus:
                problems.append(
                    ImportProblem(
                        row=number,
                        column=header_of.get("focus"),
                        reason="unknown_focus",
                        detail=values["focus"],
                    )
                )
                continue
            inputs.append((person.organisation, MeetingInput(text=text, focus_area=focus)))
    return AttendanceSheet(
        path=path, rows_read=len(table.rows), people=people, inputs=inputs, has=has, problems=problems
    )
