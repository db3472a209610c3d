"""Reference catalogues shipped as data: the self-assessment instrument and the focus areas."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel

from roadmap.settings import Language

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


class Statement(BaseModel):
    id: str
    tr: str
    en: str

    def text(self, lang: Language) -> str:
        return getattr(self, lang)


class Dimension(BaseModel):
    id: str
    tr: str
    en: str
    source: str
    statements: list[Statement]

    def title(self, lang: Language) -> str:
        return getattr(self, lang)


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
        return getattr(self, lang)

    def description(self, lang: Language) -> str:
        return getattr(self, f"description_{lang}")

    def actions(self, lang: Language) -> list[str]:
        return getattr(self, f"actions_{lang}")

    def indicators(self, lang: Language) -> list[str]:
        return getattr(self, f"indicators_{lang}")


def instrument(path: Path | None = None) -> Instrument:
    """The self-assessment instrument: the programme's own file (``ROADMAP_INSTRUMENT``) or ours."""
    from roadmap.settings import get_settings

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


@lru_cache
def focus_catalogue(path: Path = DATA_DIR / "focus_areas.yaml") -> dict[str, FocusArea]:
    with open(path, encoding="utf-8") as handle:
        areas = [FocusArea.model_validate(item) for item in yaml.safe_load(handle)]
    return {area.code: area for area in areas}
