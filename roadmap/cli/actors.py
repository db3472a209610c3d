"""`roadmap actors …`: the programme's directory of civic actors, and matchmaking for a roadmap."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from roadmap.cli import Actor, Slug, _lang, app, console, say
from roadmap.cli.imports import Mapping, print_list_import

actors_app = typer.Typer(help="Sivil aktörler rehberi ve eşleştirme.", no_args_is_help=True)
app.add_typer(actors_app, name="actors")

ActorId = Annotated[int, typer.Argument(help="Rehberdeki kuruluşun numarası (roadmap actors list).")]
ActionCode = Annotated[str, typer.Option("--action", help="Yol haritasındaki eylemin kodu, ör. 2.1.")]


@actors_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="Rehber dosyası: .csv ya da .xlsx.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Yalnızca raporla, kaydetme.")] = False,
    merge_duplicates: Annotated[
        bool, typer.Option("--merge-duplicates", help="Aynı kuruluş olabilecek kayıtları birleştir.")
    ] = False,
    mapping: Mapping = None,
    actor: Actor = None,
) -> None:
    """Sivil aktörler rehberini içe aktarır; aynı kuruluşu günceller, olası mükerrerleri bildirir.

    Örnek: roadmap actors import examples/programme/sivil-aktorler.csv --dry-run
    """
    from roadmap.services.actors import import_actors

    result = import_actors(actor, file, dry_run, merge_duplicates, mapping)
    print_list_import("actors.import_summary", file, result, merge_duplicates)


@actors_app.command("list")
def list_command(
    province: Annotated[str, typer.Option("--province", help="Yalnızca bu ildekiler.")] = "",
    focus: Annotated[
        str, typer.Option("--focus", help="Yalnızca bu odak alanında çalışanlar (kod ya da ad).")
    ] = "",
    actor: Actor = None,
) -> None:
    """Rehberdeki kuruluşları listeler; iletişim bilgisi yalnızca listelenmeye onay verilmişse görünür.

    Örnek: roadmap actors list --province Örnekil --focus "Gençlik meclisi"
    """
    from roadmap.domain.catalogues import focus_catalogue, focus_titles
    from roadmap.domain.content import FocusAreas
    from roadmap.errors import InvalidInput
    from roadmap.imports.actors import catalogue_lookup
    from roadmap.services.actors import list_actors

    code = ""
    if focus:
        found = catalogue_lookup(focus_catalogue()).match(focus)
        if found.value is None:
            raise InvalidInput("actors.error.focus", value=focus)
        code = found.value
    titles = focus_titles(FocusAreas(), _lang())
    table = Table("#", say("actors.col.name"), say("actors.col.kind"), say("actors.col.place"), say("actors.col.focus"), say("actors.col.contact"))  # fmt: skip
    for row in list_actors(actor, province, code):
        place = " / ".join(p for p in (row.province, row.district) if p)
        contact = ", ".join(c for c in (row.contact_name, row.contact_email, row.contact_phone) if c)
        focus_names = ", ".join(titles.get(f, f) for f in row.focus_areas)
        table.add_row(
            str(row.id), row.name, say(f"actors.kind.{row.kind.value}"), place, focus_names, contact or "—"
        )
    console.print(table)


@actors_app.command("match")
def match_command(
    slug: Slug,
    as_json: Annotated[bool, typer.Option("--json", help="JSON olarak yaz.")] = False,
    actor: Actor = None,
) -> None:
    """Yol haritasının her eylemi için önerilen sivil aktörler: önce yereldekiler, nedenleriyle.

    Örnek: roadmap actors match ornekkoy --json
    """
    from roadmap.i18n import translate
    from roadmap.services.matchmaking import match_actors

    lang = _lang()
    found = match_actors(actor, slug, lang)
    if as_json:
        data = [
            {
                "goal": item.goal,
                "action": item.action_code,
                "title": item.action_title,
                "suggestions": [
                    {
                        "id": s.actor.id,
                        "name": s.actor.name,
                        "score": s.score,
                        "reasons": [translate(r.key, lang, **r.params) for r in s.reasons],
                        "introduced": s.introduced,
                        "partner": s.partner,
                    }
                    for s in item.suggestions
                ],
            }
            for item in found
        ]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for item in found:
        console.print(
            f"[bold]{say('actors.action', code=item.action_code)}[/] {item.action_title}", highlight=False
        )
        if not item.suggestions:
            console.print("  " + say("match.none"))
        for rank, s in enumerate(item.suggestions, start=1):
            reasons = "; ".join(translate(r.key, lang, **r.params) for r in s.reasons)
            console.print(f"  {rank}. #{s.actor.id} {s.actor.name} — {reasons}", highlight=False)


@actors_app.command("introduce")
def introduce_command(
    slug: Slug,
    actor_id: ActorId,
    action: ActionCode,
    next_step: Annotated[
        str, typer.Option("-m", "--next-step", help="Sonraki adım (ör. birebir görüşme).")
    ] = "",
    actor: Actor = None,
) -> None:
    """Bir kuruluşun belediyeyle bir eylem için tanıştırıldığını kaydeder (kim, ne zaman, hangi eylem).

    Örnek: roadmap actors introduce ornekkoy 4 --action 2.1 -m "Ocak'ta birebir görüşme"
    """
    from roadmap.services.matchmaking import introduce

    number = introduce(actor, slug, actor_id, action, next_step)
    console.print(say("match.introduced", number=number, code=action))


@actors_app.command("add-to-register")
def add_to_register_command(slug: Slug, actor_id: ActorId, actor: Actor = None) -> None:
    """Rehberdeki bir kuruluşu belediyenin paydaş listesine tek adımda ekler.

    Örnek: roadmap actors add-to-register ornekkoy 8
    """
    from roadmap.services.actors import add_to_register

    name = add_to_register(actor, slug, actor_id)
    console.print(say("actors.added_to_register", name=name, slug=slug))


@actors_app.command("partner")
def partner_command(slug: Slug, actor_id: ActorId, action: ActionCode, actor: Actor = None) -> None:
    """Kuruluşu yol haritasındaki bir eylemin ortakları arasına ekler.

    Örnek: roadmap actors partner ornekkoy 4 --action 2.1
    """
    from roadmap.services.matchmaking import make_partner

    name = make_partner(actor, slug, actor_id, action)
    console.print(say("match.partner_added", name=name, code=action))


@actors_app.command("introductions")
def introductions_command(slug: Slug, actor: Actor = None) -> None:
    """Belediyenin tanıştırmalarını listeler: kuruluş, eylem, kaydeden, tarih, durum ve sonraki adım.

    Örnek: roadmap actors introductions ornekkoy
    """
    from roadmap.services.introduction_meetings import introduction_meetings
    from roadmap.services.matchmaking import introductions
    from roadmap.text import local_time

    meetings = introduction_meetings(actor, slug)
    table = Table("#", say("actors.col.name"), say("web.matches.action"), say("web.matches.by"), say("web.col.date"), say("web.matches.status"), say("web.matches.next_step"), say("web.meeting.column"))  # fmt: skip
    for i in introductions(actor, slug):
        meeting = meetings.get(i.id)
        table.add_row(
            str(i.id), i.actor_name, i.action_code, i.introduced_by_name, local_time(i.introduced_at),
            say(f"match.status.{i.status.value}"), i.next_step,
            f"#{meeting.event_id} {local_time(meeting.starts)}" if meeting else "",
        )  # fmt: skip
    console.print(table)


class Status(StrEnum):
    introduced = "introduced"
    in_contact = "in_contact"
    meeting = "meeting"
    partner = "partner"
    not_pursued = "not_pursued"


@actors_app.command("follow-up")
def follow_up_command(
    slug: Slug,
    number: Annotated[int, typer.Argument(help="Tanıştırmanın numarası (roadmap actors introductions).")],
    status: Annotated[Status, typer.Option("--status", help="Yeni durum.")],
    next_step: Annotated[str, typer.Option("-m", "--next-step", help="Sonraki adım.")] = "",
    actor: Actor = None,
) -> None:
    """Bir tanıştırmanın durumunu ve sonraki adımını günceller (ör. birebir görüşme planlandı).

    Örnek: roadmap actors follow-up ornekkoy 1 --status meeting -m "12 Ocak'ta birebir görüşme"
    """
    from roadmap.domain.actors import IntroductionStatus
    from roadmap.errors import NotFound
    from roadmap.services.matchmaking import introductions, update_introduction

    current = next((i for i in introductions(actor, slug) if i.id == number), None)
    if current is None:
        raise NotFound("notfound.introduction", number=number)
    update_introduction(
        actor, slug, number, IntroductionStatus(status.value), next_step or current.next_step, current.version
    )
    console.print(say("match.updated", number=number, status=say(f"match.status.{status.value}")))


@actors_app.command("meeting")
def meeting_command(
    slug: Slug,
    number: Annotated[int, typer.Argument(help="Tanıştırmanın numarası (roadmap actors introductions).")],
    starts: Annotated[str, typer.Option("--starts", help="Başlangıç (YYYY-AA-GGTSS:DD, Türkiye saati).")],
    hours: Annotated[float, typer.Option("--hours", help="Süre (saat).")],
    title: Annotated[str, typer.Option("--title", help="Başlık (boşsa kuruluşun adından).")] = "",
    place: Annotated[str, typer.Option("--place", help="Yer.")] = "",
    online_link: Annotated[str, typer.Option("--online-link", help="Çevrim içi bağlantı.")] = "",
    actor: Actor = None,
) -> None:
    """Bir tanıştırmayı birebir görüşmeye dönüştürür: belediyenin dönem takvimine bir birebir görüşme
    etkinliği ekler ve tanıştırmaya bağlar (durumu "görüşme" olur). Programın ekibi içindir.

    Örnek: roadmap actors meeting ornekkoy 1 --starts 2027-03-01T10:00 --hours 1.5 --as koordinator@katiliyoruz.example.org
    """
    from roadmap.cli.calls import moment
    from roadmap.services.introduction_meetings import arrange_meeting

    event = arrange_meeting(actor, slug, number, moment(starts, "--starts"), hours, title, place, online_link)
    console.print(say("meeting.arranged", number=number, event=event))
