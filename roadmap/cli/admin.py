"""Administration from the terminal, the same services as the web's administration pages: invitations,
password resets, people and roles, municipality details, assignments, cohort membership, e-mail
preferences and the daily digest."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from roadmap.cli import (
    Actor,
    Lang,
    Slug,
    app,
    console,
    municipality_app,
    notifications_app,
    say,
    user_app,
)
from roadmap.cli.cohorts import CohortSlug, cohort_app
from roadmap.cli.workflow import RoleName


def _smtp_hint() -> None:
    from roadmap.settings import get_settings

    if not get_settings().smtp_url:
        console.print(say("cli.notifications.no_smtp"))


@app.command()
def invite(
    email: Annotated[str, typer.Argument(help="Davet edilecek kişinin e-postası.")],
    name: Annotated[str, typer.Argument(help="Ad soyad.")],
    role: Annotated[RoleName, typer.Option("--role", help="team_member, consultant ya da coordinator.")],
    municipality: Annotated[
        str | None, typer.Option("--municipality", help="Ekip üyesinin (ya da danışmanın) belediyesi.")
    ] = None,
    lang: Annotated[Lang, typer.Option("--mail-lang", help="E-postaların dili: tr ya da en.")] = Lang.tr,
    actor: Actor = None,
) -> None:
    """Birini e-postayla davet eder: parolasını belirleyeceği tek kullanımlık bağlantı 7 gün geçerlidir.

    Koordinatör herkesi, danışman atandığı belediyelere ekip üyesi davet eder. E-posta bildirim
    kutusundan gider (roadmap serve'ün işçisi ya da roadmap notifications send).

    Örnek: roadmap invite ayse@nilufer.bel.tr "Ayşe Yılmaz" --role team_member --municipality nilufer --as koordinator@katiliyoruz.example.org
    """
    from roadmap.domain.stages import Role
    from roadmap.services.accounts import invite as invite_person

    user = invite_person(actor, email, name, Role(role.value), municipality, lang.value)
    console.print(say("cli.invited", email=user.email))
    _smtp_hint()


@app.command("password-reset")
def password_reset(
    email: Annotated[str, typer.Argument(help="Parolası sıfırlanacak hesabın e-postası.")],
) -> None:
    """Bir hesaba parola sıfırlama bağlantısı e-postalar (giriş sayfasındaki "Parolamı unuttum" gibi).

    Örnek: roadmap password-reset ayse@nilufer.bel.tr
    """
    from roadmap.services.accounts import request_password_reset

    request_password_reset(email)
    console.print(say("cli.reset_requested", email=email))
    _smtp_hint()


@user_app.command("list")
def user_list(
    search: Annotated[
        str, typer.Option("--search", help="Ad, e-posta ya da belediyede aranacak metin.")
    ] = "",
    actor: Actor = None,
) -> None:
    """Kişileri ve rollerini listeler (koordinatör herkesi, danışman belediyelerinin kişilerini görür).

    Örnek: roadmap user list --search ayse --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.people import list_people

    table = Table(*(say(f"header.{h}") for h in ("email", "name", "role", "municipality", "state")))
    for row in list_people(actor, search):
        state = say("people.active") if row.active else say("people.invited")
        table.add_row(row.email, escape(row.name), say(f"role.{row.role}"), escape(row.municipality), state)
    console.print(table)


@user_app.command("role")
def user_role(
    email: Annotated[str, typer.Argument(help="Rolü değişecek kişinin e-postası.")],
    role: Annotated[RoleName, typer.Option("--role", help="team_member, consultant ya da coordinator.")],
    municipality: Annotated[
        str | None, typer.Option("--municipality", help="Ekip üyesinin belediyesi.")
    ] = None,
    actor: Actor = None,
) -> None:
    """Program koordinatörü: birinin rolünü ve (ekip üyesinin) belediyesini değiştirir.

    Örnek: roadmap user role ayse@nilufer.bel.tr --role team_member --municipality ornekkoy --as koordinator@katiliyoruz.example.org
    """
    from roadmap.domain.stages import Role
    from roadmap.services.people import change_person

    row = change_person(actor, email, Role(role.value), municipality)
    console.print(say("people.changed", email=row.email, role=say(f"role.{row.role}")))


@municipality_app.command("edit")
def municipality_edit(
    slug: Slug,
    name: Annotated[str, typer.Option("--name", help="Belediyenin adı.")],
    province: Annotated[str, typer.Option("--province", help="İl.")] = "",
    kind: Annotated[str, typer.Option("--kind", help="büyükşehir, il, ilçe ya da belde.")] = "",
    actor: Actor = None,
) -> None:
    """Program koordinatörü: bir belediyenin adını, ilini ve türünü düzeltir.

    Örnek: roadmap municipality edit nilufer --name "Nilüfer Belediyesi" --province Bursa --kind ilçe --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.municipalities import edit_municipality

    edited = edit_municipality(actor, slug, name, province, kind)
    console.print(say("municipality.edited", name=edited.name, slug=edited.slug))


@app.command()
def unassign(
    slug: Slug,
    consultant: Annotated[str, typer.Argument(help="Danışmanın e-postası.")],
    actor: Actor = None,
) -> None:
    """Program koordinatörü: bir danışmanı bir belediyeden alır.

    Örnek: roadmap unassign nilufer danisman@katiliyoruz.example.org --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.municipalities import unassign_consultant

    unassign_consultant(actor, slug, consultant)
    console.print(say("user.unassigned", email=consultant, slug=slug))


@cohort_app.command("remove")
def cohort_remove(
    slug: CohortSlug,
    municipalities: Annotated[
        list[str] | None, typer.Argument(help="Çıkarılacak belediyelerin kısa adları.")
    ] = None,
    consultant: Annotated[
        list[str] | None,
        typer.Option("--consultant", help="Çıkarılacak danışman (e-posta); birden çok verilebilir."),
    ] = None,
    actor: Actor = None,
) -> None:
    """Program koordinatörü: kohorttan belediye ve danışman çıkarır.

    Örnek: roadmap cohort remove katiliyoruz-2027 ornekkoy --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.cohorts import remove_from_cohort

    removed, advisers = remove_from_cohort(actor, slug, municipalities or [], consultant or [])
    console.print(say("cohort.removed", slug=slug, municipalities=removed, consultants=advisers))


@notifications_app.command("preferences")
def notifications_preferences(
    mode: Annotated[
        str | None,
        typer.Option("--mode", help="instant (hemen), digest (günlük özet) ya da none (e-posta yok)."),
    ] = None,
    lang: Annotated[Lang | None, typer.Option("--mail-lang", help="E-postaların dili: tr ya da en.")] = None,
    actor: Actor = None,
) -> None:
    """Bildirimlerinizin e-postayla nasıl geleceğini ve e-postalarınızın dilini gösterir ya da değiştirir.

    Örnek: roadmap notifications preferences --mode digest --mail-lang en --as danisman@katiliyoruz.example.org
    """
    from roadmap.services.notifications import my_preferences, set_preferences

    now = my_preferences(actor)
    if mode is not None or lang is not None:
        now = set_preferences(actor, mode or now.notify_mode, lang.value if lang else now.language)
    console.print(
        say(
            "cli.preferences",
            mode=say(f"preferences.mode.{now.notify_mode}"),
            lang=say(f"language.{now.language}"),
        )
    )


@notifications_app.command("digest")
def notifications_digest(
    again: Annotated[bool, typer.Option("--again", help="Bugün gönderilmiş olsa da yeniden gönder.")] = False,
) -> None:
    """Günlük özeti gönderir: geciken incelemeler, kohortların geciken belediyeleri ve özet okuyucularının
    bildirimleri (roadmap serve'ün işçisi bunu günde bir kez kendisi yapar).

    Örnek: roadmap notifications digest
    """
    from roadmap.services.digest import send_daily_digest

    report = send_daily_digest(again=again)
    if report.waiting:
        console.print(say("cli.notifications.no_smtp"))
    elif report.already:
        console.print(say("cli.digest.already"))
    else:
        console.print(say("cli.digest.sent", sent=report.sent, failed=report.failed))
