"""Reference catalogues shipped as data: the self-assessment instrument and the focus areas."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel, Field

from roadmap.errors import InvalidInput
from roadmap.imports.files import yaml_to_model
from roadmap.settings import Language, get_settings

if TYPE_CHECKING:
    from roadmap.domain.content import FocusAreas

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


class Statement(BaseModel):
    id: str
    tr: str
    en: str

    def text(self, lang: Language) -> str:
        value: str = getattr(self, lang)
        return value


class Dimension(BaseModel):
    id: str
    tr: str
    en: str
    source: str
    statements: list[Statement]

    def title(self, lang: Language) -> str:
        value: str = getattr(self, lang)
        return value


class Instrument(BaseModel):
    id: str
    version: int
    scale: dict[int, dict[str, str]]
    # Other words people's forms use for a scale point ("Tamamen katılıyorum" for 5).
    scale_aliases: dict[int, list[str]] = {}
    dimensions: list[Dimension]

    def scale_words(self) -> list[tuple[str, int]]:
        """Every word that names a scale point, in any language, with the point."""
        labels = [(label, value) for value, names in self.scale.items() for label in names.values()]
        return labels + [(word, value) for value, words in self.scale_aliases.items() for word in words]

    def statement_ids(self) -> set[str]:
        return {s.id for d in self.dimensions for s in d.statements}

    def dimension(self, dimension_id: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)


class FocusArea(BaseModel):
    code: str
    tr: str
    en: str
    description_tr: str
    description_en: str
    dimensions: list[str]
    actions_tr: list[str] = []
    actions_en: list[str] = []
    indicators_tr: list[str] = []
    indicators_en: list[str] = []

    def title(self, lang: Language) -> str:
        value: str = getattr(self, lang)
        return value

    def description(self, lang: Language) -> str:
        value: str = getattr(self, f"description_{lang}")
        return value

    def actions(self, lang: Language) -> list[str]:
        value: list[str] = getattr(self, f"actions_{lang}")
        return value

    def indicators(self, lang: Language) -> list[str]:
        value: list[str] = getattr(self, f"indicators_{lang}")
        return value


class Partner(BaseModel):
    """An institution that runs the programme with the municipalities (NDI Türkiye, TKKB)."""

    name: str = Field(min_length=2, max_length=200)
    logo: bytes = b""  # PNG or JPEG, as given


class Programme(BaseModel):
    """The instrument and focus-area catalogue a use case works with: its cohort's own, or ours.

    It travels with the data it belongs to (``RoadmapData.catalogues``); nothing reads it from a
    global or a context variable.
    """

    instrument: Instrument
    catalogue: dict[str, FocusArea]
    partners: list[Partner] = []  # named (with their logos) on the cover of every roadmap

    def focus_title(self, code: str, lang: Language) -> str:
        area = self.catalogue.get(code)
        return area.title(lang) if area else code


@lru_cache(maxsize=4)
def _bundled(instrument_path: Path) -> Programme:
    return Programme(instrument=_load_instrument(instrument_path), catalogue=focus_catalogue())


def bundled_programme() -> Programme:
    """The instrument (ours, or the programme's file ``ROADMAP_INSTRUMENT``) and our catalogue."""
    return _bundled(get_settings().instrument or DATA_DIR / "instrument.yaml")


def instrument(path: Path | None = None) -> Instrument:
    """The bundled instrument, or the programme's own file (``ROADMAP_INSTRUMENT``); a cohort's own
    instrument travels on its data instead (``RoadmapData.catalogues``)."""
    return _load_instrument(path or get_settings().instrument or DATA_DIR / "instrument.yaml")


@lru_cache
def _load_instrument(path: Path) -> Instrument:
    tool = yaml_to_model(path, Instrument)
    ids = [s.id for d in tool.dimensions for s in d.statements]
    if len(ids) != len(set(ids)):
        raise InvalidInput(f"{path}: statement ids must be unique")
    return tool


def focus_catalogue() -> dict[str, FocusArea]:
    """The bundled focus areas (a cohort's own catalogue travels on its data instead)."""
    return _load_catalogue(DATA_DIR / "focus_areas.yaml")


@lru_cache
def _load_catalogue(path: Path) -> dict[str, FocusArea]:
    with open(path, encoding="utf-8") as handle:
        areas = [FocusArea.model_validate(item) for item in yaml.safe_load(handle)]
    return {area.code: area for area in areas}


def focus_titles(
    focus: FocusAreas, lang: Language, catalogue: dict[str, FocusArea] | None = None
) -> dict[str, str]:
    """Titles of every focus area a stakeholder may be linked to: the catalogue and the team's own."""
    titles = {code: area.title(lang) for code, area in (catalogue or focus_catalogue()).items()}
    titles.update({c.code: c.title for c in focus.candidates if c.title})
    return titles


class Term(BaseModel):
    """A name or term of Turkish local government with the English the programme uses."""

    tr: str
    en: str
    note: str = ""


@lru_cache
def glossary() -> list[Term]:
    """Institution names and terms (``roadmap/data/glossary.yaml``): offered to translators in every
    pack, and the English edition's own words follow it."""
    with open(DATA_DIR / "glossary.yaml", encoding="utf-8") as handle:
        return [Term.model_validate(item) for item in yaml.safe_load(handle)]
