"""A release's open data: one JSON document, CSV files, its JSON Schema and a README (tr and en)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from roadmap.domain.publication import PublicRoadmap
from roadmap.render.cohort_report import safe_cell
from roadmap.render.texts import DocumentTexts

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "data" / "release.schema.json"
SCHEMA_ID = "https://katiliyoruz.example.org/schema/release/1.0/release.schema.json"
CSV_FILES = ("actions", "indicators", "meetings", "inputs")


def json_schema() -> dict[str, Any]:
    """The schema of the JSON document, as the model defines it (the shipped file is this)."""
    schema = PublicRoadmap.model_json_schema()
    schema["properties"] = {"$schema": {"type": "string", "format": "uri"}, **schema["properties"]}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def shipped_schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


def roadmap_json(roadmap: PublicRoadmap) -> bytes:
    document = {"$schema": SCHEMA_ID, **roadmap.model_dump(mode="json")}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else safe_cell(v) for v in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # a BOM: Excel reads Turkish letters right


def roadmap_csvs(roadmap: PublicRoadmap) -> dict[str, bytes]:
    """actions, indicators (one row per period, IATI-style), meetings (head counts), inputs and responses."""
    actions = _csv(
        ["id", "code", "goal", "focus_area", "title", "problem", "lead", "supporting", "start", "end", "budget_try", "funding", "answers_inputs"],
        [
            [a.id, a.code, a.goal, a.focus_area, a.title, a.problem, a.lead, "; ".join(a.supporting),
             a.start, a.end, a.budget_try, a.funding, "; ".join(a.answers_inputs)]
            for a in roadmap.actions
        ],
    )  # fmt: skip
    indicator_rows = []
    for a in roadmap.actions:
        for i in a.indicators:
            base = [
                a.id,
                a.code,
                i.id,
                i.title,
                i.measure,
                i.kind,
                i.baseline,
                i.target,
                i.data_source,
                i.frequency,
            ]
            indicator_rows += [base + [p.label, p.target, p.actual] for p in i.periods] or [
                base + ["", "", ""]
            ]
    indicators = _csv(
        ["action_id", "action_code", "id", "title", "measure", "kind", "baseline", "target", "data_source",
         "frequency", "period", "period_target", "period_actual"],
        indicator_rows,
    )  # fmt: skip
    meetings = _csv(
        ["id", "code", "title", "audience", "date", "focus_areas", "participants", "women", "youth", "disability", "organisations"],
        [
            [m.id, m.code, m.title, m.audience, m.day, "; ".join(m.focus_areas), m.participants, m.women,
             m.youth, m.disability, m.organisations]
            for m in roadmap.meetings
        ],
    )  # fmt: skip
    inputs = _csv(
        ["id", "code", "meeting", "text", "focus_area", "source_type", "source", "response", "reason", "action"],
        [
            [i.id, i.code, i.meeting, i.text, i.focus_area, i.source_type, i.source, i.response, i.reason, i.action]
            for i in roadmap.inputs
        ],
    )  # fmt: skip
    return {"actions": actions, "indicators": indicators, "meetings": meetings, "inputs": inputs}


def readme(roadmap: PublicRoadmap, lang: str, files: list[str]) -> bytes:
    """What the files are, how they are shaped and under which licence, in ``lang``."""
    t = DocumentTexts("en" if lang == "en" else "tr")
    text = t(
        "open_data_readme",
        municipality=roadmap.municipality_name,
        release=roadmap.release,
        published=roadmap.published.isoformat() if roadmap.published else "",
        files=files,
        licence=roadmap.licence,
        licence_url=roadmap.licence_url,
    )
    return (text + "\n").encode("utf-8")
