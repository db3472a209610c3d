"""Commands that move a municipality through its stages."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.markup import escape
from rich.table import Table

from roadmap.cli import (
    Actor,
    Comment,
    Slug,
    StageArg,
    _lang,
    _stage_name,
    app,
    console,
    example_app,
    municipality_app,
    say,
    stage_app,
    user_app,
)
from roadmap.domain.stages import Stage, Status
from roadmap.errors import InvalidInput
from roadmap.i18n import message
from roadmap.settings import get_settings
from roadmap.text import local_time


@app.command()
def init() -> None:
    """Veritabanını oluşturur ya da en son şemaya yükseltir.

    Örnek: roadmap init
    """
    from roadmap.store.db import init_database

    console.print(say("cli.init_done", url=init_database()))


@example_app.command("load")
def example_load(
    replace: Annotated[bool, typer.Option("--replace", help="Varsa önce silip yeniden yükle.")] = False,
    directory: Annotated[Path | None, typer.Option("--dir", help="Örnek dosyaların klasörü.")] = None,
) -> None:
    """Örnek belediyeyi (Örnekköy) kullanıcıları ve içeriğiyle yükler.

    Örnek: roadmap example load --replace
    """
    from roadmap.devtools.example import load_example

    manifest = load_example(directory, replace=replace)
    users = ", ".join(f"{u.email} ({say(f'role.{u.role}')})" for u in manifest.users)
    console.print(say("cli.example_loaded", name=manifest.name, slug=manifest.slug, users=users))


@municipality_app.command("list")
def municipality_list(actor: Actor = None) -> None:
    """Görebildiğiniz belediyeleri listeler.

    Örnek: roadmap municipality list --as danisman@katiliyoruz.example.org
    """
    from roadmap.services.municipalities import list_municipalities

    rows = list_municipalities(actor)
    if not rows:
        console.print(say("cli.no_municipalities"))
        return
    table = Table(*(say(f"header.{h}") for h in ("slug", "name", "province")))
    for m in rows:
        table.add_row(m.slug, m.name, m.province)
    console.print(table)


@app.command()
def status(slug: Slug, actor: Actor = None) -> None:
    """Aşamaların durumunu, eksikleri ve sıradaki adımı gösterir.

    Örnek: roadmap status ornekkoy --as ayse.yilmaz@ornekkoy.bel.tr
    """
    from roadmap.services.stages import status_report

    report = status_report(actor, slug)
    lang = _lang()
    table = Table(
        *(say(f"status.header.{h}") for h in ("stage", "status", "version", "missing", "next")),
        title=say("status.title", name=report.name),
        show_lines=True,
    )
    for row in report.stages:
        state = say(f"status.{row.status}") if row.open else say("status.locked")
        problems = "\n".join(_problem_line(p, row.waivers, lang) for p in row.problems)
        next_step = say(row.next_step) + (" " + say("next.recheck") if row.needs_recheck else "")
        if row.open_comments:
            next_step += "\n" + say("review.open_comments", count=row.open_comments)
        table.add_row(
            f"{int(row.stage)} {_stage_name(row.stage)}",
            state,
            str(row.version),
            problems,
            next_step,
        )
    console.print(table)
    console.print(say("status.hours", hours=f"{report.team_hours:g}", target=f"{report.hours_target:g}"))
    console.print(say("cli.status.checks", slug=report.slug, **report.check_counts()))


@app.command()
def guide(stage: Annotated[str | None, typer.Argument(help="Aşama (boşsa hepsi).")] = None) -> None:
    """Bir aşamada ne yapılacağını, nedenini, ipuçlarını ve iyi bir sonucun neye benzediğini anlatır.

    Örnek: roadmap guide 3
    """
    from rich.panel import Panel

    from roadmap.domain.guidance import guidance

    lang = _lang()
    labels = [say(f"guide.{part}") for part in ("what", "why", "tips", "good")]
    for target in [Stage.parse(stage)] if stage else list(Stage):
        text = guidance(target, lang)
        tips = "\n".join(f"  • {tip}" for tip in text.tips)
        body = (
            f"[bold]{labels[0]}[/]\n{text.what}\n\n[bold]{labels[1]}[/]\n{text.why}\n\n"
            f"[bold]{labels[2]}[/]\n{tips}\n\n[bold]{labels[3]}[/]\n{text.good}"
        )
        console.print(Panel(body, title=f"{int(target)} {text.title}", title_align="left"))


def _problem_line(problem: Any, waivers: dict[str, str], lang: Any) -> str:
    if problem.severity == "warning":
        return f"⚠ {problem.text(lang)}"
    if problem.key in waivers:
        return f"✓ {problem.text(lang)} ({say('status.waived')}: {waivers[problem.key]})"
    return escape(f"• {problem.text(lang)} [{problem.key}]")


@stage_app.command("show")
def stage_show(
    slug: Slug,
    stage: StageArg,
    actor: Actor = None,
    out: Annotated[Path | None, typer.Option("--out", help="YAML'ı bu dosyaya yaz.")] = None,
) -> None:
    """Aşamanın içeriğini, düzenlenebilir YAML olarak verir (sürüm numarasıyla).

    Örnek: roadmap stage show ornekkoy 3 --out paydaslar.yaml
    """
    from roadmap.services.stages import show_stage

    view = show_stage(actor, slug, Stage.parse(stage))
    header = (
        f"# {slug} — {_stage_name(view.stage)} ({say(f'status.{view.status}')}).\n"
        f"# {say('cli.show_header')}\n"
    )
    body = {
        "municipality": slug,
        "stage": int(view.stage),
        "version": view.version,
        "content": view.content,
    }
    text = header + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=100)
    if out:
        from roadmap.atomic import write_atomically

        write_atomically(out, lambda temporary: temporary.write_text(text, encoding="utf-8"))
    else:
        sys.stdout.write(text)


@stage_app.command("update")
def stage_update(
    slug: Slug,
    stage: StageArg,
    file: Annotated[Path, typer.Argument(help="'stage show' çıktısından düzenlenmiş YAML dosyası.")],
    actor: Actor = None,
) -> None:
    """Aşamanın içeriğini dosyadan günceller; eski bir sürümden düzenlenmişse reddeder.

    Örnek: roadmap stage update ornekkoy 3 paydaslar.yaml
    """
    from roadmap.imports.files import read_yaml
    from roadmap.services.stages import update_stage

    target = Stage.parse(stage)
    document = read_yaml(file)
    if not isinstance(document, dict) or "version" not in document:
        raise InvalidInput("cli.version_missing", path=file)
    if int(document.get("stage", target)) != target:
        raise InvalidInput("input.wrong_stage", path=file, given=document["stage"], expected=int(target))
    version = update_stage(
        actor, slug, target, document.get("content") or {}, int(document["version"]), str(file)
    )
    console.print(say("cli.updated", stage=_stage_name(target), version=version))


@app.command()
def submit(slug: Slug, stage: StageArg, actor: Actor = None, comment: Comment = "") -> None:
    """Aşamayı danışman incelemesine gönderir (eksik varsa neyin eksik olduğunu söyler).

    Örnek: roadmap submit ornekkoy 0
    """
    from roadmap.services.stages import submit_stage

    target = Stage.parse(stage)
    number = submit_stage(actor, slug, target, comment)
    console.print(say("cli.submitted", stage=_stage_name(target), number=number))


@app.command()
def review(
    slug: Slug,
    stage: StageArg,
    approve: Annotated[bool, typer.Option("--approve", help="Aşamayı onayla.")] = False,
    request_changes: Annotated[
        bool, typer.Option("--request-changes", help="Değişiklik iste (yorum zorunlu).")
    ] = False,
    actor: Actor = None,
    comment: Comment = "",
) -> None:
    """Danışman: gönderilen aşamayı onaylar ya da değişiklik ister.

    Örnek: roadmap review ornekkoy 4 --request-changes -m "Gençlik toplantısının katılımcı listesi eksik."
    """
    from roadmap.services.stages import review_stage

    if approve == request_changes:
        raise typer.BadParameter(say("cli.review_choice"))
    target = Stage.parse(stage)
    new_status = review_stage(actor, slug, target, approve=approve, comment=comment)
    console.print(say("cli.reviewed", stage=_stage_name(target), status=say(f"status.{new_status}")))


@app.command()
def reopen(slug: Slug, stage: StageArg, comment: Comment = "", actor: Actor = None) -> None:
    """Onaylı bir aşamayı gerekçeyle yeniden açar; sonraki aşamalar yeniden kontrol için işaretlenir.

    Örnek: roadmap reopen ornekkoy 2 -m "Yeni stratejik plan amacı eklenecek."
    """
    from roadmap.services.stages import reopen_stage

    target = Stage.parse(stage)
    new_status = reopen_stage(actor, slug, target, comment)
    console.print(say("cli.reviewed", stage=_stage_name(target), status=say(f"status.{new_status}")))


@app.command()
def override(
    slug: Slug,
    stage: StageArg,
    to: Annotated[Status, typer.Option("--to", help="Hedef durum.")],
    comment: Comment = "",
    actor: Actor = None,
) -> None:
    """Program koordinatörü: aşamanın durumunu gerekçeyle zorla değiştirir (denetim kaydına yazılır).

    Örnek: roadmap override ornekkoy 1 --to approved -m "Anket yüz yüze yapıldı, kayıtlar dosyada."
    """
    from roadmap.services.stages import override_stage

    target = Stage.parse(stage)
    new_status = override_stage(actor, slug, target, to, comment)
    console.print(say("cli.reviewed", stage=_stage_name(target), status=say(f"status.{new_status}")))


@app.command()
def waive(
    slug: Slug,
    stage: StageArg,
    key: Annotated[
        str,
        typer.Argument(
            help=(
                "Şartın ya da kontrol listesi noktasının anahtarı, ör. consult_focus ya da "
                "privacy.minor_named:KAYIT (roadmap status ve roadmap check köşeli parantez içinde gösterir)."
            )
        ),
    ],
    comment: Comment = "",
    actor: Actor = None,
) -> None:
    """Danışman: bir aşamanın bir şartını gerekçesiyle muaf tutar; aşama o şart olmadan gönderilebilir.

    Örnek: roadmap waive ornekkoy 4 consult_focus -m "Gençlik meclisi toplantısı ertelendi; yazılı görüş alındı."
    """
    from roadmap.services.stages import waive_requirement

    target = Stage.parse(stage)
    waive_requirement(actor, slug, target, key, comment)
    console.print(say("cli.waived", stage=_stage_name(target), key=key))


@app.command("open")
def open_early(slug: Slug, stage: StageArg, comment: Comment = "", actor: Actor = None) -> None:
    """Danışman: önceki aşama onaylanmadan bir aşamayı erken açar.

    Örnek: roadmap open ornekkoy 5 -m "Toplantı raporu beklenirken eylem planına başlanabilir."
    """
    from roadmap.services.stages import open_stage_early

    target = Stage.parse(stage)
    open_stage_early(actor, slug, target, comment)
    console.print(say("cli.opened", stage=_stage_name(target)))


@app.command()
def history(slug: Slug, actor: Actor = None) -> None:
    """Belediyenin denetim kaydı: kim, ne zaman, hangi aşamada ne yaptı.

    Örnek: roadmap history ornekkoy
    """
    from roadmap.services.stages import audit_trail

    table = Table(
        "#",
        say("header.time"),
        say("header.who"),
        say("status.header.stage"),
        say("header.action"),
        say("status.header.status"),
        say("header.comment"),
    )
    for record in audit_trail(actor, slug):
        moved = f"{record.from_status} → {record.to_status}" if record.from_status != record.to_status else ""
        stage = "" if record.stage is None else str(record.stage)
        table.add_row(
            str(record.id),
            local_time(record.at),
            record.actor,
            stage,
            record.action,
            moved,
            record.comment,
        )
    console.print(table)


@app.command("demo-setup", hidden=True)
def demo_setup() -> None:
    """Before ``make demo`` exports: the demo accounts' passwords and the cohort with its partners."""
    from roadmap.devtools.example import prepare_demo

    prepare_demo()


