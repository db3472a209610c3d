"""Amendments to an approved roadmap: asked by the team with a reason, decided by the consultant."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from roadmap.cli import Actor, Slug, app, console, say
from roadmap.cli.monitoring import _actuals
from roadmap.text import local_time

amendment_app = typer.Typer(
    help="Onaylı yol haritasında değişiklik (gerekçeli, danışman onaylı).", no_args_is_help=True
)
app.add_typer(amendment_app, name="amendment")
Number = Annotated[int, typer.Argument(help="Değişikliğin numarası.")]
Comment = Annotated[str, typer.Option("-m", "--message", help="Yorum (reddetmek için gerekli).")]


@amendment_app.command("request")
def amendment_request(
    slug: Slug,
    action: Annotated[str, typer.Argument(help="Eylemin kodu, ör. 2.1.")],
    reason: Annotated[str, typer.Option("--reason", help="Değişikliğin gerekçesi.")],
    start_month: Annotated[int | None, typer.Option("--start-month", help="Yeni başlangıç ayı.")] = None,
    end_month: Annotated[int | None, typer.Option("--end-month", help="Yeni bitiş ayı.")] = None,
    responsible: Annotated[str | None, typer.Option("--responsible", help="Yeni sorumlu birim.")] = None,
    target: Annotated[
        list[str] | None, typer.Option("--target", help="Yeni hedef: EYLEM.N=DEĞER, ör. 2.1.1=45.")
    ] = None,
    actor: Actor = None,
) -> None:
    """Onaylı bir eylemin tarihlerini, hedeflerini ya da sorumlusunu değiştirmeyi önerir (danışman onaylar).

    Örnek: roadmap amendment request ornekkoy 2.1 --end-month 9 --target 2.1.1=45 --reason "Seçim takvimi nedeniyle"
    """
    from roadmap.services.amendments import request_amendment

    changes: dict[str, Any] = {"start_month": start_month, "end_month": end_month, "responsible": responsible}
    changes = {k: v for k, v in changes.items() if v is not None}
    changes["targets"] = _actuals(target or [])
    view = request_amendment(actor, slug, action, changes, reason)
    console.print(say("cli.amendment.requested", number=view.number, action=view.action_code))


@amendment_app.command("approve")
def amendment_approve(slug: Slug, number: Number, comment: Comment = "", actor: Actor = None) -> None:
    """Danışman: bir değişikliği onaylar; onaylı plan başlangıç çizgisi olarak kalır.

    Örnek: roadmap amendment approve ornekkoy 1 -m "Gerekçe uygun"
    """
    from roadmap.services.amendments import decide_amendment

    view = decide_amendment(actor, slug, number, True, comment)
    console.print(say("cli.amendment.approved", number=view.number, action=view.action_code))


@amendment_app.command("reject")
def amendment_reject(slug: Slug, number: Number, comment: Comment = "", actor: Actor = None) -> None:
    """Danışman: bir değişikliği gerekçesiyle reddeder.

    Örnek: roadmap amendment reject ornekkoy 1 -m "Hedef düşürülmemeli"
    """
    from roadmap.services.amendments import decide_amendment

    view = decide_amendment(actor, slug, number, False, comment)
    console.print(say("cli.amendment.rejected", number=view.number, action=view.action_code))


@amendment_app.command("list")
def amendment_list(slug: Slug, actor: Actor = None) -> None:
    """Değişiklikleri listeler: eylem, onaylı değer → yeni değer, gerekçe, durum.

    Örnek: roadmap amendment list ornekkoy
    """
    from roadmap.services.amendments import amendments

    table = Table(
        say("cli.amendment.number"),
        say("cli.progress.action"),
        say("cli.amendment.change"),
        say("cli.amendment.reason"),
        say("cli.amendment.state"),
    )
    for view in amendments(actor, slug):
        change = "\n".join(
            f"{say(f'amendment.field.{field}')}: {view.baseline.get(field)} → {value}"
            for field, value in view.changes.items()
            if field != "targets"
        )
        for code, value in view.changes.get("targets", {}).items():
            before = view.baseline.get("targets", {}).get(code)
            change += f"\n{say('amendment.field.target')} {code}: {before} → {value}"
        state = say(f"amendment.state.{view.state}")
        if view.decided_at:
            state += f" ({local_time(view.decided_at)})"
        table.add_row(str(view.number), view.action_code, change.strip(), view.reason, state)
    console.print(table)
