"""What changed between two versions of a stage, as sentences a person reads (not JSON).

Lists of records are matched by their natural key (name, title, code, …), so a reordered list is
not a change and an edited record is reported field by field.
"""

from __future__ import annotations

from typing import Any

from roadmap.domain.stages import Stage
from roadmap.settings import get_settings
from roadmap.text import message, template

NATURAL_KEYS = ("name", "title", "code", "respondent", "ref", "audience", "text", "risk", "day")


def _key(item: dict[str, Any]) -> str | None:
    return next((str(item[k]) for k in NATURAL_KEYS if item.get(k) not in (None, "")), None)


def _label(kind: str, name: str, lang: str) -> str:
    try:
        return template(f"diff.{kind}.{name}", lang)  # type: ignore[arg-type]
    except KeyError:
        return name.replace("_", " ")


def _value(value: Any, lang: str) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return message("word.yes" if value else "word.no", lang)  # type: ignore[arg-type]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(_value(v, lang) for v in value)
    return str(value)


def describe_changes(stage: Stage, before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    lang = get_settings().language
    lines: list[str] = []
    _compare(before, after, "", lines, lang)
    return lines or [message("diff.none", lang)]


def _compare(before: Any, after: Any, where: str, lines: list[str], lang: str, field: str = "") -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for name in list(dict.fromkeys([*before, *after])):
            _compare(before.get(name), after.get(name), where, lines, lang, name)
        return
    if (
        isinstance(before, list)
        and isinstance(after, list)
        and any(isinstance(x, dict) for x in before + after)
    ):
        _compare_records(before, after, where, lines, lang, field)
        return
    if isinstance(before, list) and isinstance(after, list):
        label = _label("field", field, lang)
        for value in after:
            if value not in before:
                lines.append(
                    message("diff.item_added", lang, where=where, field=label, value=_value(value, lang))
                )
        for value in before:
            if value not in after:
                lines.append(
                    message("diff.item_removed", lang, where=where, field=label, value=_value(value, lang))
                )
        return
    if before != after:
        lines.append(
            message(
                "diff.changed",
                lang,
                where=where,
                field=_label("field", field, lang),
                old=_value(before, lang),
                new=_value(after, lang),
            )
        )


def _compare_records(before: list, after: list, where: str, lines: list[str], lang: str, field: str) -> None:
    kind = _label("kind", field, lang)
    old = {(_key(x) or str(i)): x for i, x in enumerate(before)}
    new = {(_key(x) or str(i)): x for i, x in enumerate(after)}
    for key in new:
        if key not in old:
            lines.append(message("diff.added", lang, where=where, kind=kind, name=key))
    for key in old:
        if key not in new:
            lines.append(message("diff.removed", lang, where=where, kind=kind, name=key))
    for key in new:
        if key in old and old[key] != new[key]:
            inner = message("diff.where", lang, where=where, kind=kind, name=key)
            _compare(old[key], new[key], inner, lines, lang)
