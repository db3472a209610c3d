"""A translation pack: the team's texts for a translator, as XLIFF 1.2 (OmegaT, memoQ, Trados, Poedit
read it; written and read with translate-toolkit) or as an .xlsx with source, target and context
columns for people without a CAT tool.

Each unit carries its id ("eylem-2-1/title"), the Turkish source, the English target if any, and a
note saying where the text appears. The pack names its municipality (XLIFF: the file's ``original``;
xlsx: a "pack" sheet), so a pack of another municipality is refused on the way back.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook, load_workbook
from pydantic import BaseModel
from translate.storage import xliff

from roadmap.errors import InvalidInput
from roadmap.text import fold_name

PACK_PREFIX = "roadmap:"
NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
SHEET, META = "Çeviri", "pack"
COLUMNS = ("id", "where", "source (tr)", "target (en)", "state")


class Xliff12Unit(xliff.xliffunit):
    namespace = NAMESPACE


class Xliff12(xliff.xlifffile):  # type: ignore[type-arg]
    """translate-toolkit's XLIFF store, writing version 1.2 (its default skeleton is 1.1)."""

    UnitClass = Xliff12Unit

    XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version='1.2' xmlns='{NAMESPACE}'>
<file original='NoName' source-language='tr' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""
    namespace = NAMESPACE


class PackUnit(BaseModel):
    id: str
    source: str
    target: str = ""
    note: str = ""


class Pack(BaseModel):
    slug: str
    units: list[PackUnit]


def pack_suffix(path: Path) -> str:
    """The pack's format, from its file's suffix: XLIFF (.xlf, .xliff) or .xlsx."""
    suffix = path.suffix.lower()
    if suffix not in (".xlf", ".xliff", ".xlsx"):
        raise InvalidInput("translations.pack_suffix", path=path.name)
    return suffix


def write_pack(pack: Pack, glossary: list[tuple[str, str, str]], out: Path, suffix: str) -> None:
    """Write the pack as XLIFF 1.2 or .xlsx (``suffix``); the glossary (Turkish, English, note) goes
    with it: as notes on the units that use a term in XLIFF, as a sheet in .xlsx."""
    if suffix in (".xlf", ".xliff"):
        out.write_bytes(_xliff(pack, glossary))
    else:
        out.write_bytes(_xlsx(pack, glossary))


def _xliff(pack: Pack, glossary: list[tuple[str, str, str]]) -> bytes:
    store = Xliff12(sourcelanguage="tr", targetlanguage="en")
    name = PACK_PREFIX + pack.slug
    store.setfilename(store.getfilenode("NoName"), name)
    for item in pack.units:
        unit = store.addsourceunit(item.source, filename=name)
        unit.setid(item.id)
        if item.target:
            unit.target = item.target
        if item.note:
            unit.addnote(item.note, origin="developer")
        used = [f"{tr} = {en}" for tr, en, _ in glossary if fold_name(tr) in fold_name(item.source)]
        if used:  # the terms of the programme's glossary this text uses, for the translator
            unit.addnote("Glossary: " + "; ".join(used), origin="developer")
    return bytes(store)


def _xlsx(pack: Pack, glossary: list[tuple[str, str, str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    for item in pack.units:
        sheet.append([item.id, item.note, item.source, item.target, "translated" if item.target else ""])
    for column, width in zip("ABCDE", (24, 36, 60, 60, 12), strict=True):
        sheet.column_dimensions[column].width = width
    terms = book.create_sheet("Sözlük — Glossary")
    terms.append(["Türkçe", "English", "Not / note"])
    for row in glossary:
        terms.append(list(row))
    meta = book.create_sheet(META)
    meta.append(["municipality", pack.slug])
    meta.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_pack(path: Path) -> Pack:
    """A pack as a translator sends it back; a file that is not one is refused with its name."""
    suffix = pack_suffix(path)
    try:
        data = path.read_bytes()
    except OSError:
        raise InvalidInput("translations.pack_unreadable", path=path.name) from None
    if suffix in (".xlf", ".xliff"):
        return _read_xliff(path, data)
    return _read_xlsx(path, data)


def _read_xliff(path: Path, data: bytes) -> Pack:
    try:
        store = xliff.xlifffile.parsestring(data)
        names = store.getfilenames()
    except Exception:  # lxml and translate-toolkit raise several kinds for a broken file
        raise InvalidInput("translations.pack_malformed", path=path.name) from None
    slug = next((n.removeprefix(PACK_PREFIX) for n in names if n.startswith(PACK_PREFIX)), "")
    if not slug:
        raise InvalidInput("translations.pack_not_ours", path=path.name)
    units = [  # the unit's own id (translate-toolkit's getid() puts the file's name before it)
        PackUnit(id=unit.xmlelement.get("id"), source=unit.source or "", target=unit.target or "")
        for unit in store.units
        if not unit.isheader() and unit.xmlelement.get("id")
    ]
    return Pack(slug=slug, units=units)


def _read_xlsx(path: Path, data: bytes) -> Pack:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True)
        sheet, meta = book[SHEET], book[META]
        slug = next(meta.iter_rows(values_only=True))[1]
        rows = list(sheet.iter_rows(values_only=True))
    except Exception:  # not a workbook, or not one of our packs
        raise InvalidInput("translations.pack_malformed", path=path.name) from None
    if not isinstance(slug, str) or not rows or tuple(rows[0][: len(COLUMNS)]) != COLUMNS:
        raise InvalidInput("translations.pack_not_ours", path=path.name)
    units = [
        PackUnit(id=str(row[0]), source=str(row[2] or ""), target=str(row[3] or ""))
        for row in rows[1:]
        if row and row[0]
    ]
    return Pack(slug=slug, units=units)
