"""``roadmap stakeholders reassess`` and ``roadmap stakeholders rounds``: the stakeholder map over time."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from roadmap.cli import Actor, Slug, _lang, console, say, stakeholders_app
from roadmap.errors import InvalidInput
from roadmap.text import long_date

Round = Annotated[
    str,
    typer.Option("--round", help="Tur: bir çeyrek (2027-Q1) ya da istek üzerine bir gün (2027-02-14)."),
]


def _arrow(before: tuple[int, int], after: tuple[int, int]) -> str:
    return say("rounds.scores", p1=before[0], i1=before[1], p2=after[0], i2=after[1])


@stakeholders_app.command("reassess")
def reassess_command(
    slug: Slug,
    label: Round,
    settings: Annotated[
        list[str] | None,
        typer.Option("--set", help="KOD=güç,ilgi; ör. P3=4,5 (kod ya da paydaşın adı). Tekrarlanabilir."),
    ] = None,
    contacts: Annotated[
        list[str] | None,
        typer.Option("--contact", help="Bu turda temas kurulan paydaş (kod ya da ad). Tekrarlanabilir."),
    ] = None,
    reason: Annotated[str, typer.Option("-m", "--message", help="Değişen puanların gerekçesi.")] = "",
    on: Annotated[
        str | None,
        typer.Option("--on", help="Bugünün yerine bu gün (YYYY-AA-GG), yeni bir çeyrek turu için."),
    ] = None,
    actor: Actor = None,
) -> None:
    """Paydaşların güç ve ilgisini bir turda yeniden puanlar; değişen her puan gerekçe ister. Tur yoksa açılır.

    Örnek: roadmap stakeholders reassess ornekkoy --round 2027-Q1 --set P3=4,5 --contact P7 -m "Meclis komisyonuna katıldı"
    """
    from roadmap.domain.rounds import ScoreEntry, parse_setting
    from roadmap.services.rounds import reassess

    entries = [parse_setting(text).model_copy(update={"reason": reason}) for text in settings or []]
    for who in contacts or []:
        same = next((e for e in entries if e.stakeholder == who), None)
        if same is not None:
            same.contact = True
        else:
            entries.append(ScoreEntry(stakeholder=who, reason=reason, contact=True))
    try:
        today = date.fromisoformat(on) if on else None
    except ValueError:
        raise InvalidInput("rounds.bad_day", value=on, field="on") from None
    result = reassess(actor, slug, label, entries, today=today)
    if result.opened:
        console.print(say("rounds.opened", label=result.label))
    console.print(say("rounds.recorded", label=result.label, count=result.recorded, contacts=result.contacts))
    for move in result.moves:
        console.print(f"  {move.code} {move.name}: {_arrow(move.before, move.after)} · {move.reason}")


@stakeholders_app.command("rounds")
def rounds_command(
    slug: Slug,
    label: Annotated[
        str | None, typer.Option("--round", help="Ayrıntısı gösterilecek tur (son tur).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Turun Word belgesi: oklu güç/ilgi ızgarası, değişiklikler.")
    ] = None,
    actor: Actor = None,
) -> None:
    """Paydaş haritasının turları: her turda ne değişti ve neden, kanıttan öneriler, sessiz kalan kilit paydaşlar.

    Örnek: roadmap stakeholders rounds ornekkoy --round 2027-Q1 --out paydas-turu.docx
    """
    from roadmap.services.rounds import stakeholder_rounds

    lang = _lang()
    view = stakeholder_rounds(actor, slug)
    console.print(f"[bold]{say('rounds.title', name=view.name)}[/]")
    if not view.approved:
        console.print(say("rounds.map_not_approved"))
    if not view.rounds:
        console.print(say("rounds.none"))
    else:
        table = Table(*(say(f"rounds.header.{h}") for h in ("round", "day", "kind", "scored", "changed")))
        for record in view.rounds:
            table.add_row(
                record.label,
                long_date(record.day, lang),
                say(f"rounds.kind.{record.kind.value}"),
                str(len(record.scores)),
                str(len(view.moves[record.label])),
            )
        console.print(table)
        shown = view.rounds[view.find(label)] if label else view.rounds[-1]
        changes = view.moves[shown.label]
        console.print(f"[bold]{say('rounds.changes', label=shown.label, count=len(changes))}[/]")
        for move in changes:
            console.print(f"  {move.code} {move.name}: {_arrow(move.before, move.after)} · {move.reason}")
        if out:
            from roadmap.render.rounds import write_rounds_document

            written = write_rounds_document(view, shown.label, lang, out)
            console.print(say("rounds.written", path=str(written)))
    if view.suggestions:
        console.print(f"[bold]{say('rounds.suggestions')}[/]")
        for s in view.suggestions:
            why = " ".join(reason.render(lang) for reason in s.reasons)
            field = say(f"rounds.field.{s.field}")
            console.print(f"  {s.code} {s.name}: {field} {s.current} → {s.suggested}. {why}")
    if view.flags:
        console.print(f"[bold]{say('rounds.flags', count=len(view.flags))}[/]")
        for f in view.flags:
            last = long_date(f.last_contact, lang) if f.last_contact else say("rounds.never")
            console.print(
                f"  ⚠ {say('rounds.flag', code=f.code, name=f.name, quarters=', '.join(f.silent), last=last)}"
            )
