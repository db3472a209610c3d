"""Building the roadmap document, step by step.

The same step functions run directly (interactive export) or as Prefect tasks (``flows/``);
``build_roadmap_document`` takes the steps as a parameter, so both paths share one implementation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from pydantic import BaseModel

from roadmap.analysis.stakeholders import numbered
from roadmap.atomic import place, write_atomically, write_partial
from roadmap.domain.content import RoadmapData, Stakeholder
from roadmap.domain.stages import Stage, Status
from roadmap.domain.translation import in_english, points_in_english
from roadmap.domain.validation import ProgrammeRules
from roadmap.errors import InvalidInput, TransitionRefused
from roadmap.i18n import DEFAULT_LANGUAGE, message
from roadmap.render import native_charts as native
from roadmap.render.analysis import Analysis, analyse
from roadmap.render.charts import (
    NUMBERS_UP_TO,
    dimension_bar_chart,
    gantt_chart,
    power_interest_chart,
    radar_chart,
    ranking_chart,
)
from roadmap.render.context import Charts
from roadmap.render.document import DocumentMeta, write_roadmap_document
from roadmap.render.pdf import docx_to_pdf, libreoffice_available
from roadmap.render.texts import DocumentTexts
from roadmap.render.word_comments import identifier
from roadmap.services.access import SYSTEM, SystemActor, Who
from roadmap.services.exports import ExportState, export_state, record_export, record_export_pdf
from roadmap.services.stages import StageStatus
from roadmap.settings import Language, get_settings
from roadmap.store.files import file_store, sha256_of


class BuildResult(BaseModel):
    slug: str
    path: Path
    lang: Language
    number: int  # the export's own number
    draft: bool
    waiting: list[StageStatus]
    version: int = 0  # the data's version, as the cover names it
    pdf: Path | None = None
    unchanged: bool = False  # nothing changed since the last export of this language: not rebuilt

    def summary(self) -> str:
        """A short Markdown report: where the document is and what the process waits for."""
        lines = [f"**{self.slug}** (v{self.version}, #{self.number}): `{self.path}`", ""]
        if self.draft:
            lines.append(message("cli.draft_note", self.lang))
        for item in self.waiting:
            stage = message(f"stage.{item.stage.key}", self.lang)
            lines.append(f"- {stage}: {message(item.next_step, self.lang)}")
        return "\n".join(lines)


class ExportOptions(BaseModel):
    """What the person asked for: language, where, which styles, with review comments or not."""

    lang: Language
    out: Path
    reference: Path
    with_comments: bool = False
    pdf: bool = False
    actor: str = SYSTEM.email  # who asked: an e-mail, or "system:<name>" for the programme's automation
    layout: bool = False  # LibreOffice lays the document out and the contents get their page numbers


def wants_layout(asked: bool | None) -> bool:
    """A layout pass if asked for, else as the settings say ("auto": when LibreOffice is installed)."""
    if asked is not None:
        return asked
    setting = get_settings().document_layout
    return setting == "always" or (setting == "auto" and libreoffice_available())


def acting(actor: str) -> Who:
    """The acting person for the services: "system:…" (only code writes it) is the system actor."""
    return SystemActor(actor.removeprefix("system:")) if actor.startswith("system:") else actor


def load_roadmap(slug: str, with_last: bool = False, actor: str = SYSTEM.email) -> ExportState:
    """Read every stage of one municipality, its review status and open comments, from the database."""
    return export_state(acting(actor), slug, with_last)


def analyse_roadmap(data: RoadmapData, lang: Language) -> Analysis:
    """Needs scores, focus ranking, stakeholder grid and consultation coverage."""
    return analyse(data, lang)


@dataclass(frozen=True)
class _ChartWords:
    """What both the web's pictures and the document's native charts are drawn from: the data to
    show and the words that label it, in one language."""

    t: DocumentTexts
    titles: dict[str, str]  # dimension id → its title
    answered: bool  # any survey responses to draw
    groups: tuple[str, str]  # staff, civic actors
    legend: tuple[str, str]  # strengths, areas to develop
    quadrants: list[str]
    placed: list[tuple[int, Stakeholder]]  # (row number in the tables, stakeholder)
    axes: tuple[str, str]  # interest, power
    kinds: tuple[str, str]  # internal, external: the power/interest picture's key
    goals: dict[int, str]  # goal number → its legend name

    @classmethod
    def of(cls, data: RoadmapData, analysis: Analysis, lang: Language) -> _ChartWords:
        t = DocumentTexts(lang)
        return cls(
            t=t,
            titles={d.id: d.title(lang) for d in data.catalogues.instrument.dimensions},
            answered=bool(data.needs.responses),
            groups=(t("col_staff"), t("col_civic")),
            legend=(t("legend_strength"), t("legend_develop")),
            quadrants=[
                t.label("quadrant", q)
                for q in ("manage_closely", "keep_satisfied", "keep_informed", "monitor")
            ],
            placed=[(number, s) for number, _, s in numbered(analysis.grid)],
            axes=(t("axis_interest"), t("axis_power")),
            kinds=(t.label("audience", "internal"), t.label("audience", "external")),
            goals={n: t("gantt_goal", number=n) for n in range(1, len(data.plan.goals) + 1)},
        )


def _chart_makers(
    data: RoadmapData, analysis: Analysis, lang: Language
) -> dict[str, Callable[[], bytes | None]]:
    """One drawing function per chart, each returning None when its stage has nothing to show yet."""
    w = _ChartWords.of(data, analysis, lang)
    return {
        "radar": lambda: radar_chart(analysis.findings, w.titles, w.groups) if w.answered else None,
        "dimensions": lambda: (
            dimension_bar_chart(analysis.findings, w.titles, w.t("axis_mean"), w.legend)
            if w.answered
            else None
        ),
        "ranking": lambda: (
            ranking_chart(analysis.ranking, data.focus.weights, w.t.raw("focus_legend"))
            if analysis.ranking
            else None
        ),
        "grid": lambda: power_interest_chart(w.placed, w.axes, w.quadrants, w.kinds) if w.placed else None,
        "gantt": lambda: gantt_chart(data.plan, w.t("month"), w.goals, lang) if data.plan.actions() else None,
    }


CHART_NAMES = ("radar", "dimensions", "ranking", "grid", "gantt")


def draw_chart(data: RoadmapData, analysis: Analysis, lang: Language, name: str) -> bytes | None:
    """One chart (for a web page), or None if its stage has nothing to draw yet."""
    return _chart_makers(data, analysis, lang)[name]()


def draw_charts(data: RoadmapData, analysis: Analysis, lang: Language) -> Charts:
    """Radar, dimension bars, focus ranking, power/interest grid and timeline as native Word charts
    (the same data and words as the web pages' pictures)."""
    w = _ChartWords.of(data, analysis, lang)
    t = w.t
    audience = (t.label("audience", "internal"), t.label("audience", "external"))
    many = len(w.placed) > NUMBERS_UP_TO
    return Charts(
        radar=native.radar(analysis.findings, w.titles, w.groups, t("caption_radar"), lang)
        if w.answered
        else None,
        dimensions=(
            native.dimension_bars(
                analysis.findings, w.titles, t("axis_mean"), w.legend, t("caption_ranked"), lang
            )
            if w.answered
            else None
        ),
        ranking=(
            native.ranking(
                analysis.ranking, data.focus.weights, t.raw("focus_legend"), t("caption_focus"), lang
            )
            if analysis.ranking
            else None
        ),
        grid=(
            native.power_interest(w.placed, w.axes, audience, w.quadrants, t("caption_grid"), lang)
            if w.placed and not many
            else None
        ),
        # Very many stakeholders: one bubble per cell, as a picture (a bubble chart's labels, sized by
        # count, are not drawn alike by Word and LibreOffice).
        grid_picture=power_interest_chart(w.placed, w.axes, w.quadrants, w.kinds) if many else None,
        gantt=(
            native.gantt(data.plan, w.goals, lang, t("caption_gantt", months=data.plan.months))
            if data.plan.actions()
            else None
        ),
    )


def _unapproved(state: ExportState) -> list[int]:
    return [
        int(s.stage) for s in state.progress.stages if s.stage < Stage.SHARE and s.status != Status.APPROVED
    ]


def write_document(state: ExportState, analysis: Analysis, charts: Charts, options: ExportOptions) -> Path:
    """Write the .docx beside its place, not in it: :func:`record_document` records it, then places it."""
    unapproved = _unapproved(state)
    meta = DocumentMeta(
        today=date.today(),
        version=str(state.version),
        identifier=identifier(state.data.slug, state.next_number),
        draft=bool(unapproved),
        unapproved=unapproved,
        open_points=state.progress.checks,
        untranslated=state.untranslated,
    )
    return write_partial(
        options.out,
        lambda temporary: write_roadmap_document(
            state.data,
            analysis,
            charts,
            options.lang,
            meta,
            options.reference,
            temporary,
            ProgrammeRules().hours_target,
            state.comments if options.with_comments else [],
            options.layout,
        ),
    )


def write_pdf(path: Path, options: ExportOptions, slug: str, number: int) -> Path | None:
    """A PDF beside the document, with the contents' page numbers filled in by LibreOffice (if asked),
    kept with export ``number`` in the file store: a version's PDF is part of the version."""
    if not options.pdf:
        return None
    pdf = docx_to_pdf(path, path.with_suffix(".pdf"))
    kept = record_export_pdf(acting(options.actor), slug, number, pdf)
    if kept != sha256_of(
        pdf.read_bytes()
    ):  # a retried step: the version keeps its first PDF, and so does the disk
        first = file_store().get(kept, pdf.name)
        write_atomically(pdf, lambda temporary: temporary.write_bytes(first))
    return pdf


def record_document(state: ExportState, options: ExportOptions, written: Path) -> int:
    """Keep this export as a numbered version (the document and the data it came from), then put the
    file in its place: a document on disk always names a version that is recorded with its content.
    Killed in between, the old file stays where it was and the partial one is removed next time."""
    try:
        number = record_export(
            acting(options.actor),
            state.data.slug,
            state.next_number,
            options.lang,
            options.with_comments,
            bool(_unapproved(state)),
            state.data,
            written,
            state.version,
        )
    except BaseException as error:
        from roadmap.batch import RETRY  # lazy: batch builds on this module

        if not RETRY.worth_another(error):  # a transient failure is retried with the same file
            written.unlink(missing_ok=True)
        raise
    place(written, options.out)
    return number


@dataclass(frozen=True)
class Steps:
    load: Callable[..., Any] = load_roadmap
    analyse: Callable[..., Any] = analyse_roadmap
    charts: Callable[..., Any] = draw_charts
    write: Callable[..., Any] = write_document
    pdf: Callable[..., Any] = write_pdf
    record: Callable[..., Any] = record_document


DIRECT = Steps()


def default_output(slug: str, lang: Language) -> Path:
    return get_settings().out_dir / f"{slug}-yol-haritasi-{lang}.docx"


def build_roadmap_document(
    slug: str,
    lang: Language | None = None,
    out: Path | None = None,
    reference: Path | None = None,
    steps: Steps = DIRECT,
    with_comments: bool = False,
    actor: str = SYSTEM.email,
    pdf: bool = False,
    skip_unchanged: bool = False,
    layout: bool | None = None,
) -> BuildResult:
    """Every automatic step whose inputs are ready: read, analyse, draw, write, record, report.

    With ``skip_unchanged``, a municipality whose data is the same as at its newest export (in this
    language, with the document still on disk) is not built again: re-running a cohort is cheap and
    a retried task does not add a version.
    """
    settings = get_settings()
    lang = lang or DEFAULT_LANGUAGE
    options = ExportOptions(
        lang=lang,
        out=Path(out or default_output(slug, lang)).resolve(),
        reference=check_template(reference or settings.reference_docx),
        with_comments=with_comments,
        pdf=pdf,
        actor=actor,
        layout=wants_layout(layout),
    )
    state = steps.load(slug, skip_unchanged, actor)
    refuse_blocked_final(state)
    if skip_unchanged and state.unchanged(lang) and options.out.exists():
        return BuildResult(
            slug=slug,
            path=options.out,
            lang=lang,
            number=state.next_number - 1,
            version=state.version,
            draft=bool(_unapproved(state)),
            waiting=state.progress.waiting(),
            unchanged=True,
        )
    # The data as this edition's reader reads it: in English, the team's English versions where they
    # are of the current Turkish, else the Turkish marked; the export records the data itself.
    edition = english_edition(state) if lang == "en" else state
    analysis = steps.analyse(edition.data, lang)  # with the cohort's own instrument and catalogue, if any
    charts = steps.charts(edition.data, analysis, lang)
    written = steps.write(edition, analysis, charts, options)
    number = steps.record(state, options, written)
    path = options.out
    pdf_path = steps.pdf(path, options, slug, number)
    return BuildResult(
        slug=slug,
        path=path,
        lang=lang,
        number=number,
        version=state.version,
        draft=bool(_unapproved(state)),
        waiting=state.progress.waiting(),
        pdf=pdf_path,
    )


def english_edition(state: ExportState) -> ExportState:
    """The state with its data in English; a final English edition is refused while a text has no
    up-to-date English version, unless a consultant waived that (audited)."""
    english, missing = in_english(state.data)
    if missing and not _unapproved(state):
        waived = any(f.code == "translations.missing" and f.state == "waived" for f in state.progress.checks)
        if not waived:
            raise TransitionRefused("refused.english_incomplete", count=len(missing))
    progress = state.progress.model_copy(update={"checks": points_in_english(state.progress.checks, english)})
    return state.model_copy(update={"data": english, "progress": progress, "untranslated": len(missing)})


def refuse_blocked_final(state: ExportState) -> None:
    """A final document (every stage approved) is not made while a blocking point of the checklist
    stands open: a minor named without a guardian's consent, an input left unanswered, …"""
    if not _unapproved(state):
        blocked = [f for f in state.progress.checks if f.family == "check" and f.blocks]
        if blocked:
            raise TransitionRefused("refused.final_blocked", blocked)


def check_template(path: Path) -> Path:
    """A reference document that python-docx can open, or a clear error before any work is done."""
    try:
        Document(str(path))
    except Exception:  # python-docx raises several kinds for a missing or damaged file
        raise InvalidInput("export.template_bad", path=Path(path).name) from None
    return Path(path).resolve()
