"""The document's words: Jinja2 templates per language, rendered in a sandbox."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml
from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

from roadmap.settings import TEMPLATES_DIR, Language

# Autoescape stays off: the output is Word text, which python-docx escapes as XML itself.
_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


@lru_cache
def _source(lang: Language) -> dict[str, Any]:
    with open(TEMPLATES_DIR / "document" / f"{lang}.yaml", encoding="utf-8") as handle:
        source: dict[str, Any] = yaml.safe_load(handle)
    return source


@lru_cache(maxsize=1024)
def _compiled(lang: Language, key: str) -> Template:
    return _ENV.from_string(_source(lang)[key])


class DocumentTexts:
    """``texts("intro", municipality=...)`` renders one template; ``texts.label(...)`` reads a label."""

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        self._raw = _source(lang)

    def __call__(self, key: str, **params: Any) -> str:
        return _compiled(self.lang, key).render(**params).strip()

    def paragraphs(self, key: str, **params: Any) -> list[str]:
        """A multi-paragraph template, split on blank lines, each paragraph on one line."""
        text = self(key, **params)
        return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]

    def raw(self, key: str) -> Any:
        return self._raw[key]

    def label(self, group: str, value: str) -> str:
        label: str = self._raw["labels"][group][value]
        return label
