"""What changed between two versions of a stage, as sentences a person reads (not JSON).

Records are matched by their id (every record inside stage content has one that survives edits),
so a reordered list is not a change, a new namesake is "added" and a renamed person is "renamed".
Records without an id (older versions) are matched by their natural key (name, title, code, …).
The sentences are messages: each edge renders them in its reader's language.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from roadmap.domain.stages import Stage
from roadmap.i18n import DEFAULT_LANGUAGE, Message, has_message, msg
from roadmap.settings import Language

NATURAL_KEYS = ("name", "title", "code", "respondent", "ref", "audience", "text", "risk", "day")
Label = Message | str


def _name(item: dict[str, Any]) -> str | None:
    return next((str(item[k]) for k in NATURAL_KEYS if item.get(k) not in (None, "")), None)


def _identity(item: dict[str, Any], index: int, by_id: bool) -> str:
    if by_id:
        return f"id:{item['id']}"
    return f"name:{_name(item)}" if _name(item) else f"index:{index}"


def _label(kind: str, name: str) -> Label:
    key = f"diff.{kind}.{name}"
    return msg(key) if has_message(key) else name.replace("_", " ")


def _value(value: Any) -> Label:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return msg("word.yes") if value else msg("word.no")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(str(_value(v)) for v in value)
    return str(value)


def change_messages(before: dict[str, Any], after: dict[str, Any]) -> list[Message]:
    """Every change from ``before`` to ``after`` (two dumps of one stage's content), as messages."""
    lines: list[Message] = []
    _compare(before, after, "", lines)
    return lines or [msg("diff.none")]


def describe_changes(
    stage: Stage, before: dict[str, Any], after: dict[str, Any], lang: Language = DEFAULT_LANGUAGE
) -> list[str]:
    """The changes as sentences in ``lang``."""
    return [line.render(lang) for line in change_messages(before, after)]


def _compare(before: Any, after: Any, where: Label, lines: list[Message], field: str = "") -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for name in list(dict.fromkeys([*before, *after])):
            if name != "id":
                _compare(before.get(name), after.get(name), where, lines, name)
        return
    if (
        isinstance(before, list)
        and isinstance(after, list)
        and any(isinstance(x, dict) for x in before + after)
    ):
        _compare_records(before, after, where, lines, field)
        return
    if isinstance(before, list) and isinstance(after, list):
        label = _label("field", field)
        lines += [
            msg("diff.item_added", where=where, field=label, value=_value(v))
            for v in after
            if v not in before
        ]
        lines += [
            msg("diff.item_removed", where=where, field=label, value=_value(v))
            for v in before
            if v not in after
        ]
        return
    if before != after:
        lines.append(
            msg(
                "diff.changed",
                where=where,
                field=_label("field", field),
                old=_value(before),
                new=_value(after),
            )
        )


def _compare_records(
    before: list[Any], after: list[Any], where: Label, lines: list[Message], field: str
) -> None:
    kind = _label("kind", field)
    # By id when both versions have them (a version frozen before ids existed is matched by name).
    by_id = all(isinstance(x, dict) and x.get("id") for x in before + after)
    old = {_identity(x, i, by_id): x for i, x in enumerate(before)}
    new = {_identity(x, i, by_id): x for i, x in enumerate(after)}
    for key, item in new.items():
        if key not in old:
            lines.append(msg("diff.added", where=where, kind=kind, name=_name(item) or "—"))
    for key, item in old.items():
        if key not in new:
            lines.append(msg("diff.removed", where=where, kind=kind, name=_name(item) or "—"))
    for key, item in new.items():
        if key not in old or old[key] == item:
            continue
        was, now = _name(old[key]) or "—", _name(item) or "—"
        if was != now:
            lines.append(msg("diff.renamed", where=where, kind=kind, old=was, new=now))
        inner = msg("diff.where", where=where, kind=kind, name=now)
        _compare(_without_name(old[key]), _without_name(item), inner, lines)


def _without_name(item: dict[str, Any]) -> dict[str, Any]:
    """A record without the field its name comes from (a rename is reported once, as a rename)."""
    key = next((k for k in NATURAL_KEYS if item.get(k) not in (None, "")), None)
    return {k: v for k, v in item.items() if k != key}


# --- the same comparison by record, for a page that lists and sets side by side what changed ---------


@dataclass(frozen=True)
class FieldChange:
    """One field of a record (or of the stage itself): its label, the old and the new value."""

    field: Label
    old: Label
    new: Label
    name: str = ""  # the field's own name ("level"), and its values as stored ("consult")
    before: Any = None
    after: Any = None


@dataclass(frozen=True)
class RecordChange:
    """One record that was added, removed or changed, with the fields that differ.

    ``within`` names the records it sits inside (a goal for an action), outermost first; an added
    record lists the fields it was added with, a removed one the fields it had.
    """

    state: str  # "added" | "removed" | "changed"
    kind: Label
    name: str
    id: str
    within: tuple[tuple[Label, str], ...]
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class StageChanges:
    """What changed in a stage: its own fields, then record by record."""

    fields: tuple[FieldChange, ...]
    records: tuple[RecordChange, ...]

    @property
    def empty(self) -> bool:
        return not self.fields and not self.records


def record_changes(before: dict[str, Any], after: dict[str, Any]) -> StageChanges:
    """``before`` against ``after`` record by record: matched by id (by name for records without),
    so a renamed stakeholder is one changed record whose name field changed, not a removal and an
    addition."""
    fields: list[FieldChange] = []
    records: list[RecordChange] = []
    _walk(before, after, (), fields, records)
    return StageChanges(tuple(fields), tuple(records))


def _field_label(name: str) -> Label:
    for key in (f"diff.field.{name}", f"field.{name}"):
        if has_message(key):
            return msg(key)
    return name.replace("_", " ")


def _is_records(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(x, dict) for x in value)


def _walk(
    before: dict[str, Any],
    after: dict[str, Any],
    within: tuple[tuple[Label, str], ...],
    fields: list[FieldChange],
    records: list[RecordChange],
) -> None:
    """Fields of one dict go to ``fields``; lists of records inside it are matched record by record."""
    for name in dict.fromkeys([*before, *after]):
        if name == "id":
            continue
        old, new = before.get(name), after.get(name)
        if _is_records(old or []) or _is_records(new or []):
            _match(list(old or []), list(new or []), name, within, records)
        elif isinstance(old, dict) or isinstance(new, dict):  # a group of fields (foreword, monitoring)
            _walk(old or {}, new or {}, within, fields, records)
        elif old != new and not (_value(old) == "—" and _value(new) == "—"):
            fields.append(FieldChange(_field_label(name), _value(old), _value(new), name, old, new))


def _match(
    before: list[Any],
    after: list[Any],
    field: str,
    within: tuple[tuple[Label, str], ...],
    records: list[RecordChange],
) -> None:
    kind = _label("kind", field)
    by_id = all(isinstance(x, dict) and x.get("id") for x in before + after)
    old = {_identity(x, i, by_id): x for i, x in enumerate(before) if isinstance(x, dict)}
    new = {_identity(x, i, by_id): x for i, x in enumerate(after) if isinstance(x, dict)}
    for key in dict.fromkeys([*new, *old]):
        was, now = old.get(key, {}), new.get(key, {})
        if was == now:
            continue
        state = "changed" if was and now else "added" if now else "removed"
        name = _name(now or was) or "—"
        inner: list[FieldChange] = []
        nested: list[RecordChange] = []
        _walk(was, now, (*within, (kind, name)), inner, nested)
        if inner or state != "changed":
            records.append(
                RecordChange(state, kind, name, str((now or was).get("id", "")), within, tuple(inner))
            )
        records.extend(nested)


def word_marks(old: str, new: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The two texts cut into runs of words, each run "same", "del" (only in old) or "ins" (only in
    new): what a side-by-side view marks."""
    a, b = _words(old), _words(new)
    left: list[tuple[str, str]] = []
    right: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            _add(left, "same", a[i1:i2])
            _add(right, "same", b[j1:j2])
        else:
            _add(left, "del", a[i1:i2])
            _add(right, "ins", b[j1:j2])
    return left, right


def _words(text: str) -> list[str]:
    return re.findall(r"\s+|\w+|[^\w\s]", text)


def _add(runs: list[tuple[str, str]], kind: str, tokens: list[str]) -> None:
    text = "".join(tokens)
    if not text:
        return
    if runs and runs[-1][0] == kind:
        runs[-1] = (kind, runs[-1][1] + text)
    else:
        runs.append((kind, text))
