"""Stakeholder lists from CSV/XLSX with Turkish or English column names and values.

Headers match whatever the casing ("İLGİ" is "ilgi"); power and interest may be numbers (1–5) or
words (düşük/orta/yüksek, low/medium/high); types, participation levels and focus areas may be
written in Turkish or English. Every problem is collected with its row and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from roadmap.domain.catalogues import FocusArea, focus_catalogue
from roadmap.domain.content import FocusAreas, ParticipationLevel, Stakeholder, StakeholderType
from roadmap.imports.files import (
    FileNotes,
    ImportMapping,
    ImportProblem,
    RefusedFile,
    field_vocabulary,
    flag,
    model_problems,
    read_mapped,
    split_list,
    unknown_value,
)
from roadmap.imports.matching import Vocabulary
from roadmap.imports.numbers import whole_number
from roadmap.imports.questions import Questions, ask, nearest
from roadmap.text import fold_name

T = TypeVar("T")

FIELDS: dict[str, tuple[str, ...]] = {  # the first name of each is the one a message suggests
    "name": (
        "Ad",
        "Adı",
        "İsim",
        "Kurum",
        "Kurum adı",
        "Kuruluş",
        "Kuruluş adı",
        "Kurumun adı",
        "Paydaş",
        "Paydaş adı",
        "Name",
        "Stakeholder",
        "Organisation",
        "Organization",
    ),
    "type": ("Tür", "Türü", "Tip", "Kategori", "Paydaş türü", "Kuruluş türü", "Type", "Category", "Kind"),
    "contact_person": (
        "İletişim kişisi",
        "Yetkili",
        "Yetkili kişi",
        "İlgili kişi",
        "Temsilci",
        "Contact",
        "Contact person",
    ),
    "email": ("E-posta", "Eposta", "E posta", "E-posta adresi", "E-mail", "Email", "Mail"),
    "phone": ("Telefon", "Tel", "GSM", "Cep telefonu", "Phone", "Telephone"),
    "power": (
        "Güç",
        "Etki",
        "Güç (etki)",
        "Güç/etki",
        "Etki düzeyi",
        "Güç düzeyi",
        "Etki gücü",
        "Power",
        "Influence",
    ),
    "interest": ("İlgi", "İlgi düzeyi", "İlgi derecesi", "Interest", "Interest level"),
    "focus_areas": (
        "Odak alanları",
        "Odak alanı",
        "Odak",
        "İlgilendiği alanlar",
        "İlgi alanları",
        "Çalışma alanları",
        "Focus areas",
        "Focus area",
        "focus_areas",
    ),
    "level": (
        "Katılım düzeyi",
        "Düzey",
        "Planlanan katılım düzeyi",
        "Katılım basamağı",
        "Level",
        "Participation level",
    ),
    "notes": ("Notlar", "Not", "Açıklama", "Açıklamalar", "Notes", "Note", "Comments"),
    "public_consent": (
        "Yayın izni",
        "Adı yayımlanabilir",
        "Yayımlanma onayı",
        "Adının yayımlanmasına onay",
        "Public consent",
        "May be named",
        "Publish name",
    ),
}
RATINGS = {
    "cok dusuk": 1,
    "dusuk": 2,
    "orta": 3,
    "yuksek": 4,
    "cok yuksek": 5,
    "very low": 1,
    "low": 2,
    "medium": 3,
    "high": 4,
    "very high": 5,
}
TYPES: dict[str, StakeholderType] = {
    **{t.value.replace("_", " "): t for t in StakeholderType},
    "mudurluk": StakeholderType.DIRECTORATE,
    "birim": StakeholderType.DIRECTORATE,
    "belediye birimi": StakeholderType.DIRECTORATE,
    "meclis": StakeholderType.COUNCIL,
    "belediye meclisi": StakeholderType.COUNCIL,
    "municipal council": StakeholderType.COUNCIL,
    "kent konseyi": StakeholderType.KENT_KONSEYI,
    "city council": StakeholderType.KENT_KONSEYI,
    "stk": StakeholderType.CSO,
    "sto": StakeholderType.CSO,
    "dernek": StakeholderType.CSO,
    "vakif": StakeholderType.CSO,
    "sivil toplum kurulusu": StakeholderType.CSO,
    "sivil toplum orgutu": StakeholderType.CSO,
    "ngo": StakeholderType.CSO,
    "platform": StakeholderType.CSO,
    "universite": StakeholderType.UNIVERSITY,
    "ogrenci kulubu": StakeholderType.UNIVERSITY,
    "universite / ogrenci kulubu": StakeholderType.UNIVERSITY,
    "student club": StakeholderType.UNIVERSITY,
    "sosyal girisim": StakeholderType.SOCIAL_ENTERPRISE,
    "kooperatif": StakeholderType.SOCIAL_ENTERPRISE,
    "ozel sektor": StakeholderType.PRIVATE,
    "sirket": StakeholderType.PRIVATE,
    "firma": StakeholderType.PRIVATE,
    "private sector": StakeholderType.PRIVATE,
    "company": StakeholderType.PRIVATE,
    "kamu": StakeholderType.PUBLIC,
    "kamu kurumu": StakeholderType.PUBLIC,
    "public institution": StakeholderType.PUBLIC,
    "medya": StakeholderType.MEDIA,
    "basin": StakeholderType.MEDIA,
    "gazete": StakeholderType.MEDIA,
    "muhtarlik": StakeholderType.MUHTAR,
    "neighbourhood head": StakeholderType.MUHTAR,
    "diger": StakeholderType.OTHER,
}
LEVELS: dict[str, ParticipationLevel] = {
    **{level.value: level for level in ParticipationLevel},
    "bilgilendirme": ParticipationLevel.INFORM,
    "bilgilendir": ParticipationLevel.INFORM,
    "danisma": ParticipationLevel.CONSULT,
    "istisare": ParticipationLevel.CONSULT,
    "dahil etme": ParticipationLevel.INVOLVE,
    "katilim": ParticipationLevel.INVOLVE,
    "isbirligi": ParticipationLevel.COLLABORATE,
    "is birligi": ParticipationLevel.COLLABORATE,
    "yetkilendirme": ParticipationLevel.EMPOWER,
    "guclendirme": ParticipationLevel.EMPOWER,
}


class StakeholderFile(BaseModel):
    path: Path
    rows_read: int
    columns: dict[str, str]
    stakeholders: list[tuple[int, Stakeholder]]
    problems: list[ImportProblem]
    notes: FileNotes = FileNotes()


def normal_email(value: str) -> str:
    return value.strip().lower()


def _rating(value: str) -> int | None:
    folded = fold_name(value)
    if not folded:
        return None
    if folded in RATINGS:
        return RATINGS[folded]
    number = whole_number(value)
    if number is not None and 1 <= number <= 5:
        return number
    raise ValueError("rating")


class UnknownValue(ValueError):
    """A value that names nothing we know for sure: the part to show, and the names it comes close to."""

    def __init__(self, part: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(part, suggestions)
        self.part, self.suggestions = part, suggestions


FocusLookup = Vocabulary[str]
M = TypeVar("M", bound=BaseModel)


def named(vocabulary: Vocabulary[T], value: str) -> T:
    """What ``value`` names in ``vocabulary``; ``UnknownValue`` with the nearest names if nothing surely."""
    found = vocabulary.match(value)
    if found.value is None:
        raise UnknownValue(value, found.suggestions)
    return found.value


class RowReader:
    """One row of a list: its values by field, and every problem met reading them, row and column named."""

    def __init__(self, number: int, values: dict[str, str], header_of: dict[str, str]) -> None:
        self.number, self.values, self.header_of = number, values, header_of
        self.problems: list[ImportProblem] = []

    def convert(self, field: str, parse: Callable[[str], Any], reason: str) -> Any:
        """``parse`` of the field's value, or ``None`` with the problem noted (``reason``)."""
        raw = self.values.get(field, "")
        column = self.header_of.get(field)
        try:
            return parse(raw)
        except UnknownValue as unknown:
            self.problems.append(
                unknown_value(self.number, column, reason, unknown.part, unknown.suggestions)
            )
        except (ValueError, KeyError):
            self.problems.append(ImportProblem(row=self.number, column=column, reason=reason, detail=raw))
        return None

    def record(self, model: type[M], fields: dict[str, Any]) -> tuple[M | None, list[ImportProblem]]:
        """The row as ``model`` (it must have a name), or the problems that keep it out."""
        if not fields["name"]:
            self.problems.append(
                ImportProblem(row=self.number, column=self.header_of.get("name"), reason="missing_name")
            )
        if self.problems:
            return None, self.problems
        try:
            return model.model_validate(fields), []
        except ValidationError as error:
            return None, model_problems(error, self.number, self.header_of)


