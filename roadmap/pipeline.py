"""Building the roadmap document, step by step.

The same step functions run directly (interactive export) or as Prefect tasks (``flows/``);
``build_roadmap_document`` takes the steps as a parameter, so both paths share one implementation.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from roadmap.analysis.stakeholders import numbered
from roadmap.domain.catalogues import instrument
from roadmap.domain.content import RoadmapData
from roadmap.domain.stages import Stage, Status
from roadmap.domain.validation import ProgrammeRules
from roadmap.render.analysis import Analysis, analyse
from roadmap.render.document import Charts, DocumentMeta, write_roadmap_document
from roadmap.render.texts import DocumentTexts
from roadmap.services.stages import StageStatus, StatusReport, municipality_state
from roadmap.settings import Language, get_settings
from roadmap.text import message


class BuildResult(BaseModel):
    slug: str
    path: Path
    lang: Language
    draft: bool
    waiting: list[StageStatus]

    def summary(self) -> str:
        """A short Markdown report: where the document is and what the process waits for."""
        lines = [f"**{self.slug}**: `{self.path}`", ""]
        if self.draft:
            lines.append(message("cli.draft_note", self.lang))
        for item in self.waiting:
            stage = message(f"stage.{item.stage.key}", self.lang)
            lines.append(f"- {stage}: {message(item.next_step, self.lang)}")
        return "\n".join(lines)


class RoadmapState(BaseModel):
    """One municipality's content and where each stage stands, read together."""

    data: RoadmapData
    progress: StatusReport


def load_roadmap(slug: str) -> RoadmapState:
    """Read every stage of one municipality, and its review status, from the database."""
    data, progress = municipality_state(slug)
    return RoadmapState(data=data, progress=progress)


def analyse_roadmap(data: RoadmapData, lang: Language) -> Analysis:
    """Needs scores, focus ranking, stakeholder grid and consultation coverage."""
    return analyse(data, lang)


def draw_charts(data: RoadmapData, analysis: Analysis, lang: Language) -> Charts:
    """Radar, ranking, power/interest grid and timeline as PNG images."""
    from roadmap.render import charts

    t = DocumentTexts(lang)
    dimension_titles = {d.id: d.title(lang) for d in instrument().dimensions}
    return Charts(
        radar=charts.radar_chart(analysis.findings, dimension_titles, (t("col_staff"), t("col_civic")))
        if data.needs.responses
        else None,
        dimensions=charts.dimension_bar_chart(analysis.findings, dimension_titles, t("axis_mean"))
        if data.needs.responses
        else None,
        ranking=charts.ranking_chart(analysis.ranking, data.focus.weights, t.raw("focus_legend"))
        if analysis.ranking
        else None,
        grid=charts.power_interest_chart(
            [(number, s) for number, _, s in numbered(analysis.grid)],
            (t("axis_interest"), t("axis_power")),
            [
                t.label("quadrant", q)
                for q in ("manage_closely", "keep_satisfied", "keep_informed", "monitor")
            ],
        )
        if any(analysis.grid.values())
        else None,
        gantt=charts.gantt_chart(data.plan, t("month")) if data.plan.actions() else None,
    )


def write_document(
    state: RoadmapState,
    analysis: Analysis,
    charts: Charts,
    lang: Language,
    out: Path,
    reference: Path,
) -> Path:
    """Write the .docx atomically: a reader never sees a half-written file."""
    data, report = state.data, state.progress
    unapproved = [
        int(s.stage) for s in report.stages if s.stage < Stage.SHARE and s.status != Status.APPROVED
    ]
    meta = DocumentMeta(
        today=date.today(),
        version=str(sum(s.version for s in report.stages)),
        draft=bool(unapproved),
        unapproved=unapproved,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.stem}-", suffix=".docx")
    os.close(handle)
    try:
        write_roadmap_document(
            data,
            analysis,
            charts,
            lang,
            meta,
            reference,
            Path(temporary),
            ProgrammeRules().hours_target,
        )
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; give it a normal file's mode
        os.replace(temporary, out)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@dataclass(frozen=True)
class Steps:
    load: Callable[..., Any] = load_roadmap
    analyse: Callable[..., Any] = analyse_roadmap
    charts: Callable[..., Any] = draw_charts
    write: Callable[..., Any] = write_document


DIRECT = Steps()


def default_output(slug: str, lang: Language) -> Path:
    return get_settings().out_dir / f"{slug}-yol-haritasi-{lang}.docx"


def build_roadmap_document(
    slug: str,
    lang: Language | None = None,
    out: Path | None = None,
    reference: Path | None = None,
    steps: Steps = DIRECT,
) -> BuildResult:
    """Every automatic step whose inputs are ready: read, analyse, draw, write, report."""
    settings = get_settings()
    lang = lang or settings.language
    out = Path(out or default_output(slug, lang)).resolve()
    state = steps.load(slug)
    analysis = steps.analyse(state.data, lang)
    charts = steps.charts(state.data, analysis, lang)
    path = steps.write(state, analysis, charts, lang, out, reference or settings.reference_docx)
    report = state.progress
    return BuildResult(
        slug=slug,
        path=path,
        lang=lang,
        draft=any(s.status != Status.APPROVED for s in report.stages if s.stage < Stage.SHARE),
        waiting=report.waiting(),
    )
