"""Review and export: comments, diffs, the review queue, Word documents and their versions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from roadmap.cli import (
    Actor,
    Comment,
    Lang,
    Slug,
    StageArg,
    _lang,
    _options,
    _stage_name,
    app,
    bundle_app,
    comment_app,
    console,
    say,
)
from roadmap.domain.stages import Stage
from roadmap.text import local_time


@comment_app.command("add")
def comment_add(
    slug: Slug,
    stage: StageArg,
    comment: Comment = "",
    field: Annotated[
        str, typer.Option("--field", help="Yorumun ilgili olduğu alan ya da belge bölümü.")
    ] = "",
    record: Annotated[
        str,
        typer.Option("--record", help="Yorumun ilgili olduğu kaydın kimliği (roadmap stage show'daki id)."),
    ] = "",
    actor: Actor = None,
) -> None:
    """Bir aşamaya (ya da bir alanına, bir kaydına) yorum yazar.

    Örnek: roadmap comment add ornekkoy 5 --field "eylem 2.1" -m "Hedef değer çok düşük."
    """
    from roadmap.services.review import add_comment

    number = add_comment(actor, slug, Stage.parse(stage), comment, field, record)
    console.print(say("review.added", id=number))


@comment_app.command("reply")
def comment_reply(
    slug: Slug,
    comment_id: Annotated[int, typer.Argument(help="Yorum numarası.")],
    comment: Comment = "",
    actor: Actor = None,
) -> None:
    """Bir yoruma yanıt yazar.

    Örnek: roadmap comment reply ornekkoy 3 -m "Hedefi 60 kişiye çıkardık."
    """
    from roadmap.services.review import reply

    console.print(say("review.added", id=reply(actor, slug, comment_id, comment)))


@comment_app.command("resolve")
def comment_resolve(
    slug: Slug, comment_id: Annotated[int, typer.Argument(help="Yorum numarası.")], actor: Actor = None
) -> None:
    """Bir yorumu (ve yanıtlarını) kapatır.

    Örnek: roadmap comment resolve ornekkoy 3
    """
    from roadmap.services.review import resolve

    resolve(actor, slug, comment_id)
    console.print(say("review.resolved", id=comment_id))


@app.command()
def comments(
    slug: Slug,
    all_: Annotated[bool, typer.Option("--all", help="Kapatılanlar da.")] = False,
    actor: Actor = None,
) -> None:
    """Yorum dizileri: aşama, alan, yazan, tarih ve yanıtlar.

    Örnek: roadmap comments ornekkoy
    """
    from roadmap.services.review import threads

    found = threads(actor, slug, include_resolved=all_)
    if not found:
        console.print(say("review.no_comments"))
    for thread in found:
        where = _stage_name(thread.stage) + (f" › {thread.field}" if thread.field else "")
        state = f" ({say('status.resolved')})" if thread.resolved else ""
        console.print(f"[bold]#{thread.id}[/] {escape(where)}{state}")
        for item in [thread, *thread.replies]:
            console.print(
                f"   {item.author_name or item.author}, {item.created_at:%Y-%m-%d %H:%M}: {escape(item.text)}"
            )


@app.command()
def diff(
    slug: Slug,
    stage: StageArg,
    old: Annotated[str, typer.Argument(help="Eski sürüm (gönderim numarası).")],
    new: Annotated[str, typer.Argument(help="Yeni sürüm (numara ya da 'current').")],
    actor: Actor = None,
) -> None:
    """İki sürüm arasında değişenleri cümlelerle anlatır.

    Örnek: roadmap diff ornekkoy 4 1 current
    """
    from roadmap.services.review import stage_diff

    target = Stage.parse(stage)
    console.print(f"[bold]{say('diff.title', stage=_stage_name(target), old=old, new=new)}[/]")
    for line in stage_diff(actor, slug, target, old, new):
        console.print(f"  • {escape(line.render(_lang()))}")


@app.command()
def exports(slug: Slug, actor: Actor = None) -> None:
    """Dışa aktarılan yol haritası sürümleri.

    Örnek: roadmap exports ornekkoy
    """
    from roadmap.services.exports import export_versions

    table = Table(
        *(
            say(f"exports.header.{h}")
            for h in ("number", "version", "when", "who", "lang", "comments", "state", "pdf")
        )
    )
    for v in export_versions(actor, slug):
        table.add_row(
            str(v.number),
            str(v.version),
            local_time(v.created_at),
            v.actor,
            v.lang,
            say("word.yes") if v.with_comments else say("word.no"),
            say("status.draft") if v.draft else say("exports.final"),
            say("word.yes") if v.pdf_sha256 else say("word.no"),
        )
    console.print(table)


@app.command("review-queue")
def review_queue_command(actor: Actor = None) -> None:
    """Danışman: belediyelerinizde inceleme bekleyen aşamalar, en eskisi başta.

    Örnek: roadmap review-queue --as danisman@katiliyoruz.example.org
    """
    from roadmap.services.review import review_queue

    items = review_queue(actor)
    if not items:
        console.print(say("review.queue_empty"))
        return
    table = Table(
        *(
            say(f"review.header.{h}")
            for h in ("municipality", "stage", "submission", "submitted", "comments")
        ),
        title=say("review.queue_title"),
    )
    for item in items:
        table.add_row(
            f"{item.name} ({item.slug})",
            f"{int(item.stage)} {_stage_name(item.stage)}",
            str(item.submission),
            f"{item.submitted_at:%Y-%m-%d %H:%M}",
            str(item.open_comments),
        )
    console.print(table)


@app.command()
def export(
    slug: Slug,
    actor: Actor = None,
    out: Annotated[Path | None, typer.Option("--out", help="Belgenin yolu (.docx).")] = None,
    lang: Annotated[Lang | None, typer.Option("--lang", help="Belgenin dili: tr ya da en.")] = None,
    template: Annotated[
        Path | None, typer.Option("--template", help="Stilleri kullanılacak kendi Word şablonunuz (.docx).")
    ] = None,
    with_comments: Annotated[
        bool, typer.Option("--comments", help="Açık inceleme yorumlarını Word yorumu olarak ekle.")
    ] = False,
    pdf: Annotated[
        bool,
        typer.Option("--pdf", help="Yanına LibreOffice ile sayfa numaralı içindekilerle bir PDF de yaz."),
    ] = False,
    orchestrate: Annotated[
        bool,
        typer.Option(
            "--orchestrate",
            help="Prefect akışı olarak çalıştır (PREFECT_API_URL varsa zaten öyle).",
        ),
    ] = False,
) -> None:
    """Yol haritasını Word belgesi olarak yazar ve yolunu verir.

    Örnek: roadmap export ornekkoy --lang en --out out/ornekkoy-en.docx
    """
    from roadmap.services.access import resolve_actor, visible_municipality
    from roadmap.store.db import unit_of_work

    if lang:
        _options(lang)
    with unit_of_work() as session:
        user = resolve_actor(session, actor)
        visible_municipality(session, user, slug)
    language = _lang()
    from roadmap.runner import Engine, build_document

    result = build_document(
        slug,
        language,
        engine=Engine.FLOW if orchestrate else None,
        out=out,
        reference=template,
        with_comments=with_comments,
        actor=user.email,
        pdf=pdf,
    )
    console.print(say("cli.exported", path=result.path))
    console.print(say("export.number", number=result.number, version=result.version))
    if result.pdf:
        console.print(say("export.pdf_written", path=result.pdf, number=result.number))
    if result.draft:
        console.print(say("cli.draft_note"))
    for waiting in result.waiting:
        console.print(say("cli.waiting", stage=_stage_name(waiting.stage), next=say(waiting.next_step)))


@bundle_app.command("export")
def bundle_export(
    target: Annotated[str, typer.Argument(help="Belediyenin kısa adı (ya da --all ile yedek dosyası).")],
    file: Annotated[Path | None, typer.Argument(help="Yedek dosyası (.json).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Görebildiğiniz bütün belediyeler.")] = False,
    actor: Actor = None,
) -> None:
    """Bir belediyenin (ya da hepsinin) bütün kaydını tek bir JSON yedeğine yazar.

    Örnek: roadmap bundle export ornekkoy yedek/ornekkoy.json
    """
    from roadmap.services.bundle import export_bundle

    slug, path = (None, Path(target)) if all_ else (target, file)
    if path is None:
        raise typer.BadParameter(say("bundle.file_missing"))
    count = export_bundle(actor, slug, path)
    console.print(say("bundle.written", count=count, path=path))


@bundle_app.command("import")
def bundle_import(
    file: Annotated[Path, typer.Argument(help="Yedek dosyası (.json).")],
    replace: Annotated[bool, typer.Option("--replace", help="Aynı belediye varsa üzerine yaz.")] = False,
    actor: Actor = None,
) -> None:
    """Program koordinatörü: bir yedeği bu veritabanına geri yükler (hepsi ya da hiçbiri).

    Örnek: roadmap bundle import yedek/ornekkoy.json --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.bundle import import_bundle

    console.print(say("bundle.restored", slugs=", ".join(import_bundle(actor, file, replace))))
