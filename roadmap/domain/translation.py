"""The team's texts and their English versions: which texts a stage has to translate, and the data as
the English edition prints it (pure: no I/O).

A text is found by walking a stage's content for the fields marked translatable
(``roadmap.domain.content.TRANSLATABLE``). Its unit names the record it belongs to and the field:
"eylem-2-1/title", "plan/monitoring.method", "<meeting id>/agenda.0". A translation keeps the Turkish
it was made from, so a text changed since is known to need translating again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, get_args

from pydantic import BaseModel

from roadmap.domain.checklist import Finding
from roadmap.domain.content import (
    TRANSLATABLE,
    Record,
    RoadmapData,
    StageContent,
    Translation,
    records_in,
)
from roadmap.domain.stages import Stage
from roadmap.text import shorten

MARK = "[TR] "  # before a Turkish text the English edition prints untranslated
MUNICIPALITY = "municipality"  # the owner of the municipality's own texts (its programme's name)


class Unit(BaseModel):
    """One text to translate: where it is, what it says in Turkish, and its English if any."""

    stage: Stage
    unit: str
    field: str  # the field's path in its record, for the note a translator reads ("title", "foreword.text")
    where: str  # the record's kind and label, for the note ("Eylem 2.1", "Toplantı T2")
    source: str
    target: str = ""
    state: Literal["translated", "changed", "missing"] = "missing"


def _walk(
    value: BaseModel, owner: str, path: str
) -> Iterator[tuple[str, str, Callable[[str], None], str, BaseModel]]:
    """(unit, text, a setter for it, field name, the model holding it) for each translatable text."""
    if isinstance(value, Record):
        owner, path = value.id, ""
    for name, translatable in _plan(type(value)):
        current = getattr(value, name)
        where = f"{path}.{name}" if path else name
        if translatable:
            if isinstance(current, str) and current.strip():
                yield f"{owner}/{where}", current, _setter(value, name), where, value
            elif isinstance(current, list):
                for index, line in enumerate(current):
                    if isinstance(line, str) and line.strip():
                        yield f"{owner}/{where}.{index}", line, _item_setter(current, index), where, value
        elif isinstance(current, BaseModel):
            yield from _walk(current, owner, where)
        elif isinstance(current, list):
            for index, item in enumerate(current):
                if isinstance(item, BaseModel):
                    yield from _walk(item, owner, f"{where}.{index}")


@cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """A model's fields to walk and whether each is translatable (read once per model class); a
    stage's translations are not walked, and the team's reasons come after the texts they are about."""
    fields = [
        (name, TRANSLATABLE in info.metadata)
        for name, info in model.model_fields.items()
        if not (name == "translations" and issubclass(model, StageContent))
        and (TRANSLATABLE in info.metadata or any(_carries(m) for m in _models_in(info.annotation)))
    ]
    return tuple(sorted(fields, key=lambda item: item[0] == "explanations"))


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models a field holds: itself, or its list's items (``list[Goal]``, ``Foreword``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for argument in get_args(annotation) for model in _models_in(argument)]


@cache
def _carries(model: type[BaseModel]) -> bool:
    """Whether a model holds a translatable text anywhere inside (a survey response does not)."""
    return any(
        TRANSLATABLE in info.metadata
        or any(_carries(m) for m in _models_in(info.annotation) if m is not model)
        for info in model.model_fields.values()
    )


def _setter(model: BaseModel, name: str) -> Callable[[str], None]:
    return lambda text: object.__setattr__(model, name, text)


def _item_setter(items: list[Any], index: int) -> Callable[[str], None]:
    def put(text: str) -> None:
        items[index] = text

    return put


@dataclass(frozen=True)
class _Text:
    """One translatable text of the data, with what the English edition needs to replace it."""

    stage: Stage
    unit: str
    source: str
    field: str
    holder: BaseModel | None  # the model holding it (None: the municipality's own)
    put: Callable[[str], None]
    translation: Translation | None

    @property
    def state(self) -> Literal["translated", "changed", "missing"]:
        if self.translation is None or not self.translation.text.strip():
            return "missing"
        return "translated" if self.translation.source == self.source else "changed"


def _texts(data: RoadmapData) -> Iterator[_Text]:
    """Every translatable text of ``data`` in document order, the programme's name first (kept with
    stage 0's translations), each with its translation if any."""
    for stage in Stage:
        content = data.content(stage)
        assert isinstance(content, StageContent)
        kept = {t.unit: t for t in content.translations}
        if stage == Stage.TEAM and data.programme:
            unit = f"{MUNICIPALITY}/programme"
            yield _Text(
                stage, unit, data.programme, "programme", None, _setter(data, "programme"), kept.get(unit)
            )
        for unit, text, put, field, holder in _walk(content, stage.key, ""):
            yield _Text(stage, unit, text, field, holder, put, kept.get(unit))


