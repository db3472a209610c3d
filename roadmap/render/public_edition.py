"""The public edition of the roadmap as a Word document, written from the published data alone.

It takes a :class:`~roadmap.domain.publication.PublicRoadmap` (the allow-listed fields), never the
working data: whatever is not in the allow-list cannot reach the document.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from roadmap.domain.publication import PublicRoadmap
from roadmap.render.document import name_upper
from roadmap.render.texts import DocumentTexts
from roadmap.render.word import WordBuilder
from roadmap.settings import Language
from roadmap.text import long_date, number, upper

DASH = "—"


def figure(value: float | None, lang: Language, digits: int = 1) -> str:
    """A value as people write it: "60", "2,5" (no ",0" on whole numbers)."""
    if value is None:
        return DASH
    return number(value, lang, 0 if float(value).is_integer() else digits)


def write_public_edition(roadmap: PublicRoadmap, reference: Path, out: Path) -> None:
    """Write the public edition of ``roadmap`` (in its own language) to ``out``."""
    lang: Language = "en" if roadmap.language == "en" else "tr"
    t, w = DocumentTexts(lang), WordBuilder(reference, lang)
    published = roadmap.published or date.today()
    for _ in range(4):
        w.paragraph()
    w.paragraph(name_upper(roadmap.municipality_name, lang), style="Subtitle")
    w.paragraph(upper(t("title"), lang), style="Title")
    w.paragraph(t("pub_mark"), style="Cover Mark")
    w.paragraph()
    if roadmap.programme:
        w.paragraph(t("cover_programme", programme=roadmap.programme))
    w.paragraph(t("pub_release", number=roadmap.release, date=long_date(published, lang)))
    w.paragraph()
    w.paragraph(t("pub_licence"), style="Caption")
    w.paragraph(t("pub_privacy"), style="Caption")
    w.page_break()
    w.table_of_contents(t("toc"), "", t("list_tables"))
    w.page_break()

    if roadmap.foreword:
        w.heading(t("h_foreword"))
        w.paragraphs(roadmap.foreword)
        if roadmap.foreword_signatory:
            w.signature(roadmap.foreword_signatory, roadmap.foreword_title)
    if roadmap.summary:
        w.heading(t("h_summary"))
        w.paragraphs(roadmap.summary)
    if roadmap.vision:
        w.heading(t("pub_vision"))
        w.paragraphs(roadmap.vision)

    w.heading(t("pub_h_team"))
    w.paragraph(
        t(
            "pub_team",
            size=roadmap.team_size,
            directorates=roadmap.team_directorates,
            hours=number(roadmap.team_hours, lang, 0),
        )
    )

    w.heading(t("pub_h_needs"))
    w.paragraph(t("pub_needs", staff=roadmap.survey_staff, civic=roadmap.survey_civic))
    if roadmap.dimensions:
        w.table(
            [t("col_dimension"), t("col_staff"), t("col_civic")],
            [[d.title, figure(d.staff, lang), figure(d.civic, lang)] for d in roadmap.dimensions],
            (10, 3, 3),
            t("table_dimensions"),
        )

    w.heading(t("pub_h_focus"))
    for area in roadmap.focus_areas:
        w.heading(area.title, 2)
        if area.justification:
            w.labelled(t("justification"), area.justification)

    w.heading(t("pub_h_stakeholders"))
    w.paragraph(t("pub_stakeholders", total=roadmap.stakeholders_total))
    w.table(
        [t("col_quadrant"), t("col_type"), t("col_count")],
        [
            [
                t.label("quadrant", c.quadrant) if c.quadrant != "unplaced" else t("pub_unplaced"),
                t.label("type", c.type),
                str(c.count),
            ]
            for c in roadmap.stakeholder_counts
        ],
        (6, 6, 3),
        t("pub_h_stakeholders"),
    )
    if roadmap.organisations:
        w.paragraph(t("pub_organisations"), bold=True)
        w.bullets([f"{o.name} ({t.label('type', o.classification)})" for o in roadmap.organisations])
    else:
        w.paragraph(t("pub_organisations_none"))

    w.heading(t("pub_h_consultations"))
    w.paragraph(
        t(
            "pub_consultations",
            count=len(roadmap.meetings),
            people=sum(m.participants for m in roadmap.meetings),
            inputs=len(roadmap.inputs),
        )
    )
    w.table(
        [t("col_no"), t("col_meeting"), t("col_date"), t("col_participants"), t("col_organisations")],
        [
            [
                m.code or str(n),
                m.title,
                long_date(m.day, lang),
                str(m.participants),
                str(m.organisations),
            ]
            for n, m in enumerate(roadmap.meetings, start=1)
        ],
        (1.5, 7, 3.5, 2.5, 2.5),
        t("table_meetings"),
    )
    codes = {a.id: a.code for a in roadmap.actions}
    w.table(
        [t("col_no"), t("col_input"), t("col_response_given"), t("col_action")],
        [
            [
                i.code,
                i.text,
                (t.label("response", i.response) if i.response else DASH)
                + (f": {i.reason}" if i.reason else ""),
                codes.get(i.action, DASH),
            ]
            for i in roadmap.inputs
        ],
        (1.5, 7.5, 6, 2),
        t("table_inputs", area=t("pub_h_consultations")),
    )

    w.heading(t("pub_h_actions"))
    for goal in roadmap.goals:
        w.heading(t("pub_goal", code=goal.code, title=goal.title), 2)
        for action in (a for a in roadmap.actions if a.goal == goal.code):
            w.heading(t("pub_action", code=action.code, title=action.title), 3)
            if action.problem:
                w.labelled(t("pub_problem"), action.problem)
            w.labelled(t("pub_lead"), action.lead or DASH)
            supporting = ", ".join(action.supporting)
            if action.supporting_unnamed:
                more = t("pub_supporting_unnamed", count=action.supporting_unnamed, named=bool(supporting))
                supporting = f"{supporting} {more}" if supporting else more
            if supporting:
                w.labelled(t("pub_supporting"), supporting)
            if action.start and action.end:
                w.labelled(
                    t("pub_period"), f"{long_date(action.start, lang)} – {long_date(action.end, lang)}"
                )
            if action.budget_try:
                w.labelled(t("pub_budget"), f"{number(action.budget_try, lang, 0)} TL")
            answered = [i.code for i in roadmap.inputs_of(action)]
            if answered:
                w.labelled(t("pub_answers"), ", ".join(answered))
            if action.indicators:
                w.table(
                    [
                        t("col_indicator"),
                        t("col_unit"),
                        t("col_baseline"),
                        t("col_target"),
                        t("col_period_targets"),
                    ],
                    [
                        [
                            i.title,
                            i.measure or DASH,
                            figure(i.baseline, lang),
                            figure(i.target, lang),
                            "; ".join(f"{p.label}: {figure(p.target, lang)}" for p in i.periods) or DASH,
                        ]
                        for i in action.indicators
                    ],
                    (6, 3, 2, 2, 4),
                    t("pub_action", code=action.code, title=action.title),
                )

    w.heading(t("pub_h_monitoring"))
    if roadmap.monitoring or roadmap.monitoring_frequency:
        w.labelled(
            t("pub_monitoring"),
            " — ".join(x for x in (roadmap.monitoring, roadmap.monitoring_frequency) if x),
        )
    if roadmap.institutionalisation:
        w.labelled(t("pub_institutionalisation"), roadmap.institutionalisation)
    w.heading(t("pub_shared"), 2)
    if roadmap.shares:
        w.table(
            [t("col_audience_share"), t("col_channel"), t("col_date"), t("col_response_given")],
            [
                [s.audience, s.channel or DASH, long_date(s.day, lang) if s.day else DASH, s.response or DASH]
                for s in roadmap.shares
            ],
            (4.5, 3.5, 3.5, 5.5),
            t("table_shared"),
        )
    else:
        w.paragraph(t("pub_shared_none"))

    w.heading(t("pub_h_open_data"))
    w.paragraph(t("pub_open_data"))
    w.paragraph(t("pub_licence"))

    w.fill_table_of_contents()
    properties = w.document.core_properties
    properties.identifier = f"{roadmap.municipality}:release:{roadmap.release}"
    properties.version = str(roadmap.release)
    properties.author = properties.last_modified_by = roadmap.municipality_name
    properties.created = properties.modified = datetime.now(UTC)
    properties.title = f"{roadmap.municipality_name} — {t('title')}"
    properties.subject = roadmap.programme
    properties.content_status = t("pub_mark")
    properties.comments = t("pub_licence")
    w.header_and_footer(f"{roadmap.municipality_name} — {t('title')} — {t('pub_mark')}", t("page"))
    w.save(out)