def _focus_code(part: str, lookup: FocusLookup, taken: list[tuple[str, str]]) -> str:
    found = lookup.match(part)
    if found.found and found.value is not None:
        if found.how != "exact":
            taken.append((part, found.named))
        return found.value
    raise UnknownValue(part, found.suggestions)


def _focus_codes(value: str, lookup: FocusLookup, taken: list[tuple[str, str]]) -> list[str]:
    """Codes for 'a; b' (or 'a | b'); a part that is no known area may be a comma-separated list."""
    codes = []
    for part in split_list(value):
        try:
            codes.append(_focus_code(part, lookup, taken))
            continue
        except UnknownValue:
            pieces = [p.strip() for p in part.split(",") if p.strip()]
            if len(pieces) < 2:
                raise
        codes += [_focus_code(piece, lookup, taken) for piece in pieces]
    return list(dict.fromkeys(codes))


def focus_lookup_for(focus: FocusAreas, catalogue: dict[str, FocusArea] | None = None) -> FocusLookup:
    """Every name a municipality's focus areas go by: the catalogue's (its cohort's, or ours) and the team's own."""
    return focus_keys(catalogue or focus_catalogue(), {c.code: c.title for c in focus.candidates})


def focus_keys(catalogue: dict[str, FocusArea], custom: dict[str, str]) -> FocusLookup:
    """Code or title (Turkish and English, or a title's leading words) → focus area code."""
    lookup: FocusLookup = Vocabulary(shortened=True)
    lookup.labels = {code: area.tr for code, area in catalogue.items()} | {
        c: t for c, t in custom.items() if t
    }
    for code, area in catalogue.items():
        for name in (area.tr, area.en, code):
            lookup.add(name, code)
    for code, title in custom.items():
        for name in (title, code):
            if name:
                lookup.add(name, code)
    return lookup