def units_of(data: RoadmapData, labels: Callable[[BaseModel], str] | None = None) -> list[Unit]:
    """Every text of every stage with its state, in document order; the programme's name first."""
    return [
        Unit(
            stage=text.stage,
            unit=text.unit,
            field=text.field,
            where=labels(text.holder) if labels and text.holder is not None else "",
            source=text.source,
            target=text.translation.text if text.translation else "",
            state=text.state,
        )
        for text in _texts(data)
    ]


def untranslated(data: RoadmapData) -> int:
    """How many texts have no English of their current Turkish (counted, no units made: the checklist
    asks on every stage page)."""
    return sum(1 for text in _texts(data) if text.state != "translated")


def in_english(data: RoadmapData) -> tuple[RoadmapData, list[Unit]]:
    """The data as the English edition prints it: each text in English where its translation is of
    the current Turkish, else the Turkish marked "[TR] "; and the texts left untranslated."""
    english = data.model_copy(deep=True)
    missing = []
    for text in list(_texts(english)):
        if text.state == "translated":
            assert text.translation is not None
            text.put(text.translation.text)
        else:
            text.put(MARK + text.source)
            missing.append(
                Unit(stage=text.stage, unit=text.unit, field=text.field, where="", source=text.source)
            )
    english.name = municipality_in_english(data.name)
    return english, missing


def municipality_in_english(name: str) -> str:
    """ "Örnekköy Belediyesi" → "Örnekköy Municipality"; a metropolitan one keeps its kind."""
    for turkish, english in (
        ("Büyükşehir Belediyesi", "Metropolitan Municipality"),
        ("Belediyesi", "Municipality"),
    ):
        if name.endswith(turkish):
            return name.removesuffix(turkish) + english
    return name


def with_translations(content: StageContent, targets: dict[str, tuple[str, str]]) -> StageContent:
    """The content with these translations (unit → (Turkish source, English)) kept; an empty English
    takes a translation away."""
    kept = {t.unit: t for t in content.translations}
    for unit, (source, text) in targets.items():
        if text.strip():
            kept[unit] = Translation(unit=unit, source=source, text=text.strip())
        else:
            kept.pop(unit, None)
    return content.model_copy(update={"translations": list(kept.values())})


def points_in_english(findings: list[Finding], english: RoadmapData) -> list[Finding]:
    """The checklist's points as an English edition's annex prints them: the records named by their
    English, and the team's reasons in English (the findings were made on the Turkish)."""
    by_id = {record.id: record for stage in Stage for record in records_in(english.content(stage))}
    translated = []
    for finding in findings:
        update: dict[str, Any] = {}
        record = by_id.get(finding.record.id)
        for attribute in ("title", "text", "name") if record is not None else ():
            value = getattr(record, attribute, None)
            if isinstance(value, str) and finding.record.kind != "participant":
                update["record"] = finding.record.model_copy(update={"name": shorten(value)})
                break
        if finding.state == "explained":
            content = english.content(finding.stage)
            if isinstance(content, StageContent):
                reason = content.explanation(finding.code, finding.subject)
                if reason is not None:
                    update["reason"] = reason.text
        translated.append(finding.model_copy(update=update) if update else finding)
    return translated
