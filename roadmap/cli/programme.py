"""``roadmap event …``, ``roadmap hours`` and ``roadmap consulting …``: the
programme's activities, the hours they credit, and the process-consulting log."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from roadmap.cli import Actor, Slug, _lang, app, console, say
from roadmap.cli.calls import moment
from roadmap.text import hours as hours_text
from roadmap.text import local_time, long_date

event_app = typer.Typer(help="Program etkinlikleri ve katılım.", no_args_is_help=True)
app.add_typer(event_app, name="event")
consulting_app = typer.Typer(help="Süreç danışmanlığı görüşmeleri.", no_args_is_help=True)
app.add_typer(consulting_app, name="consulting")

EventId = Annotated[int, typer.Argument(help="Etkinliğin numarası (roadmap event list).")]
CohortSlug = Annotated[str, typer.Argument(help="Kohortun kısa adı, ör. katiliyoruz-2027.")]


@event_app.command("add")
def event_add(
    cohort: CohortSlug,
    kind: Annotated[
        str,
        typer.Option(
            "--kind", help="training, webinar, experience_sharing, quarterly, one_to_one ya da consulting."
        ),
    ],
    title: Annotated[str, typer.Option("--title", help="Etkinliğin adı.")],
    starts: Annotated[str, typer.Option("--starts", help="Başlangıç (YYYY-AA-GGTSS:DD, Türkiye saati).")],
    hours: Annotated[float, typer.Option("--hours", help="Katılana yazılacak saat.")],
    online_link: Annotated[str, typer.Option("--online-link", help="Çevrimiçi katılım bağlantısı.")] = "",
    place: Annotated[str, typer.Option("--place", help="Yer (yüz yüze ise).")] = "",
    actor: Actor = None,
) -> None:
    """Program ekibi: kohortun takvimine bir etkinlik ekler.

    Örnek: roadmap event add katiliyoruz-2027 --kind training --title "Katılımcı bütçe eğitimi" --starts 2027-02-10T10:00 --hours 3 --online-link https://meet.example.org/egitim --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.events import add_event

    event = add_event(actor, cohort, kind, title, moment(starts, "--starts"), hours, online_link, place)
    console.print(say("event.added", number=event.id, title=event.title, starts=local_time(event.starts)))


@event_app.command("list")
def event_list(
    cohort: Annotated[str, typer.Argument(help="Yalnız bu kohortun etkinlikleri.")] = "", actor: Actor = None
) -> None:
    """Görebildiğiniz kohortların etkinlikleri, kayıt ve katılım sayılarıyla.

    Örnek: roadmap event list katiliyoruz-2027 --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.events import list_events

    table = Table()
    for column in ("number", "starts", "kind", "title", "hours", "registered", "attended"):
        table.add_column(say(f"event.col.{column}"), overflow="fold")
    for row in list_events(actor, cohort):
        table.add_row(
            str(row.id),
            local_time(row.starts),
            say(f"event.kind.{row.kind}"),
            row.title,
            f"{row.hours:g}",
            str(row.registered),
            str(row.attended),
        )
    console.print(table)


@event_app.command("register")
def event_register(
    event: EventId,
    people: Annotated[
        list[str] | None, typer.Argument(help="Ekibinizden kaydedilecek kişilerin e-postaları.")
    ] = None,
    actor: Actor = None,
) -> None:
    """Ekip üyesi: kendinizi (ya da ekibinizden kişileri) etkinliğe kaydeder.

    Örnek: roadmap event register 1 --as ayse.yilmaz@ornekkoy.bel.tr
    """
    from roadmap.services.events import register

    console.print(say("event.registered", have=register(actor, event, people or None)))


@event_app.command("attendance")
def event_attendance(
    event: EventId,
    path: Annotated[Path, typer.Argument(help="İmza listesi (CSV ya da XLSX): ad soyad ve/veya e-posta.")],
    actor: Actor = None,
) -> None:
    """Program ekibi: imza listesinden katılımı işler; her katılana etkinliğin saati yazılır.

    Kişiler önce e-postayla, sonra Türkçe harf farkları gözetilerek adla eşleştirilir.

    Örnek: roadmap event attendance 1 imza-listesi.xlsx --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.event_attendance import import_event_attendance

    result = import_event_attendance(actor, event, path)
    console.print(
        say(
            "event.attendance",
            title=result.event,
            rows=result.rows,
            credited=len(result.credited),
            already=result.already,
        )
    )
    for name in result.credited:
        console.print(f"  + {name}")
    for problem in result.unmatched:
        console.print(f"  ? {problem.text(_lang())}")