@app.command("demo-next", hidden=True)
def demo_next(slug: Slug) -> None:
    """What to try after ``make demo``: the CLI, and the web app with the demo accounts."""
    from roadmap.devtools.example import DEMO_PASSWORD, prepare_demo

    manifest = prepare_demo()
    print(message("demo.next", _lang(), slug=slug, out=get_settings().out_dir))
    logins = "\n".join(f"    {u.email:<40} {say(f'role.{u.role}')}" for u in manifest.users)
    print(message("demo.web", _lang(), logins=logins, password=DEMO_PASSWORD))


@municipality_app.command("add")
def municipality_add(
    slug: Slug,
    name: Annotated[str, typer.Argument(help='Belediyenin adı, ör. "Nilüfer Belediyesi".')],
    province: Annotated[str, typer.Option("--province", help="İl.")] = "",
    programme: Annotated[str, typer.Option("--programme", help="Program ve dönem.")] = "",
    actor: Actor = None,
) -> None:
    """Program koordinatörü: yeni bir belediye kaydeder (aşamaları taslak olarak açılır).

    Örnek: roadmap municipality add nilufer "Nilüfer Belediyesi" --province Bursa
    """
    from roadmap.services.municipalities import add_municipality

    added = add_municipality(actor, slug, name, province, programme)
    console.print(say("municipality.added", name=added.name, slug=added.slug))


