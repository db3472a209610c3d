"""Publishing: a release of the approved roadmap, its withdrawal, and the list of releases."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from roadmap.cli import Actor, Lang, Slug, app, console, say
from roadmap.text import local_time


@app.command()
def publish(
    slug: Slug,
    actor: Actor = None,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang", help="Yalnız bu dilde yayımla (varsayılan: Türkçe, çevrildiyse İngilizce de)."
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Yayımın dosyalarının kopyalanacağı klasör.")
    ] = None,
    pdf: Annotated[
        bool | None,
        typer.Option("--pdf/--no-pdf", help="Etiketli PDF de yaz (varsayılan: LibreOffice varsa)."),
    ] = None,
) -> None:
    """0–5. aşamalar onaylandıktan sonra yol haritasını numaralı bir yayım olarak yayımlar: kamuya açık
    sürüm (.docx, PDF) ve açık veri (JSON, CSV, şema, README).

    Örnek: roadmap publish ornekkoy --out yayim/
    """
    from roadmap.services.releases import publish_release

    release = publish_release(actor, slug, lang.value if lang else None, pdf, out)
    console.print(
        say("cli.published", number=release.number, slug=slug, languages=", ".join(release.languages))
    )
    for path in release.paths:
        console.print(f"  {path}")
    console.print(say("cli.public_link", link=f"/p/{slug}"))


@app.command()
def withdraw(
    slug: Slug,
    number: Annotated[int, typer.Argument(help="Geri çekilecek yayımın numarası.")],
    reason: Annotated[
        str, typer.Option("--reason", help="Geri çekmenin gerekçesi (kalıcı bağlantıda görünür).")
    ],
    actor: Actor = None,
) -> None:
    """Bir yayımı gerekçesiyle geri çeker; kalıcı bağlantısında bir duyuru kalır.

    Örnek: roadmap withdraw ornekkoy 1 --reason "Bütçe tablosunda hata vardı"
    """
    from roadmap.services.releases import withdraw_release

    release = withdraw_release(actor, slug, number, reason)
    console.print(say("cli.withdrawn", number=release.number, slug=slug))


@app.command()
def releases(slug: Slug, actor: Actor = None) -> None:
    """Bir belediyenin yayımlarını listeler: numara, tarih, yayımlayan, diller, durum.

    Örnek: roadmap releases ornekkoy
    """
    from roadmap.services.releases import release_history

    table = Table(
        say("cli.releases.number"),
        say("cli.releases.date"),
        say("cli.releases.by"),
        say("cli.releases.languages"),
        say("cli.releases.state"),
    )
    for release in release_history(actor, slug):
        state = (
            say("cli.releases.withdrawn", reason=release.withdrawal_reason)
            if release.withdrawn_at
            else say("cli.releases.standing")
        )
        table.add_row(
            str(release.number),
            local_time(release.published_at),
            release.published_by,
            ", ".join(release.languages),
            state,
        )
    console.print(table)
