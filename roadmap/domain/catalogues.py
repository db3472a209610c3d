"""Reference catalogues shipped as data: the self-assessment instrument and the focus areas."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel

from roadmap.settings import Language

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
    dimensions: list[Dimension]

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


class ProgrammeCatalogues(BaseModel):
    """A cohort's own instrument and focus-area catalogue; None where it uses the bundled one."""

    instrument: Instrument | None = None
    catalogue: list[FocusArea] | None = None


_programme: ContextVar[ProgrammeCatalogues | None] = ContextVar("programme_catalogues", default=None)


@contextmanager
def programme_catalogues(catalogues: ProgrammeCatalogues | None) -> Iterator[None]:
    """Within the block, ``instrument()`` and ``focus_catalogue()`` answer with the cohort's own."""
    token = _programme.set(catalogues)
    try:
        yield
    finally:
        _programme.reset(token)


def use_programme_catalogues(catalogues: ProgrammeCatalogues | None) -> None:
    """From here on in this context (one web request, one command), use these catalogues.

    Set where a use case resolves its municipality; a web request runs in a context of its own, so
    the setting does not leak to other requests.
    """
    _programme.set(catalogues)


def instrument(path: Path | None = None) -> Instrument:
    """The instrument: the cohort's, the programme's own file (``ROADMAP_INSTRUMENT``) or ours."""
    from roadmap.settings import get_settings

    active = _programme.get()
    if path is None and active is not None and active.instrument is not None:
        return active.instrument
    return _load_instrument(path or get_settings().instrument or DATA_DIR / "instrument.yaml")


@lru_cache
def _load_instrument(path: Path) -> Instrument:
    from roadmap.errors import InvalidInput
    from roadmap.imports.files import yaml_to_model

    tool = yaml_to_model(path, Instrument)
    ids = [s.id for d in tool.dimensions for s in d.statements]
    if len(ids) != len(set(ids)):
        raise InvalidInput(f"{path}: statement ids must be unique")
    return tool


def focus_catalogue() -> dict[str, FocusArea]:
    """The focus areas to choose from: the cohort's own catalogue or the bundled one."""
    active = _programme.get()
    if active is not None and active.catalogue is not None:
        return {area.code: area for area in active.catalogue}
    return _load_catalogue(DATA_DIR / "focus_areas.yaml")


@lru_cache
def _load_catalogue(path: Path) -> dict[str, FocusArea]:
    with open(path, encoding="utf-8") as handle:
        areas = [FocusArea.model_validate(item) for item in yaml.safe_load(handle)]
    return {area.code: area for area in areas}


def focus_titles(focus: FocusAreas, lang: Language) -> dict[str, str]:
    """Titles of every focus area a stakeholder may be linked to: the catalogue and the team's own."""
    titles = {code: area.title(lang) for code, area in focus_catalogue().items()}
    titles.update({c.code: c.title for c in focus.candidates if c.title})
    return titles
