"""The English edition's translations on the command line: status, a pack for translators, its return."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from roadmap.cli import Actor, Slug, _stage_name, console, notifications_app, say, translations_app

PackFile = Annotated[Path, typer.Argument(help="Çeviri paketi: .xlf / .xliff (XLIFF 1.2) ya da .xlsx.")]


@translations_app.command("status")
def status(slug: Slug, actor: Actor = None) -> None:
    """Her aşamada kaç metnin İngilizcesi var, kaçının Türkçesi sonradan değişti, kaçı çevrilmedi.

    Örnek: roadmap translations status ornekkoy
    """
    from roadmap.services.translations import translation_status

    rows = translation_status(actor, slug)
    table = Table(
        *(say(f"cli.translations.header.{h}") for h in ("stage", "translated", "changed", "missing")),
        title=say("cli.translations.title", name=slug),
    )
    for row in rows:
        table.add_row(
            f"{int(row.stage)} {_stage_name(row.stage)}",
            str(row.translated),
            str(row.changed),
            str(row.missing),
        )
    console.print(table)


@translations_app.command("export")
def export(slug: Slug, file: PackFile, actor: Actor = None) -> None:
    """Çevirmen için paket: her metin kimliği, Türkçesi, varsa İngilizcesi ve nerede geçtiğiyle.

    Örnek: roadmap translations export ornekkoy ceviri/ornekkoy.xlf
    """
    from roadmap.services.translations import export_translations

    count = export_translations(actor, slug, file)
    console.print(say("cli.translations.exported", count=count, path=str(file)))


@translations_app.command("import")
def import_(slug: Slug, file: PackFile, actor: Actor = None) -> None:
    """Çevirmenden dönen paketi alır; Türkçesi sonradan değişen metinleri uygulamaz, bildirir.

    Örnek: roadmap translations import ornekkoy ceviri/ornekkoy-en.xlf
    """
    from roadmap.services.translations import import_translations

    report = import_translations(actor, slug, file)
    console.print(
        say(
            "cli.translations.imported",
            applied=report.count("applied"),
            unchanged=report.count("unchanged"),
            emptied=report.count("emptied"),
            changed=report.count("source_changed"),
            unknown=report.count("unknown"),
        )
    )
    for outcome in report.outcomes:
        if outcome.outcome == "source_changed":
            console.print(escape(say("cli.translations.changed", unit=outcome.unit)))
        elif outcome.outcome == "unknown":
            console.print(escape(say("cli.translations.unknown", unit=outcome.unit)))


@notifications_app.command("send")
def send() -> None:
    """Bekleyen bildirimleri e-postayla bir kez gönderir (roadmap serve'ün işçisi bunu kendisi de yapar).

    Sunucu ROADMAP_SMTP_URL ile verilir, ör. smtp://127.0.0.1:25.

    Örnek: roadmap notifications send
    """
    from roadmap.services.notifications import deliver_pending
    from roadmap.settings import get_settings

    if not get_settings().smtp_url:
        console.print(say("cli.notifications.no_smtp"))
    report = deliver_pending()
    console.print(say("cli.notifications.sent", **report.model_dump()))
