"""Small domain exceptions carrying a message key; each edge (CLI, web, flow) translates them once."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from roadmap.i18n import DEFAULT_LANGUAGE, Message, Renderable, has_message, render, template
from roadmap.settings import Language


class RoadmapError(Exception):
    """Base class: a message key and its parameters, rendered by whoever shows it.

    ``problems`` lists the details (file, row and field; or what a stage still lacks), each a
    message or a piece of data. ``str(error)`` is the Turkish text, for logs and flow states.
    """

    def __init__(
        self, key: str | Message, /, problems: Sequence[Renderable | str] = (), **params: Any
    ) -> None:
        self.message = key if isinstance(key, Message) else Message(key, params)
        self.problems: list[Renderable | str] = list(problems)
        super().__init__(self.message.key)

    @property
    def key(self) -> str:
        return self.message.key

    def text(self, lang: Language) -> str:
        """The sentence alone, in ``lang``."""
        return self.message.render(lang)

    def details(self, lang: Language) -> list[str]:
        return [render(problem, lang) for problem in self.problems]

    def render(self, lang: Language) -> str:
        """The sentence and its details, one per line."""
        lines = [self.text(lang), *(f"  - {detail}" for detail in self.details(lang))]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render(DEFAULT_LANGUAGE)


class NotFound(RoadmapError):
    """A municipality, stage, user or file that does not exist (or may not be seen)."""


class StaleVersion(RoadmapError):
    """An edit was based on an older version than the one stored."""


class TransitionRefused(RoadmapError):
    """A stage move that the workflow or the actor's role does not allow."""


class PermissionDenied(RoadmapError):
    """The actor may not do this to this municipality."""


class InvalidInput(RoadmapError):
    """Input that failed validation; ``problems`` name the file, row and field."""


class OutputError(RoadmapError):
    """A file could not be written where it was asked for (read-only, full or missing folder)."""


class ExportRace(RoadmapError):
    """Another process recorded the same export number first; trying again is safe."""


def keyed_error(key: str, /, **params: Any) -> PydanticCustomError:
    """A validation failure inside a pydantic model that still carries its message key.

    Pydantic's own text is the Turkish sentence (for logs); each edge renders the key in its language.
    """
    return PydanticCustomError(key, template(key, DEFAULT_LANGUAGE), params)


# Pydantic's own checks, said in the reader's language (never the library's English).
PYDANTIC_MESSAGES = {
    "missing": "form.error.missing",
    "string_too_short": "form.error.too_short",
    "string_too_long": "form.error.too_long",
    "greater_than": "form.error.greater_than",
    "greater_than_equal": "form.error.at_least",
    "less_than_equal": "form.error.at_most",
    "less_than": "form.error.less_than",
    "int_parsing": "form.error.number",
    "int_from_float": "form.error.whole_number",
    "float_parsing": "form.error.number",
    "date_parsing": "form.error.date",
    "date_from_datetime_parsing": "form.error.date",
    "time_parsing": "form.error.time",
    "enum": "form.error.choice",
    "literal_error": "form.error.choice",
    "extra_forbidden": "form.error.extra",
    "bool_parsing": "form.error.choice",
}
BOUNDS = ("min_length", "max_length", "gt", "ge", "le", "lt")


def validation_reason(item: Any) -> Renderable | str:
    """Why one field failed: our own rule's message, pydantic's check in our words, else its text."""
    context = item.get("ctx") or {}
    if has_message(item["type"]):
        return Message(item["type"], {k: v for k, v in context.items() if k != "error"})
    if item["type"] in PYDANTIC_MESSAGES:
        return Message(PYDANTIC_MESSAGES[item["type"]], {k: context.get(k, "") for k in BOUNDS})
    cause = context.get("error")
    if isinstance(cause, ValueError) and cause.args and isinstance(cause.args[0], Message):
        return cause.args[0]
    return str(item["msg"]).removeprefix("Value error, ")


def field_errors(error: ValidationError) -> list[tuple[str, Renderable | str]]:
    """Each failed field of a pydantic error and why, in messages an edge renders."""
    described: list[tuple[str, Renderable | str]] = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "-"
        described.append((where, validation_reason(item)))
    return described


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """``field: reason``, the reason rendered in the reader's language."""

    field: str
    reason: Renderable | str

    def render(self, lang: Language) -> str:
        return f"{self.field}: {render(self.reason, lang)}"


def field_problems(error: ValidationError) -> list[FieldProblem]:
    return [FieldProblem(where, reason) for where, reason in field_errors(error)]


@contextmanager
def importing(path: Path) -> Iterator[None]:
    """An import refused because the stage changed while its file was being read says so, and to import
    again (not to open the current version: the file, not an edit, is what is applied)."""
    try:
        yield
    except StaleVersion:
        raise StaleVersion("refused.stale_import", path=path.name) from None
