"""The roadmap as a Word document: cover, contents, chapters (see ``chapters``), annexes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from roadmap.domain.checklist import Finding
from roadmap.domain.content import RoadmapData
from roadmap.domain.schedule import month_start
from roadmap.domain.translation import MARK
from roadmap.render import chapters, plan_chapters
from roadmap.render.analysis import Analysis
from roadmap.render.context import Charts, DocumentContext
from roadmap.render.word import WordBuilder
from roadmap.render.word_comments import add_review_comments, record_labels
from roadmap.settings import Language
from roadmap.text import long_date, month_year, number, tr_upper, upper

if TYPE_CHECKING:
    from roadmap.services.review import CommentView


class DocumentMeta(BaseModel):
    """What the cover says about this edition of the document."""

    today: date
    version: str
    identifier: str
    draft: bool
    unapproved: list[int]
    open_points: list[Finding] = []  # the checklist's points: a draft's annex, never the final document
    untranslated: int = 0  # an English edition: how many of the team's texts are printed in Turkish


def write_roadmap_document(
    data: RoadmapData,
    analysis: Analysis,
    charts: Charts,
    lang: Language,
    meta: DocumentMeta,
    reference: Path,
    out: Path,
    hours_target: float = 100,
    comments: list[CommentView] | None = None,
    layout: bool = False,
) -> None:
    """Write the whole document to ``out`` (the caller makes the write atomic); with ``layout``,
    LibreOffice lays it out and the contents page gets its page numbers written into the file."""
    ctx = DocumentContext(
        data,
        analysis,
        charts,
        lang,
        WordBuilder(reference, lang),
        hours_target,
        meta.open_points if meta.draft else [],
    )
    cover(ctx, meta)
    ctx.w.table_of_contents(ctx.t("toc"), ctx.t("list_figures"), ctx.t("list_tables"))
    ctx.w.page_break()
    for chapter in (
        foreword,
        summary,
        introduction,
        team,
        chapters.method,
        chapters.needs,
        chapters.focus,
        chapters.stakeholders,
        plan_chapters.consultations,
        plan_chapters.actions,
        plan_chapters.timeline,
        plan_chapters.monitoring,
        plan_chapters.institutionalisation,
        plan_chapters.sharing,
        plan_chapters.acknowledgements,
        plan_chapters.annexes,
    ):
        chapter(ctx)
    ctx.w.fill_table_of_contents()
    if comments:
        add_review_comments(ctx.w, comments, ctx.t, record_labels(data))
    properties = ctx.w.document.core_properties
    properties.identifier, properties.version = meta.identifier, meta.version
    properties.author = properties.last_modified_by = data.name
    properties.created = properties.modified = datetime.now(UTC)
    properties.title = f"{data.name} — {ctx.t('title')}"
    properties.subject, properties.content_status = (
        data.programme,
        ctx.t("mark_draft" if meta.draft else "mark_final"),
    )
    mark = ctx.t("mark_draft") if meta.draft else ctx.t("mark_final")
    # The identifier is kept in the properties and, since editors (LibreOffice among them) drop
    # properties on saving, in a small footer line: not on the cover, where an official reads.
    ctx.w.header_and_footer(f"{data.name} — {ctx.t('title')} — {mark}", ctx.t("page"), meta.identifier)
    ctx.w.save(out)
    if layout:
        from roadmap.render.pdf import lay_out  # lazy: starts LibreOffice

        ctx.w.set_contents_pages(lay_out(out))
        ctx.w.save(out)


def cover(ctx: DocumentContext, meta: DocumentMeta) -> None:
    w, t, plan = ctx.w, ctx.t, ctx.data.plan
    letterhead = w.letterhead_images()  # the municipality's logo, when its template's header has one
    if letterhead:
        w.logos(letterhead[:1], 2.4)
    for _ in range(2 if letterhead else 4):
        w.paragraph()
    w.paragraph(name_upper(ctx.data.name, ctx.lang), style="Subtitle")
    w.paragraph(upper(t("title"), ctx.lang), style="Title")
    w.paragraph(t("mark_draft") if meta.draft else t("mark_final"), style="Cover Mark")
    w.paragraph()
    if ctx.data.programme:
        w.paragraph(t("cover_programme", programme=ctx.data.programme))
    partners = ctx.data.catalogues.partners
    if partners:  # the programme's identity: its partners' logos, then their names
        w.logos([p.logo for p in partners if p.logo], 1.6)
        names = [p.name for p in partners]
        joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {t('word_and')} {names[-1]}"
        w.paragraph(t("cover_partners", partners=joined))
    if plan.start:
        end = month_start(plan.start, plan.months)
        period = f"{month_year(plan.start, ctx.lang)} – {month_year(end, ctx.lang)}"
        w.paragraph(t("cover_period", period=period))
    w.paragraph(t("cover_date", date=long_date(meta.today, ctx.lang)))
    w.paragraph(t("cover_version", version=meta.version))
    if meta.untranslated:  # said on the cover, where a reader of the English edition starts
        w.paragraph()
        w.paragraph(t("untranslated_note", count=meta.untranslated, mark=MARK.strip()), style="Caption")
    if meta.draft:
        w.paragraph()
        w.paragraph(t("draft_note", stages=meta.unapproved), style="Caption")
    w.page_break()


def name_upper(name: str, lang: Language) -> str:
    """The municipality's name in capitals: the Turkish proper name by Turkish rules in any language
    ("ÖRNEKKÖY"), the English of its kind by English ones ("MUNICIPALITY", not "MUNİCİPALİTY")."""
    if lang == "tr":
        return tr_upper(name)
    english = ("Metropolitan", "Municipality")
    return " ".join(word.upper() if word in english else tr_upper(word) for word in name.split())


def foreword(ctx: DocumentContext) -> None:
    """The mayor's words, signed (only when the team has written them)."""
    words = ctx.data.plan.foreword
    if not words.text:
        return
    ctx.w.heading(ctx.t("h_foreword"))
    ctx.w.paragraphs(words.text)
    if words.signatory:
        ctx.w.signature(words.signatory, words.title)


