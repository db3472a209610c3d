"""Guidance for each stage (what to do, why, tips, a good result), kept as text in templates/."""

from __future__ import annotations

from functools import lru_cache

import yaml
from pydantic import BaseModel

from roadmap.domain.stages import Stage
from roadmap.settings import TEMPLATES_DIR, Language


class Guidance(BaseModel):
    title: str
    what: str
    why: str
    tips: list[str]
    good: str


@lru_cache
def _load(lang: Language) -> dict[str, Guidance]:
    with open(TEMPLATES_DIR / "guidance" / f"{lang}.yaml", encoding="utf-8") as handle:
        return {key: Guidance.model_validate(value) for key, value in yaml.safe_load(handle).items()}


def guidance(stage: Stage, lang: Language) -> Guidance:
    return _load(lang)[stage.key]
