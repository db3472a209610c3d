"""Product text: gettext catalogues managed with Babel, and messages that travel as keys.

Domain and service code never render text: they return or raise a :class:`Message` (a catalogue key
and its parameters). Each edge (CLI, web page, document, flow) renders it once, in its reader's
language, with :func:`translate`. The catalogues are ``roadmap/locale/<lang>/LC_MESSAGES/roadmap.po``,
keyed by message id; ``make install`` compiles them to ``.mo`` files (see ``make messages`` to
extract new keys from the code and templates).
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from roadmap.settings import Language

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "roadmap"
LANGUAGES: tuple[Language, ...] = ("tr", "en")
# The language tag documents are proofed and read aloud in: Turkish of Türkiye, and British English
# for the English edition (the programme's partners write British English).
LANGUAGE_TAGS: dict[str, str] = {"tr": "tr-TR", "en": "en-GB"}
DEFAULT_LANGUAGE: Language = "tr"


class Renderable(Protocol):
    """Anything an edge can turn into text in its reader's language."""

    def render(self, lang: Language) -> str: ...


@dataclass(frozen=True, slots=True)
class Message:
    """A sentence to be said, not yet said: a catalogue key and its parameters.

    A parameter may itself be a message (``action=Message("action.submit")``) or a list of messages;
    both are rendered in the same language. A ``count`` parameter chooses the plural form.
    """

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: Language) -> str:
        return translate(self.key, lang, **self.params)


def msg(key: str, /, **params: Any) -> Message:
    """A message with keyword parameters: ``msg("refused.status", status=msg("status.draft"))``."""
    return Message(key, params)


def render(value: Renderable | str, lang: Language) -> str:
    """A message, or text that is data (a name, a file's cell), as the reader sees it."""
    return value if isinstance(value, str) else value.render(lang)


def _catalogue_file(lang: Language) -> gettext.GNUTranslations:
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with open(mo, "rb") as handle:
            return gettext.GNUTranslations(handle)
    # A checkout without compiled catalogues (or with a newer .po): compile it in memory.
    with open(po, "rb") as handle:
        catalogue = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@lru_cache
def translations(lang: Language) -> gettext.GNUTranslations:
    """The catalogue of ``lang``; a key missing in English falls back to Turkish, the source language."""
    catalogue = _catalogue_file(lang)
    if lang != DEFAULT_LANGUAGE:
        catalogue.add_fallback(_catalogue_file(DEFAULT_LANGUAGE))
    return catalogue


def has_message(key: str, lang: Language = DEFAULT_LANGUAGE) -> bool:
    """Whether the catalogue has ``key`` (as a singular or a plural entry)."""
    entries = translations(lang)._catalog  # type: ignore[attr-defined]
    return key in entries or (key, 0) in entries


def template(key: str, lang: Language, count: int | None = None) -> str:
    """A catalogue entry as written, placeholders unfilled (the plural form for ``count``)."""
    catalogue = translations(lang)
    if count is not None and (key, 0) in catalogue._catalog:  # type: ignore[attr-defined]
        return catalogue.ngettext(key, key, count)
    text = catalogue.gettext(key)
    if text == key and (key, 0) in catalogue._catalog:  # type: ignore[attr-defined]
        return catalogue.ngettext(key, key, 2)
    return text


def _param(value: Any, lang: Language) -> Any:
    if isinstance(value, Message) or (not isinstance(value, str) and hasattr(value, "render")):
        return value.render(lang)  # a message, or data said in the reader's language (a number)
    if isinstance(value, list | tuple) and value and all(isinstance(v, Message) for v in value):
        return ", ".join(v.render(lang) for v in value)
    return value


def translate(key: str, lang: Language, /, **params: Any) -> str:
    """The sentence ``key`` in ``lang``, filled with ``params`` (messages among them rendered too)."""
    count = params.get("count")
    text = template(key, lang, count if isinstance(count, int) else None)
    if not params:
        return text
    return text.format(**{name: _param(value, lang) for name, value in params.items()})


message = translate  # the name the render and web code use: ``message(key, lang, **params)``


def plural(key: str, count: int, lang: Language, /, **params: Any) -> str:
    """The sentence ``key`` for ``count`` things: "1 submission", "2 submissions"."""
    return translate(key, lang, count=count, **params)


def catalogue_keys(lang: Language = DEFAULT_LANGUAGE) -> set[str]:
    """Every message id of a language's catalogue (plural entries by their singular id)."""
    keys: set[str] = set()
    for entry in translations(lang)._catalog:  # type: ignore[attr-defined]
        if isinstance(entry, tuple):
            keys.add(entry[0])
        elif entry:
            keys.add(entry)
    return keys


def record_text(key: str, /, **params: Any) -> str:
    """Text stored in a record (an audit note), written in the programme's working language."""
    return translate(key, DEFAULT_LANGUAGE, **params)
