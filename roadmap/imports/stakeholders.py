"""Stakeholder lists from CSV/XLSX with Turkish or English column names and values.

Headers match whatever the casing ("İLGİ" is "ilgi"); power and interest may be numbers (1–5) or
words (düşük/orta/yüksek, low/medium/high); types, participation levels and focus areas may be
written in Turkish or English. Every problem is collected with its row and column.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ValidationError

from roadmap.domain.catalogues import FocusArea, focus_catalogue
from roadmap.domain.content import FocusAreas, ParticipationLevel, Stakeholder, StakeholderType
from roadmap.imports.files import ImportProblem, map_columns, read_table, split_list
from roadmap.text import fold_name

FIELDS: dict[str, set[str]] = {
    "name": {
        "ad",
        "adi",
        "isim",
        "kurum",
        "kurum adi",
        "kurulus",
        "paydas",
        "paydas adi",
        "name",
        "stakeholder",
        "organisation",
        "organization",
    },
    "type": {"tur", "turu", "tip", "kategori", "paydas turu", "type", "category", "kind"},
    "contact_person": {"iletisim kisisi", "yetkili", "ilgili kisi", "temsilci", "contact", "contact person"},
    "email": {"e-posta", "eposta", "e posta", "e-mail", "email", "mail"},
    "phone": {"telefon", "tel", "gsm", "phone", "telephone"},
    "power": {"guc", "etki", "guc (etki)", "guc/etki", "power", "influence"},
    "interest": {"ilgi", "interest"},
    "focus_areas": {"odak alanlari", "odak alani", "odak", "focus areas", "focus area", "focus_areas"},
    "level": {"katilim duzeyi", "duzey", "planlanan katilim duzeyi", "level", "participation level"},
    "notes": {"notlar", "not", "aciklama", "notes", "note", "comments"},
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


def normal_email(value: str) -> str:
    return value.strip().lower()


def _rating(value: str) -> int | None:
    key = fold_name(value)
    if not key:
        return None
    if key in RATINGS:
        return RATINGS[key]
    if key.isdigit() and 1 <= int(key) <= 5:
        return int(key)
    raise ValueError("rating")


class UnknownValue(ValueError):
    """A value that names nothing we know; its argument is the part to show the user."""


def _focus_codes(value: str, focus_keys: dict[str, str]) -> list[str]:
    """Codes for 'a; b' (or 'a | b'); a part that is no known area may be a comma-separated list."""
    codes = []
    for part in split_list(value):
        code = focus_keys.get(fold_name(part))
        if code is not None:
            codes.append(code)
            continue
        pieces = [p.strip() for p in part.split(",") if p.strip()]
        found = [focus_keys.get(fold_name(p)) for p in pieces]
        if len(pieces) < 2 or None in found:
            raise UnknownValue(part)
        codes += found  # type: ignore[arg-type]
    return list(dict.fromkeys(codes))


def focus_lookup_for(focus: FocusAreas, catalogue: dict[str, FocusArea] | None = None) -> dict[str, str]:
    """Every name a municipality's focus areas go by: the catalogue's (its cohort's, or ours) and the team's own."""
    return focus_keys(catalogue or focus_catalogue(), {c.code: c.title for c in focus.candidates})


def focus_keys(catalogue: dict[str, FocusArea], custom: dict[str, str]) -> dict[str, str]:
    """Folded code or title (Turkish and English) → focus area code."""
    keys = {fold_name(code): code for code in catalogue} | {fold_name(code): code for code in custom}
    for code, area in catalogue.items():
        keys[fold_name(area.tr)] = code
        keys[fold_name(area.en)] = code
    for code, title in custom.items():
        if title:
            keys[fold_name(title)] = code
    return keys


def read_stakeholders(path: Path, focus_lookup: dict[str, str]) -> StakeholderFile:
    """Read and check a stakeholder list; nothing is stored here."""
    table = read_table(path)
    columns, problems = map_columns(
        table.headers, FIELDS, "unknown_stakeholder_column", required=("name", "type")
    )
    if problems:
        return StakeholderFile(
            path=path, rows_read=len(table.rows), columns=columns, stakeholders=[], problems=problems
        )
    header_of = {field: header for header, field in columns.items()}
    stakeholders: list[tuple[int, Stakeholder]] = []
    for number, record in table.records():
        if not any(record.values()):
            continue
        values = {field: record.get(header, "") for header, field in columns.items()}
        stakeholder, row_problems = _parse_row(number, values, header_of, focus_lookup)
        problems += row_problems
        if stakeholder is not None:
            stakeholders.append((number, stakeholder))
    return StakeholderFile(
        path=path, rows_read=len(table.rows), columns=columns, stakeholders=stakeholders, problems=problems
    )


def _parse_row(
    number: int, values: dict[str, str], header_of: dict[str, str], focus_lookup: dict[str, str]
) -> tuple[Stakeholder | None, list[ImportProblem]]:
    problems: list[ImportProblem] = []

    def convert(field: str, parse, reason: str):  # type: ignore[no-untyped-def]
        raw = values.get(field, "")
        try:
            return parse(raw)
        except UnknownValue as unknown:
            problems.append(
                ImportProblem(row=number, column=header_of.get(field), reason=reason, detail=str(unknown))
            )
        except (ValueError, KeyError):
            problems.append(ImportProblem(row=number, column=header_of.get(field), reason=reason, detail=raw))
        return None

    fields = {
        "name": " ".join(values.get("name", "").split()),
        "type": convert("type", lambda v: TYPES[fold_name(v)], "bad_type"),
        "contact_person": values.get("contact_person", ""),
        "email": normal_email(values.get("email", "")),
        "phone": values.get("phone", "").strip(),
        "power": convert("power", _rating, "bad_rating"),
        "interest": convert("interest", _rating, "bad_rating"),
        "focus_areas": convert("focus_areas", lambda v: _focus_codes(v, focus_lookup), "unknown_focus") or [],
        "level": convert("level", lambda v: LEVELS[fold_name(v)] if v.strip() else None, "bad_level"),
        "notes": values.get("notes", ""),
    }
    if fields["email"] and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", fields["email"]):
        problems.append(
            ImportProblem(
                row=number, column=header_of.get("email"), reason="bad_email", detail=fields["email"]
            )
        )
    if not fields["name"]:
        problems.append(ImportProblem(row=number, column=header_of.get("name"), reason="missing_name"))
    if problems:
        return None, problems
    try:
        return Stakeholder.model_validate(fields), []
    except ValidationError as error:
        for e in error.errors():
            field = str(e["loc"][0]) if e["loc"] else ""
            problems.append(
                ImportProblem(
                    row=number, column=header_of.get(field, field), reason="invalid", detail=e["msg"]
                )
            )
        return None, problems