class RoleName(StrEnum):
    team_member = "team_member"
    consultant = "consultant"
    coordinator = "coordinator"


@user_app.command("add")
def user_add(
    email: Annotated[str, typer.Argument(help="Yeni hesabın e-postası.")],
    name: Annotated[str, typer.Argument(help="Ad soyad.")],
    role: Annotated[RoleName, typer.Option("--role", help="team_member, consultant ya da coordinator.")],
    municipality: Annotated[
        str | None, typer.Option("--municipality", help="Ekip üyesi ya da danışmanın belediyesi.")
    ] = None,
    actor: Actor = None,
) -> None:
    """Program koordinatörü: hesap açar; boş bir veritabanında ilk hesap koordinatör olur.

    Örnek: roadmap user add ayse@nilufer.bel.tr "Ayşe Yılmaz" --role team_member --municipality nilufer
    """
    from roadmap.domain.stages import Role
    from roadmap.services.municipalities import add_user

    user = add_user(actor, email, name, Role(role.value), municipality)
    console.print(say("user.added", email=user.email, role=say(f"role.{user.role}")))


@user_app.command("password")
def user_password(
    email: Annotated[str, typer.Argument(help="Parolası belirlenecek hesabın e-postası.")],
    password: Annotated[
        str | None,
        typer.Option(
            "--password", help="Yeni parola (verilmezse iki kez sorulur; ROADMAP_PASSWORD da olur)."
        ),
    ] = None,
    actor: Actor = None,
) -> None:
    """Web uygulamasına giriş parolasını belirler (kendi parolanızı ya da koordinatör olarak başkasınınkini).

    Örnek: roadmap user password ayse@nilufer.bel.tr --as koordinator@katiliyoruz.example.org
    """
    import os

    from roadmap.services.accounts import set_password

    secret = password or os.environ.get("ROADMAP_PASSWORD")
    if not secret:
        secret = typer.prompt(say("password.prompt"), hide_input=True)
        if typer.prompt(say("password.again"), hide_input=True) != secret:
            raise typer.BadParameter(say("password.mismatch"))
    set_password(actor or email, email, secret)
    console.print(say("password.set", email=email))


