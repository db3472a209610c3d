"""Read-only views of a stage's results: needs, focus, stakeholders, meetings, coverage, actions."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from roadmap.cli import (
    Actor,
    Slug,
    _lang,
    app,
    console,
    say,
    stakeholders_app,
)
from roadmap.errors import InvalidInput
from roadmap.text import money, number


@app.command()
def needs(slug: Slug, actor: Actor = None) -> None:
    """İhtiyaç analizi bulguları: boyut puanları, güçlü yönler, gelişim alanları, algı farkı.

    Örnek: roadmap needs ornekkoy
    """
    from roadmap.analysis.needs import MIN_RESPONDENTS
    from roadmap.services.consultations import read_data
    from roadmap.services.needs import findings as needs_findings

    result = needs_findings(actor, slug)
    lang = _lang()
    titles = {d.id: d.title(lang) for d in read_data(actor, slug).catalogues.instrument.dimensions}
    table = Table(
        *(
            say(f"needs.header.{h}")
            for h in ("dimension", "staff", "civic", "overall", "spread", "gap", "people")
        ),
        title=say("needs.title", staff=result.staff_responses, civic=result.civic_responses),
    )

    def fmt(value: float | None) -> str:
        return "—" if value is None else number(value, lang, 2)

    for d in result.dimensions:
        mark = " *" if d.staff.thin or d.civic.thin else ""
        table.add_row(
            titles[d.id] + mark,
            fmt(d.staff.mean),
            fmt(d.civic.mean),
            fmt(d.overall.mean),
            fmt(d.overall.spread),
            fmt(d.gap),
            str(d.overall.respondents),
        )
    console.print(table)
    for key, items in (
        ("needs.strengths", result.strengths()),
        ("needs.develop", result.areas_to_develop()),
        ("needs.gaps", result.notable_gaps()),
    ):
        names = ", ".join(
            f"{titles[d.id]} ({fmt(d.gap if key == 'needs.gaps' else d.overall.mean)})" for d in items
        )
        console.print(f"[bold]{say(key)}:[/] {names or '—'}")
    if result.thin_scores():
        console.print(say("needs.thin", min=MIN_RESPONDENTS))
    if result.directorates:
        by_unit = Table(
            say("needs.directorates.directorate"),
            say("needs.header.people"),
            *(titles[d.id] for d in result.dimensions),
            title=say("needs.directorates.title"),
        )
        for row in result.directorates:
            by_unit.add_row(
                row.directorate,
                str(row.respondents),
                *(fmt(row.dimensions[d.id].mean) for d in result.dimensions),
            )
        console.print(by_unit)
    if result.directorates or result.directorates_hidden:
        console.print(say("needs.directorates.note", min=MIN_RESPONDENTS, hidden=result.directorates_hidden))


@app.command()
def focus(slug: Slug, actor: Actor = None) -> None:
    """Aday odak alanlarının sıralaması ve her sıranın nedeni.

    Örnek: roadmap focus ornekkoy
    """
    from roadmap.explain import focus_reason
    from roadmap.services.focus import focus_ranking

    result = focus_ranking(actor, slug, _lang())
    lang = _lang()
    table = Table(
        *(say(f"focus.header.{h}") for h in ("rank", "area", "score", "selected", "reason")),
        title=say("focus.title", name=result.name),
        show_lines=True,
    )
    for r in result.ranking:
        table.add_row(
            str(r.rank),
            r.title,
            number(r.score, lang, 1),
            say("word.yes") if r.selected else say("word.no"),
            focus_reason(r, result.weights, lang),
        )
    console.print(table)
    w = result.weights
    console.print(
        say(
            "focus.weights",
            need=number(w.need, lang, 2),
            strategy=number(w.strategy, lang, 2),
            local=number(w.local, lang, 2),
            feasibility=number(w.feasibility, lang, 2),
        )
    )


@stakeholders_app.command("show")
def stakeholders(
    slug: Slug,
    quadrant: Annotated[
        str | None,
        typer.Option("--quadrant", help="Yalnızca bu bölge, ör. manage_closely ya da 'yakından yönet'."),
    ] = None,
    actor: Actor = None,
) -> None:
    """Paydaşlar güç/ilgi bölgelerine göre, uyarılarla birlikte.

    Örnek: roadmap stakeholders show ornekkoy --quadrant "yakından yönet"  (ya da: roadmap stakeholders ornekkoy)
    """
    from roadmap.analysis.stakeholders import Quadrant
    from roadmap.render.texts import DocumentTexts
    from roadmap.services.stakeholders import stakeholder_register
    from roadmap.text import fold_name

    lang = _lang()
    labels = DocumentTexts(lang)
    wanted = list(Quadrant)
    if quadrant:
        names = {
            fold_name(key): q
            for q in Quadrant
            for key in (
                q.value,
                labels.label("quadrant", q.value),
                DocumentTexts("en").label("quadrant", q.value),
            )
        }
        if fold_name(quadrant) not in names:
            raise InvalidInput(
                "stakeholders.unknown_quadrant", value=quadrant, names=", ".join(q.value for q in Quadrant)
            )
        wanted = [names[fold_name(quadrant)]]
    register = stakeholder_register(actor, slug, _lang())
    console.print(f"[bold]{say('stakeholders.title', name=register.name)}[/]")
    for q in wanted:
        table = Table(
            *(
                say(f"stakeholders.header.{h}")
                for h in ("name", "type", "power", "interest", "level", "focus")
            ),
            title=labels.label("quadrant", q.value),
        )
        for s in register.grid[q]:
            table.add_row(
                s.name,
                labels.label("type", s.type.value),
                str(s.power),
                str(s.interest),
                labels.label("level", s.level.value) if s.level else "—",
                ", ".join(register.focus_titles.get(c, c) for c in s.focus_areas) or "—",
            )
        console.print(table)
    if register.unplaced:
        console.print(say("stakeholders.unplaced", names=", ".join(s.name for s in register.unplaced)))
    texts = register.warning_texts(lang)
    if texts:
        console.print(f"[bold]{say('stakeholders.warnings')}:[/]")
        for text in texts:
            console.print(f"  ⚠ {text}")


@app.command()
def meetings(slug: Slug, actor: Actor = None) -> None:
    """Planlanan ve yapılan katılım toplantıları.

    Örnek: roadmap meetings ornekkoy
    """
    from roadmap.services.consultations import read_data
    from roadmap.text import long_date

    data = read_data(actor, slug)
    lang = _lang()
    table = Table(
        *(
            say(f"meetings.header.{h}")
            for h in ("code", "when", "title", "audience", "state", "people", "inputs")
        ),
        title=say("meetings.title", name=data.name),
    )
    for n, m in enumerate(data.consultations.meetings, start=1):
        when = long_date(m.day, lang) + (f" {m.time:%H:%M}" if m.time else "")
        table.add_row(
            m.code or str(n),
            when,
            m.title,
            say(f"meetings.{m.audience}"),
            say("meetings.held") if m.held else say("meetings.planned"),
            str(m.participants.total) if m.held else "—",
            str(len(m.inputs)),
        )
    console.print(table)


@app.command()
def coverage(slug: Slug, actor: Actor = None) -> None:
    """Kimlere ulaşıldı: odak alanları, önemli paydaşlar, görüşler ve yanıtlar.

    Örnek: roadmap coverage ornekkoy
    """
    from roadmap.domain.catalogues import focus_titles
    from roadmap.services.consultations import coverage_report

    data, cov = coverage_report(actor, slug)
    lang = _lang()
    titles = focus_titles(data.focus, lang, data.catalogues.catalogue)

    def area(codes: list[str]) -> str:
        return ", ".join(titles.get(c, c) for c in codes) or "—"

    console.print(f"[bold]{say('coverage.title', name=data.name)}[/]")
    console.print(say("coverage.consulted", areas=area(cov.consulted_focus)))
    console.print(say("coverage.unconsulted", areas=area(cov.unconsulted_focus)))
    console.print(say("coverage.not_invited", names=", ".join(cov.not_invited) or "—"))
    console.print(say("coverage.not_attended", names=", ".join(cov.invited_not_attended) or "—"))
    share = "—" if cov.answered_share is None else number(100 * cov.answered_share, lang, 0)
    console.print(say("coverage.inputs", count=sum(cov.inputs_per_focus.values()), share=share))
    for code, count in cov.inputs_per_focus.items():
        console.print(
            say(
                "coverage.per_focus",
                area=titles.get(code, code),
                inputs=count,
                answered=cov.answered_per_focus.get(code, 0),
            )
        )
    p = cov.participation
    console.print(
        say(
            "coverage.participation",
            total=p.total,
            women=p.women if p.women is not None else "—",
            youth=p.youth if p.youth is not None else "—",
            disability=p.disability if p.disability is not None else "—",
        )
    )


@app.command()
def actions(
    slug: Slug,
    prefill: Annotated[
        bool, typer.Option("--prefill", help="Boş yol haritasını 1–4. aşamalardan doldur.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="--prefill ile: var olan amaçların üzerine yaz.")
    ] = False,
    actor: Actor = None,
) -> None:
    """Eylem planı: amaçlar ve eylemler; --prefill ile 1–4. aşamalardan bir taslak.

    Örnek: roadmap actions ornekkoy
    """
    from roadmap.services.consultations import prefill_roadmap, read_data

    lang = _lang()
    if prefill:
        plan = prefill_roadmap(actor, slug, force)
        console.print(
            say("cli.actions_prefilled", goals=len(plan.goals), actions=len(plan.actions()), slug=slug)
        )
        return
    data = read_data(actor, slug)
    table = Table(
        *(
            say(f"actions.header.{h}")
            for h in ("code", "action", "responsible", "months", "budget", "indicator")
        ),
        title=say("actions.title", name=data.name),
        show_lines=True,
    )
    for code, action in data.plan.codes().items():
        months = (
            f"{action.start_month}–{action.end_month}" if action.start_month and action.end_month else "—"
        )
        indicator = "; ".join(
            f"{i.name}: {number(i.target, lang, 0) if i.target is not None else '—'} {i.unit}"
            for i in action.indicators
        )
        table.add_row(
            code,
            action.title,
            action.responsible or "—",
            months,
            money(action.budget_try, lang) if action.budget_try else "—",
            indicator or "—",
        )
    console.print(table)
