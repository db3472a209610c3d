"""The mapping step of an upload: what a page offers for each column and value a file's reader could not
place, how a column's meaning is named in the preview, and the person's choices kept as a mapping file
beside their upload (the format ``read_mapping`` reads, so the page and the command line share it)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from roadmap.domain.catalogues import focus_titles
from roadmap.domain.content import ParticipationLevel, RoadmapData, StakeholderType
from roadmap.i18n import translate
from roadmap.imports.attendance import FIELDS as ATTENDANCE_FIELDS
from roadmap.imports.attendance import attendance_questions
from roadmap.imports.files import IGNORE, ImportMapping, RefusedFile, read_mapping
from roadmap.imports.questions import Questions, answered
from roadmap.imports.stakeholders import FIELDS as STAKEHOLDER_FIELDS
from roadmap.imports.stakeholders import focus_lookup_for, stakeholder_questions
from roadmap.imports.survey import META_COLUMNS, survey_questions
from roadmap.render.texts import DocumentTexts
from roadmap.settings import Language

MAPPING_SUFFIXES = {".yaml", ".yml"}
MAPPING_NAME = "eslestirme.yaml"  # the page's own mapping, beside the upload in its folder
FLAG_FIELDS = {"consent", "guardian", "disability", "youth"}


class Option(BaseModel):
    value: str
    label: str


class OptionGroup(BaseModel):
    label: str  # '' for options outside any group
    options: list[Option]


def questions_of(kind: str, refused: RefusedFile, data: RoadmapData) -> Questions:
    """What this refused file asks, read with the municipality's own instrument and focus areas."""
    if kind == "survey":
        return survey_questions(refused, data.catalogues.instrument)
    lookup = focus_lookup_for(data.focus, data.catalogues.catalogue)
    if kind == "stakeholders":
        return stakeholder_questions(refused, lookup)
    return attendance_questions(refused, lookup)


def _fields(kind: str) -> list[str]:
    if kind == "survey":
        return list(META_COLUMNS)
    names = STAKEHOLDER_FIELDS if kind == "stakeholders" else ATTENDANCE_FIELDS
    return [field for field in names if field != IGNORE]


def target_label(kind: str, target: str, data: RoadmapData, lang: Language) -> str:
    """How a column's meaning is named to a reader: a statement by its wording, a field by its name."""
    if target == IGNORE:
        return translate("web.upload.ignore", lang)
    if kind == "survey" and target not in META_COLUMNS:
        for dimension in data.catalogues.instrument.dimensions:
            for statement in dimension.statements:
                if statement.id == target:
                    return statement.text(lang)
        return target
    return translate(f"import.field.{kind}.{target}", lang)


def statement_places(data: RoadmapData, lang: Language) -> dict[str, str]:
    """Each statement's dimension and code ("Stratejik çerçeve · strategy_1"), said under its wording."""
    return {
        s.id: f"{d.title(lang)} · {s.id}" for d in data.catalogues.instrument.dimensions for s in d.statements
    }


def column_options(kind: str, data: RoadmapData, lang: Language) -> list[OptionGroup]:
    """What a column may be: for a survey each statement (by dimension) or a respondent detail; for a
    list each of its fields; or nothing we use."""
    groups = []
    if kind == "survey":
        for dimension in data.catalogues.instrument.dimensions:
            groups.append(
                OptionGroup(
                    label=dimension.title(lang),
                    options=[Option(value=s.id, label=s.text(lang)) for s in dimension.statements],
                )
            )
    fields = [Option(value=f, label=target_label(kind, f, data, lang)) for f in _fields(kind)]
    groups.append(OptionGroup(label=translate(f"web.upload.fields.{kind}", lang), options=fields))
    groups.append(
        OptionGroup(label="", options=[Option(value=IGNORE, label=translate("web.upload.ignore", lang))])
    )
    return groups


def value_options(field: str, data: RoadmapData, lang: Language) -> list[Option]:
    """What a value of ``field`` may mean: a scale point, a type, a level, a rating, a focus area, yes/no."""
    if field == "answers":
        scale = data.catalogues.instrument.scale
        points = [
            Option(value=str(n), label=f"{n} – {labels.get(lang, '')}") for n, labels in sorted(scale.items())
        ]
        return [*points, Option(value=IGNORE, label=translate("web.upload.no_answer", lang))]
    if field in {"type", "level"}:
        texts = DocumentTexts(lang)
        values = (
            [t.value for t in StakeholderType] if field == "type" else [v.value for v in ParticipationLevel]
        )
        return [Option(value=v, label=texts.label(field, v)) for v in values]
    if field in {"power", "interest"}:
        return [Option(value=str(n), label=translate(f"web.upload.rating.{n}", lang)) for n in range(1, 6)]
    if field in FLAG_FIELDS:
        return [
            Option(value="evet", label=translate("web.upload.yes", lang)),
            Option(value="hayır", label=translate("web.upload.no", lang)),
        ]
    titles = focus_titles(data.focus, lang, data.catalogues.catalogue)  # focus_areas, focus
    return [Option(value=code, label=title) for code, title in titles.items()]


def posted_choices(
    form: Any, kind: str, data: RoadmapData, lang: Language
) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """The choices of a posted mapping form, each kept only if the page offered it."""
    allowed = {o.value for g in column_options(kind, data, lang) for o in g.options}
    columns: dict[str, str] = {}
    index = 0
    while (header := form.get(f"header-{index}")) is not None:
        chosen = str(form.get(f"column-{index}", ""))
        if chosen in allowed:
            columns[str(header)] = chosen
        index += 1
    values: dict[tuple[str, str], str] = {}
    index = 0
    offered: dict[str, set[str]] = {}
    while (field := form.get(f"field-{index}")) is not None:
        field, written = str(field), str(form.get(f"written-{index}", ""))
        if field not in offered:
            offered[field] = {o.value for o in value_options(field, data, lang)}
        chosen = str(form.get(f"value-{index}", ""))
        if chosen in offered[field]:
            values[(field, written)] = chosen
        index += 1
    return columns, values


def mapping_in(folder: Path) -> Path | None:
    """The mapping kept beside an upload: the page's own, else the file the person sent."""
    own = folder / MAPPING_NAME
    if own.is_file():
        return own
    return next((p for p in sorted(folder.glob("*")) if p.suffix in MAPPING_SUFFIXES), None)


def keep_choices(
    folder: Path, columns: Mapping[str, str], values: Mapping[tuple[str, str], str]
) -> ImportMapping:
    """Add a person's choices to the mapping kept beside their upload, written as a mapping file."""
    merged = answered(read_mapping(mapping_in(folder)), columns, values)
    text = yaml.safe_dump(
        {"columns": merged.columns, "values": merged.values}, allow_unicode=True, sort_keys=False
    )
    target = folder / MAPPING_NAME
    partial = folder / (MAPPING_NAME + ".part")  # written whole, then renamed: never half a mapping
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    return merged
