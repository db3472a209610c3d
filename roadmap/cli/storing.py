"""The file store on the command line: ``roadmap store prune`` and ``roadmap store check``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from roadmap.cli import Actor, app, console, say
from roadmap.text import local_time

store_app = typer.Typer(help="Dosya deposu: belgeler ve dosyalar.", no_args_is_help=True)
app.add_typer(store_app, name="store")


def _kb(size: int) -> int:
    return round(size / 1024)


@store_app.command("prune")
def store_prune(
    apply: Annotated[
        bool, typer.Option("--apply", help="Gerçekten sil (yoksa yalnızca ne silineceğini söyler).")
    ] = False,
    keep: Annotated[
        int | None,
        typer.Option(
            "--keep", min=1, help="Her belediyede kalacak taslak sayısı (varsayılan: ROADMAP_KEEP_DRAFTS, 5)."
        ),
    ] = None,
    actor: Actor = None,
) -> None:
    """Program koordinatörü: her belediyenin son taslakları dışındaki eski taslak dışa aktarmaları ve
    artık hiçbir kaydın kullanmadığı dosyaları siler; onaylı sürümler hep kalır. Varsayılan deneme:
    yalnızca ne silineceğini ve kaç bayt olduğunu söyler. Her silme denetim kaydına yazılır.

    Örnek: roadmap store prune --keep 5 --apply --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.files import prune_exports

    plan = prune_exports(actor, apply=apply, keep=keep)
    for export in plan.exports:
        line = say("cli.store.line", slug=export.slug, number=export.number, lang=export.lang)
        console.print(f"  {escape(line)} · {local_time(export.created_at)}", highlight=False)
    key = "cli.store.pruned" if plan.applied else "cli.store.would_prune"
    console.print(
        say(key, count=len(plan.exports), files=plan.files, kb=_kb(plan.bytes), keep=plan.keep),
        highlight=False,
    )


@store_app.command("check")
def store_check(actor: Actor = None) -> None:
    """Program koordinatörü: veritabanının andığı her dosya depoda mı, boyutu doğru mu? Sorun varsa 1 ile çıkar.

    Örnek: roadmap store check --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.files import check_store

    report = check_store(actor)
    if not report.problems:
        console.print(
            say("cli.store.check_ok", location=report.location, count=report.files, kb=_kb(report.bytes)),
            highlight=False,
        )
        return
    console.print(
        say("cli.store.check_bad", location=report.location, count=len(report.problems), total=report.files),
        highlight=False,
    )
    for problem in report.problems:
        key = "cli.store.missing_file" if problem.found is None else "cli.store.wrong_size"
        console.print("  " + say(key, **problem.model_dump()), highlight=False)
    raise typer.Exit(1)