VOCABULARY = field_vocabulary(FIELDS)
PERSONAL = {"contact_person", "email", "phone"}  # a person's: masked in a preview


def read_stakeholders(
    path: Path, focus_lookup: FocusLookup, mapping: ImportMapping | None = None
) -> StakeholderFile:
    """Read and check a stakeholder list; nothing is stored here."""
    mapping = mapping or ImportMapping()
    read = read_mapped(path, VOCABULARY, mapping, ("name", "type"), PERSONAL)
    table, plan, notes = read.table, read.plan, read.notes
    if plan.problems:
        return StakeholderFile(
            path=path,
            rows_read=len(table.rows),
            columns=plan.columns,
            stakeholders=[],
            problems=plan.problems,
            notes=notes,
        )
    header_of = plan.header_of()
    stakeholders: list[tuple[int, Stakeholder]] = []
    problems: list[ImportProblem] = []
    for number, values in read.rows(mapping):
        if values.get("focus_areas"):  # a mapping names each area of a list, not the whole cell
            values["focus_areas"] = "; ".join(
                mapping.value("focus_areas", part) for part in split_list(values["focus_areas"])
            )
        taken: list[tuple[str, str]] = []
        stakeholder, row_problems = _parse_row(number, values, header_of, focus_lookup, taken)
        notes.near_values += [(number, header_of["focus_areas"], written, named) for written, named in taken]
        problems += row_problems
        if stakeholder is not None:
            stakeholders.append((number, stakeholder))
    return StakeholderFile(
        path=path,
        rows_read=len(table.rows),
        columns=plan.columns,
        stakeholders=stakeholders,
        problems=problems,
        notes=notes,
    )


TYPE_NAMES = Vocabulary.of(TYPES.items())
LEVEL_NAMES = Vocabulary.of(LEVELS.items())


def _parse_row(
    number: int,
    values: dict[str, str],
    header_of: dict[str, str],
    focus_lookup: FocusLookup,
    taken: list[tuple[str, str]],
) -> tuple[Stakeholder | None, list[ImportProblem]]:
    row = RowReader(number, values, header_of)
    convert = row.convert
    fields = {
        "name": " ".join(values.get("name", "").split()),
        "type": convert("type", lambda v: named(TYPE_NAMES, v), "bad_type"),
        "contact_person": values.get("contact_person", ""),
        "email": normal_email(values.get("email", "")),
        "phone": values.get("phone", "").strip(),
        "power": convert("power", _rating, "bad_rating"),
        "interest": convert("interest", _rating, "bad_rating"),
        "focus_areas": convert("focus_areas", lambda v: _focus_codes(v, focus_lookup, taken), "unknown_focus")
        or [],
        "level": convert("level", lambda v: named(LEVEL_NAMES, v) if v.strip() else None, "bad_level"),
        "notes": values.get("notes", ""),
        "public_consent": convert("public_consent", lambda v: flag(v) if v.strip() else False, "bad_flag")
        or False,
    }
    if fields["email"] and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", fields["email"]):
        row.problems.append(
            ImportProblem(
                row=number, column=header_of.get("email"), reason="bad_email", detail=fields["email"]
            )
        )
    return row.record(Stakeholder, fields)


RATING_NAMES = Vocabulary.of(
    [*((word, str(n)) for word, n in RATINGS.items()), *((str(n), str(n)) for n in range(1, 6))]
)


def stakeholder_questions(refused: RefusedFile, focus_lookup: FocusLookup) -> Questions:
    """What a refused stakeholder list asks: each unmatched column's field, and what each unknown type,
    rating, participation level or focus area means."""
    values: dict[str, Vocabulary[Any]] = {
        "type": TYPE_NAMES,
        "level": LEVEL_NAMES,
        "power": RATING_NAMES,
        "interest": RATING_NAMES,
        "focus_areas": focus_lookup,
    }
    return ask(
        refused,
        lambda header: nearest(VOCABULARY, header),
        lambda problem: refused.columns.get(problem.column or ""),
        values,
    )