@event_app.command("tick")
def event_tick(
    event: EventId,
    person: Annotated[str, typer.Argument(help="Katılan kişinin e-postası.")],
    absent: Annotated[bool, typer.Option("--absent", help="İşareti kaldırır.")] = False,
    actor: Actor = None,
) -> None:
    """Program ekibi: bir kişiyi etkinliğe katılmış olarak işaretler (ya da işareti kaldırır).

    Örnek: roadmap event tick 1 ayse.yilmaz@ornekkoy.bel.tr --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.event_attendance import tick_attendance

    changed = tick_attendance(actor, event, person, not absent)
    if changed:
        console.print(say("event.ticked", email=person))
    else:
        console.print(say("event.unchanged", email=person))


@app.command("hours")
def hours(slug: Slug, actor: Actor = None) -> None:
    """Ekibin kişi kişi saatleri: etkinlikler ve ekibin kendi çalışma saatleri, 100 saatlik taahhüde ve
    dokuz aylık takvime göre.

    Örnek: roadmap hours ornekkoy --as ayse.yilmaz@ornekkoy.bel.tr
    """
    from roadmap.services.hours import hours_report

    report = hours_report(actor, slug)
    lang = _lang()
    console.print(
        say(
            "hours.title",
            name=report.name,
            target=f"{report.target:g}",
            expected=f"{report.expected:g}",
            today=long_date(report.today, lang),
        )
    )
    table = Table()
    for column in ("person", "events", "logged", "total", "pace"):
        table.add_column(say(f"hours.col.{column}"), overflow="fold")
    for person in report.people:
        pace = say("hours.behind") if report.behind(person) else say("hours.on_pace")
        table.add_row(
            person.name,
            hours_text(person.events, lang),
            hours_text(person.logged, lang),
            f"{hours_text(person.total, lang)} / {report.target:g}",
            pace,
        )
    console.print(table)
    console.print(
        say("hours.team", total=hours_text(report.total, lang), average=hours_text(report.average, lang))
    )
    if report.unassigned:
        console.print(say("hours.unassigned", hours=hours_text(report.unassigned, lang)))


@consulting_app.command("add")
def consulting_add(
    slug: Slug,
    topics: Annotated[str, typer.Option("--topics", help="Konuşulan konular.")],
    held_on: Annotated[
        str, typer.Option("--date", help="Görüşme tarihi (YYYY-AA-GG); verilmezse bugün.")
    ] = "",
    people: Annotated[str, typer.Option("--people", help="Görüşmeye katılanlar.")] = "",
    next_steps: Annotated[str, typer.Option("--next", help="Üzerinde anlaşılan sonraki adımlar.")] = "",
    actor: Actor = None,
) -> None:
    """Danışman: belediyeyle yapılan süreç danışmanlığı görüşmesini kaydeder.

    Örnek: roadmap consulting add ornekkoy --date 2027-02-15 --people "Ayşe Yılmaz, Mehmet Demir" --topics "Paydaş haritası" --next "Üniversite kulüpleri eklenecek" --as danisman@katiliyoruz.example.org
    """
    from roadmap.services.consulting import record_consulting

    day = date.today()
    if held_on:
        try:
            day = date.fromisoformat(held_on)
        except ValueError:
            raise typer.BadParameter(say("input.bad_date", value=held_on), param_hint="--date") from None
    entry = record_consulting(actor, slug, day, people, topics, next_steps)
    console.print(say("consulting.recorded", day=long_date(entry.held_on, _lang())))


@consulting_app.command("list")
def consulting_list(slug: Slug, actor: Actor = None) -> None:
    """Belediyeyle yapılan süreç danışmanlığı görüşmeleri, en yenisi önce.

    Örnek: roadmap consulting list ornekkoy --as ayse.yilmaz@ornekkoy.bel.tr
    """
    from roadmap.services.consulting import consulting_log

    for entry in consulting_log(actor, slug):
        console.print(f"[bold]{long_date(entry.held_on, _lang())}[/] · {entry.consultant} · {entry.people}")
        console.print(f"  {entry.topics}")
        if entry.next_steps:
            console.print(f"  → {entry.next_steps}")
