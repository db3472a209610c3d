"""The diff page's two views of one comparison, said in the reader's language.

The list view names each changed record and its fields "old → new"; the side-by-side view puts the
old and the new value of each field next to each other, with the words that changed marked.
"""

from __future__ import annotations

from dataclasses import dataclass

from roadmap.domain.diff import FieldChange, RecordChange, StageChanges, word_marks
from roadmap.i18n import render
from roadmap.settings import Language

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


def _field(change: FieldChange, lang: Language) -> ShownField:
    old, new = render(change.old, lang), render(change.new, lang)
    old_runs, new_runs = word_marks("" if old == "—" else old, "" if new == "—" else new)
    return ShownField(render(change.field, lang), old, new, old_runs, new_runs)


def _record(change: RecordChange, lang: Language) -> ShownRecord:
    return ShownRecord(
        state=change.state,
        kind=render(change.kind, lang),
        name=change.name,
        id=change.id,
        within=[(render(kind, lang), name) for kind, name in change.within],
        fields=[_field(f, lang) for f in change.fields],
    )


def shown_changes(changes: StageChanges, lang: Language) -> tuple[list[ShownField], list[ShownRecord]]:
    """The stage's own changed fields and its changed records, ready for the page."""
    return [_field(f, lang) for f in changes.fields], [_record(r, lang) for r in changes.records]