@app.command()
def assign(
    slug: Slug,
    consultant: Annotated[str, typer.Argument(help="Danışmanın e-postası.")],
    actor: Actor = None,
) -> None:
    """Program koordinatörü: bir danışmanı bir belediyeye atar.

    Örnek: roadmap assign nilufer danisman@katiliyoruz.example.org
    """
    from roadmap.services.municipalities import assign_consultant

    assign_consultant(actor, slug, consultant)
    console.print(say("user.assigned", email=consultant, slug=slug))


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Dinlenecek adres.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Sunucu süreç sayısı.")] = 1,
) -> None:
    """Web uygulamasını başlatır (belediye ekipleri, danışmanlar ve koordinatörler için).

    Örnek: roadmap serve --host 0.0.0.0 --port 8000
    """
    from roadmap.store.db import require_schema
    from roadmap.worker import supervise

    require_schema()
    console.print(say("cli.serve", host=host, port=port))
    raise typer.Exit(supervise(host, port, workers))


@app.command()
def worker(
    once: Annotated[bool, typer.Option("--once", help="Bekleyen işleri bitirince dur.")] = False,
    poll: Annotated[
        float, typer.Option("--poll", min=0.1, help="Yeni iş için kaç saniyede bir bakılacağı.")
    ] = 2.0,
) -> None:
    """Web uygulamasında istenen işleri (kohortun belgelerini yeniden oluşturmak gibi) yapar.

    'roadmap serve' bunu kendisi başlatır; ayrı bir makinede de çalıştırılabilir.

    Örnek: roadmap worker --once
    """
    from roadmap.store.db import require_schema
    from roadmap.worker import work

    require_schema()
    done = work(
        poll=poll,
        once=once,
        on_job=lambda number, state: console.print(say("cli.job_done", id=number, state=state)),
    )
    if once:
        console.print(say("cli.jobs_done", count=done))