def summary(ctx: DocumentContext) -> None:
    if ctx.data.plan.summary:
        ctx.w.heading(ctx.t("h_summary"))
        ctx.w.paragraphs(ctx.data.plan.summary)


def introduction(ctx: DocumentContext) -> None:
    w, t = ctx.w, ctx.t
    w.heading(t("h_intro"))
    for text in t.paragraphs("intro", municipality=ctx.data.name, programme=ctx.data.programme or "—"):
        w.paragraph(text)
    if ctx.data.plan.vision:
        w.heading(t("vision_heading"), 2)
        w.paragraph(ctx.data.plan.vision)
    w.heading(t("h_legal"), 2)
    for text in t.paragraphs("legal"):
        w.paragraph(text)


def team(ctx: DocumentContext) -> None:
    w, t, members = ctx.w, ctx.t, ctx.data.team.members
    w.heading(t("h_team"))
    coordinator = next((m.name for m in members if m.is_coordinator), "—")
    directorates = len({m.directorate for m in members})
    for text in t.paragraphs(
        "team_intro", members=len(members), directorates=directorates, coordinator=coordinator
    ):
        w.paragraph(text)
    rows = [
        [m.name, m.directorate, m.role or "—", ", ".join(x for x in (m.email, m.phone) if x) or "—"]
        for m in members
    ]
    headers = [t("col_name"), t("col_directorate"), t("col_role"), t("col_contact")]
    w.table(headers, rows, (4, 5, 3, 5), t("table_team"))
    hours = number(ctx.data.team.total_hours(), ctx.lang, 0)
    w.paragraph(t("team_hours", hours=hours, target=number(ctx.hours_target, ctx.lang, 0)))
