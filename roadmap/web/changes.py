"""The diff page's two views of one comparison, said in the reader's language.

The list view names each changed record and its fields "old → new"; the side-by-side view puts the
old and the new value of each field next to each other, with the words that changed marked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from roadmap.domain.diff import FieldChange, RecordChange, StageChanges, word_marks
from roadmap.i18n import render
from roadmap.settings import Language
from roadmap.web.forms import Field, FormContext, Rows

Choices = Mapping[str, Mapping[str, str]]  # a field's name -> its stored values -> what the form shows

VIEWS = ("list", "sides")
Runs = list[tuple[str, str]]  # ("same" | "del" | "ins", text)


@dataclass(frozen=True)
class ShownField:
    label: str
    old: str
    new: str
    old_runs: Runs
    new_runs: Runs


@dataclass(frozen=True)
class ShownRecord:
    state: str  # added | removed | changed
    kind: str
    name: str
    id: str
    within: list[tuple[str, str]]  # (kind, name) of the records it sits in, outermost first
    fields: list[ShownField]


def choices(items: tuple[Field | Rows, ...], ctx: FormContext) -> dict[str, dict[str, str]]:
    """What the stage's form shows for each stored value of its choice fields ("consult": "Danışma")."""
    found: dict[str, dict[str, str]] = {}
    for item in items:
        if isinstance(item, Rows):
            found.update(choices(item.fields, ctx))
        elif item.kind in ("select", "multi") and item.options is not None:
            labels = {value: text for value, text in item.options(ctx) if value}
            found.setdefault(item.name.split(".")[-1], {}).update(labels)
    return found


def _said(value: Any, labels: Mapping[str, str]) -> str | None:
    """A stored choice as the form words it; ``None`` when it is not a choice this field offers."""
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) and v in labels for v in values):
        return None
    return ", ".join(labels[v] for v in values)


def _field(change: FieldChange, lang: Language, known: Choices) -> ShownField:
    old, new = render(change.old, lang), render(change.new, lang)
    labels = known.get(change.name, {})
    old = _said(change.before, labels) or old
    new = _said(change.after, labels) or new
    old_runs, new_runs = word_marks("" if old == "—" else old, "" if new == "—" else new)
    return ShownField(render(change.field, lang), old, new, old_runs, new_runs)


def _record(change: RecordChange, lang: Language, known: Choices) -> ShownRecord:
    return ShownRecord(
        state=change.state,
        kind=render(change.kind, lang),
        name=change.name,
        id=change.id,
        within=[(render(kind, lang), name) for kind, name in change.within],
        fields=[_field(f, lang, known) for f in change.fields],
    )


def shown_changes(
    changes: StageChanges, lang: Language, known: Choices | None = None
) -> tuple[list[ShownField], list[ShownRecord]]:
    """The stage's own changed fields and its changed records, ready for the page; stored choices
    ("consult") are said as the form says them (``known``, from :func:`choices`)."""
    known = known or {}
    return [_field(f, lang, known) for f in changes.fields], [
        _record(r, lang, known) for r in changes.records
    ]
