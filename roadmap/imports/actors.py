"""The directory of civic actors from CSV/XLSX, read with the rules of the other importers.

Headers and values match whatever the casing and in Turkish or English ("KURULUŞ TÜRÜ" is "tür",
"Vakıf" is "vakif"); focus areas are matched against the catalogue as the stakeholder importer does;
DERBİS and MERSİS numbers are checked for shape. Every problem is collected with its row and column.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from roadmap.domain.actors import ActorFields, ActorKind
from roadmap.domain.catalogues import FocusArea
from roadmap.imports.files import (
    FileNotes,
    ImportMapping,
    ImportProblem,
    field_vocabulary,
    flag,
    read_mapped,
    split_list,
)
from roadmap.imports.matching import Vocabulary
from roadmap.imports.stakeholders import FocusLookup, RowReader, _focus_codes, focus_keys, named

FIELDS: dict[str, tuple[str, ...]] = {  # the first name of each is the one a message suggests
    "name": ("Kuruluş adı", "Kuruluş", "Kurum", "Kurum adı", "Ad", "Adı", "Örgüt", "Name", "Organisation", "Organization"),
    "kind": ("Tür", "Türü", "Kuruluş türü", "Tip", "Örgütlenme biçimi", "Kind", "Type"),
    "province": ("İl", "Şehir", "Province", "City"),
    "district": ("İlçe", "District"),
    "focus_areas": ("Odak alanları", "Odak alanı", "Çalışma alanları", "Faaliyet alanları", "Focus areas", "Focus area"),
    "derbis": ("DERBİS", "DERBİS no", "DERBİS numarası", "Kütük no", "Dernek kütük no", "DERBIS number"),
    "mersis": ("MERSİS", "MERSİS no", "MERSİS numarası", "MERSIS number"),
    "website": ("Web sitesi", "Web", "İnternet sitesi", "Website", "Web site", "URL"),
    "contact_name": ("İletişim kişisi", "Yetkili", "Yetkili kişi", "Temsilci", "Contact", "Contact person"),
    "contact_email": ("E-posta", "Eposta", "E-posta adresi", "E-mail", "Email"),
    "contact_phone": ("Telefon", "Tel", "GSM", "Phone", "Telephone"),
    "contact_listed": (
        "İletişim bilgisi paylaşılabilir",
        "Listelenme onayı",
        "İletişim onayı",
        "Contact may be listed",
        "Contact listed",
    ),
    "kvkk_consent": ("KVKK onayı", "KVKK", "Açık rıza", "Veri paylaşım onayı", "KVKK consent", "Data sharing consent"),
    "notes": ("Notlar", "Not", "Açıklama", "Notes"),
}  # fmt: skip
KINDS: dict[str, ActorKind] = {
    **{kind.value.replace("_", " "): kind for kind in ActorKind},
    "dernek": ActorKind.DERNEK,
    "association": ActorKind.DERNEK,
    "vakif": ActorKind.VAKIF,
    "foundation": ActorKind.VAKIF,
    "kooperatif": ActorKind.KOOPERATIF,
    "cooperative": ActorKind.KOOPERATIF,
    "sosyal girisim": ActorKind.SOCIAL_ENTERPRISE,
    "social enterprise": ActorKind.SOCIAL_ENTERPRISE,
    "universite kulubu": ActorKind.UNIVERSITY_CLUB,
    "ogrenci kulubu": ActorKind.UNIVERSITY_CLUB,
    "universite ogrenci kulubu": ActorKind.UNIVERSITY_CLUB,
    "university club": ActorKind.UNIVERSITY_CLUB,
    "student club": ActorKind.UNIVERSITY_CLUB,
    "platform": ActorKind.PLATFORM,
    "girisim": ActorKind.PLATFORM,
    "network": ActorKind.PLATFORM,
    "federasyon": ActorKind.FEDERATION,
    "konfederasyon": ActorKind.FEDERATION,
    "federation": ActorKind.FEDERATION,
    "kent konseyi meclisi": ActorKind.KENT_KONSEYI_ASSEMBLY,
    "kent konseyi": ActorKind.KENT_KONSEYI_ASSEMBLY,
    "city council assembly": ActorKind.KENT_KONSEYI_ASSEMBLY,
}
KIND_NAMES = Vocabulary.of(KINDS.items())
VOCABULARY = field_vocabulary(FIELDS)
PERSONAL = {"contact_name", "contact_email", "contact_phone"}


class ActorFile(BaseModel):
    path: Path
    rows_read: int
    columns: dict[str, str]
    actors: list[tuple[int, ActorFields]]
    problems: list[ImportProblem]
    notes: FileNotes = FileNotes()


def catalogue_lookup(catalogue: dict[str, FocusArea]) -> FocusLookup:
    """Every name the catalogue's focus areas go by (code, Turkish and English titles, their leading words)."""
    return focus_keys(catalogue, {})


def read_actors(path: Path, focus_lookup: FocusLookup, mapping: ImportMapping | None = None) -> ActorFile:
    """Read and check a directory file; nothing is stored here."""
    mapping = mapping or ImportMapping()
    read = read_mapped(path, VOCABULARY, mapping, ("name", "kind"), PERSONAL)
    table, plan, notes = read.table, read.plan, read.notes
    if plan.problems:
        return ActorFile(
            path=path,
            rows_read=len(table.rows),
            columns=plan.columns,
            actors=[],
            problems=plan.problems,
            notes=notes,
        )
    header_of = plan.header_of()
    actors: list[tuple[int, ActorFields]] = []
    problems: list[ImportProblem] = []
    for number, values in read.rows(mapping):
        taken: list[tuple[str, str]] = []
        actor, row_problems = _parse_row(number, values, header_of, focus_lookup, taken)
        notes.near_values += [(number, header_of["focus_areas"], written, named) for written, named in taken]
        problems += row_problems
        if actor is not None:
            actors.append((number, actor))
    return ActorFile(
        path=path,
        rows_read=len(table.rows),
        columns=plan.columns,
        actors=actors,
        problems=problems,
        notes=notes,
    )


def _parse_row(
    number: int,
    values: dict[str, str],
    header_of: dict[str, str],
    focus_lookup: FocusLookup,
    taken: list[tuple[str, str]],
) -> tuple[ActorFields | None, list[ImportProblem]]:
    row = RowReader(number, values, header_of)
    convert = row.convert
    fields = {
        **{f: " ".join(values.get(f, "").split()) for f in ("name", "province", "district", "contact_name")},
        **{
            f: values.get(f, "")
            for f in ("derbis", "mersis", "website", "contact_email", "contact_phone", "notes")
        },
        "kind": convert("kind", lambda v: named(KIND_NAMES, v), "bad_actor_kind"),
        "focus_areas": convert(
            "focus_areas",
            lambda v: _focus_codes(v, focus_lookup, taken) if split_list(v) else [],
            "unknown_focus",
        )
        or [],
        "contact_listed": convert("contact_listed", lambda v: flag(v) if v.strip() else False, "bad_flag")
        or False,
        "kvkk_consent": convert("kvkk_consent", lambda v: flag(v) if v.strip() else False, "bad_flag")
        or False,
    }
    return row.record(ActorFields, fields)
