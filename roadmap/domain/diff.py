"""What changed between two versions of a stage, as sentences a person reads (not JSON).

Records are matched by their id (every record inside stage content has one that survives edits),
so a reordered list is not a change, a new namesake is "added" and a renamed person is "renamed".
Records without an id (older versions) are matched by their natural key (name, title, code, …).
The sentences are messages: each edge renders them in its reader's language.
"""

from __future__ import annotations

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


def _value(value: Any) -> Label | list[Label]:
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
