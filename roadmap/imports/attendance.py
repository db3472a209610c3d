"""Sign-in sheets (CSV/XLSX): who came to a meeting, in which groups, with what they said.

Names are kept for the annex only where the person ticked consent; counts always. Youth means
14–29 years old, as in Türkiye's national youth policy, when an age column is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from roadmap.domain.content import MeetingInput, Participant
from roadmap.imports.files import (
    FileNotes,
    ImportMapping,
    ImportProblem,
    RefusedFile,
    field_vocabulary,
    flag,
    map_columns,
    model_problems,
    read_table,
    sample_rows,
    unknown_value,
)
from roadmap.imports.matching import Vocabulary
from roadmap.imports.numbers import whole_number
from roadmap.imports.questions import Questions, ask, nearest
from roadmap.imports.stakeholders import FocusLookup
from roadmap.text import fold_name

FIELDS: dict[str, tuple[str, ...]] = {  # the first name of each is the one a message suggests
    "name": (
        "Ad soyad",
        "Adı soyadı",
        "Ad",
        "İsim",
        "İsim soyisim",
        "Katılımcı",
        "Name",
        "Full name",
        "Participant",
    ),
    "organisation": (
        "Kurum",
        "Kuruluş",
        "Kurum/kuruluş",
        "Temsil ettiği kurum",
        "Kurumu",
        "Organisation",
        "Organization",
    ),
    "gender": ("Cinsiyet", "Cinsiyeti", "Gender"),
    "age": ("Yaş", "Yaşı", "Age"),
    "youth": ("Genç", "Genç mi", "Youth"),
    "disability": ("Engelli", "Engel durumu", "Engelli mi", "Disability"),
    "consent": (
        "Onay",
        "İzin",
        "Ad paylaşım onayı",
        "Adımın paylaşılmasına izin veriyorum",
        "Consent",
    ),
    "guardian": (
        "Veli onayı",
        "Veli izni",
        "Veli/vasi onayı",
        "Velisinin onayı",
        "Guardian consent",
        "Parental consent",
    ),
    "input": (
        "Görüş",
        "Öneri",
        "Görüş/öneri",
        "Görüş ve öneriler",
        "Görüş ve önerileriniz",
        "Input",
        "Comment",
        "Suggestion",
    ),
    "focus": ("Odak alanı", "Focus area"),
    "ignore": (
        "E-posta",
        "Eposta",
        "Email",
        "Telefon",
        "Phone",
        "İmza",
        "Signature",
        "Sıra",
        "Sıra no",
        "No",
        "#",
    ),
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
    notes: FileNotes = FileNotes()
    columns: dict[str, str] = {}  # header → field


def _gender(value: str) -> bool | None:
    folded = fold_name(value)
    if folded in WOMEN:
        return True
    if folded in MEN:
        return False
    return None  # another answer, or none: not counted either way


class BadCell(ValueError):
    """A cell that is not what its column holds: its field, the reason and the value as written."""

    def problem(self, row: int, header_of: dict[str, str]) -> ImportProblem:
        field, reason, value, suggestions = self.args
        return unknown_value(row, header_of.get(field), reason, value, suggestions)


def _flag(values: dict[str, str], field: str) -> bool:
    try:
        return flag(values.get(field, ""))
    except ValueError:
        raise BadCell(field, "not_flag", values.get(field, ""), ()) from None


def _age(values: dict[str, str]) -> int | None:
    age = values.get("age", "")
    if not age:
        return None
    years = whole_number(age)
    if years is None or not 0 < years < 120:
        raise BadCell("age", "bad_age", age, ())
    return years


def _youth(values: dict[str, str]) -> bool | None:
    age = _age(values)
    if age is not None:
        return age in YOUTH_AGES
    return _flag(values, "youth") if values.get("youth") else None


def _focus(values: dict[str, str], lookup: FocusLookup) -> tuple[str, str]:
    """The focus area's code, and the name it was taken for when not written exactly."""
    value = values.get("focus", "")
    if not value:
        return "", ""
    found = lookup.match(value)
    if found.value is None:
        raise BadCell("focus", "unknown_focus", value, found.suggestions)
    return found.value, found.named if found.how != "exact" else ""


VOCABULARY = field_vocabulary(FIELDS)
PERSONAL = {
    "name",
    "age",
    "gender",
    "disability",
}  # who came, and what only they may share: masked in a preview
RENAMED = {"woman": "gender", "youth": "age", "text": "input", "focus_area": "focus"}  # model → column field


def read_attendance(
    path: Path, focus_lookup: FocusLookup, mapping: ImportMapping | None = None
) -> AttendanceSheet:
    """Read and check a sign-in sheet; nothing is stored here."""
    mapping = mapping or ImportMapping()
    table = read_table(path, recognise=VOCABULARY.recognises)
    plan = map_columns(table.headers, VOCABULARY, mapping, required=("name",))
    notes = FileNotes.of(
        table,
        ignored_columns=plan.ignored,
        near_columns=plan.near,
        sample=sample_rows(table, plan.columns, PERSONAL),
    )
    problems = plan.problems
    columns = set(plan.columns.values())
    has = columns & {"gender", "disability"}
    if {"age", "youth"} & columns:
        has.add("youth")
    people: list[Participant] = []
    inputs: list[tuple[str, MeetingInput]] = []
    header_of = plan.header_of()
    for number, record in table.records() if not problems else []:
        values = {
            field: mapping.value(field, record.get(header, "").strip())
            for header, field in plan.columns.items()
        }
        if not any(values.values()):
            continue
        try:
            person = Participant(
                name=" ".join(values.get("name", "").split()),
                organisation=values.get("organisation", ""),
                woman=_gender(values.get("gender", "")) if "gender" in has else None,
                youth=_youth(values) if "youth" in has else None,
                disability=_flag(values, "disability") if "disability" in has else None,
                consent=_flag(values, "consent"),
                age=_age(values),
                guardian_consent=_flag(values, "guardian") if values.get("guardian") else False,
            )
            focus, taken_for = _focus(values, focus_lookup)
            text = values.get("input", "")
            given = MeetingInput(text=text, focus_area=focus) if text else None
        except ValidationError as error:
            problems += model_problems(error, number, header_of, RENAMED)
            continue
        except BadCell as bad:
            problems.append(bad.problem(number, header_of))
            continue
        people.append(person)
        if given is not None:
            inputs.append((person.organisation, given))
            if taken_for:
                notes.near_values.append((number, header_of["focus"], values["focus"], taken_for))
    return AttendanceSheet(
        path=path,
        rows_read=len(table.rows),
        people=people,
        inputs=inputs,
        has=has,
        problems=problems,
        notes=notes,
        columns=plan.columns,
    )


FLAG_NAMES = Vocabulary.of([("evet", "evet"), ("yes", "evet"), ("hayır", "hayır"), ("no", "hayır")])


def attendance_questions(refused: RefusedFile, focus_lookup: FocusLookup) -> Questions:
    """What a refused sign-in sheet asks: each unmatched column's field, what each yes/no answer that
    could not be read means, and which focus area an unknown one is."""
    values: dict[str, Vocabulary[Any]] = {
        "consent": FLAG_NAMES,
        "guardian": FLAG_NAMES,
        "disability": FLAG_NAMES,
        "youth": FLAG_NAMES,
        "focus": focus_lookup,
    }
    return ask(
        refused,
        lambda header: nearest(VOCABULARY, header),
        lambda problem: refused.columns.get(problem.column or ""),
        values,
    )
