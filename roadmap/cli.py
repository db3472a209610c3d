"""The ``roadmap`` command: a thin skin over the services (no Prefect import here)."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from roadmap.domain.stages import Stage, Status
from roadmap.errors import InvalidInput, RoadmapError
from roadmap.settings import get_settings, reset_settings
from roadmap.text import local_time, message, money, number, say

app = typer.Typer(
    help="Sivil Katılım Güçlendirme Yol Haritası aracı.", no_args_is_help=True, pretty_exceptions_enable=False
)
example_app = typer.Typer(help="Örnek belediye.", no_args_is_help=True)
municipality_app = typer.Typer(help="Belediyeler.", no_args_is_help=True)
stage_app = typer.Typer(help="Bir aşamanın içeriği.", no_args_is_help=True)
app.add_typer(example_app, name="example")
app.add_typer(municipality_app, name="municipality")
app.add_typer(stage_app, name="stage")
import_app = typer.Typer(help="Dosyadan içe aktarma.", no_args_is_help=True)
comment_app = typer.Typer(help="İnceleme yorumları.", no_args_is_help=True)
app.add_typer(comment_app, name="comment")
app.add_typer(import_app, name="import")

console = Console()
errors = Console(stderr=True)

Actor = Annotated[
    str | None,
    typer.Option("--as", help="İşlemi yapan kullanıcının e-postası (ya da ROADMAP_USER)."),
]
Slug = Annotated[str, typer.Argument(help="Belediyenin kısa adı, ör. ornekkoy.")]
StageArg = Annotated[str, typer.Argument(help="Aşama numarası (0–6) ya da adı, ör. 3 veya stakeholders.")]
Comment = Annotated[str, typer.Option("-m", "--message", help="Yorum ya da gerekçe.")]


class Lang(StrEnum):
    tr = "tr"
    en = "en"


def _lang() -> Any:
    try:
        return get_settings().language
    except ValidationError:  # a bad ROADMAP_LANGUAGE is reported by main(); speak Turkish meanwhile
        return "tr"


def _stage_name(stage: Stage) -> str:
    return say(f"stage.{stage.key}")


@app.callback()
def _options(
    lang: Annotated[Lang | None, typer.Option("--lang", help="Dil: tr (varsayılan) ya da en.")] = None,
) -> None:
    if lang:
        os.environ["ROADMAP_LANGUAGE"] = lang.value
        reset_settings()


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
    from roadmap.services.example import load_example

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
        out.write_text(text, encoding="utf-8")
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
        raise InvalidInput(say("input.version_missing", path=file))
    if int(document.get("stage", target)) != target:
        raise InvalidInput(say("input.wrong_stage", path=file, given=document["stage"], expected=int(target)))
    version = update_stage(
        actor, slug, target, document.get("content") or {}, int(document["version"]), str(file)
    )
    console.print(say("cli.updated", stage=_stage_name(target), version=version))


class Group(StrEnum):
    staff = "staff"
    civic = "civic"


@import_app.command("survey")
def import_survey_command(
    slug: Slug,
    file: Annotated[Path, typer.Argument(help="Anket yanıtları: .csv (Google Formlar, Excel) ya da .xlsx.")],
    group: Annotated[
        Group, typer.Option("--group", help="Yanıtlayanlar: staff (personel) ya da civic (sivil aktörler).")
    ],
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="Sütun eşleştirme dosyası (YAML).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Yalnızca raporla, kaydetme.")] = False,
    actor: Actor = None,
) -> None:
    """İhtiyaç analizi anket yanıtlarını içe aktarır; sorun varsa hiçbir şey kaydetmez.

    Örnek: roadmap import survey ornekkoy yanitlar.csv --group staff --dry-run
    """
    from roadmap.domain.content import RespondentGroup
    from roadmap.services.needs import import_survey

    result = import_survey(actor, slug, file, RespondentGroup(group.value), mapping, dry_run)
    matched = sum(
        1
        for target in result.columns.values()
        if target not in {"ignore", "timestamp", "respondent", "organisation"}
    )
    ignored = sum(1 for target in result.columns.values() if target == "ignore")
    console.print(
        say(
            "import.summary",
            file=file.name,
            rows=result.rows_read,
            matched=matched,
            ignored=ignored,
            empty=len(result.empty_rows),
            added=result.added,
            updated=result.updated,
            total=result.total_responses,
        )
    )
    console.print(say("import.stored") if result.stored else say("import.dry_run"))


@import_app.command("stakeholders")
def import_stakeholders_command(
    slug: Slug,
    file: Annotated[Path, typer.Argument(help="Paydaş listesi: .csv ya da .xlsx.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Yalnızca raporla, kaydetme.")] = False,
    merge_duplicates: Annotated[
        bool, typer.Option("--merge-duplicates", help="Aynı kurum olabilecek kayıtları birleştir.")
    ] = False,
    actor: Actor = None,
) -> None:
    """Paydaş listesini içe aktarır; olası mükerrerleri bildirir, istenirse birleştirir.

    Örnek: roadmap import stakeholders ornekkoy paydaslar.xlsx --dry-run
    """
    from roadmap.services.stakeholders import import_stakeholders

    result = import_stakeholders(actor, slug, file, dry_run, merge_duplicates)
    console.print(
        say(
            "import.stakeholders_summary",
            file=file.name,
            rows=result.rows_read,
            added=result.added,
            updated=result.updated,
            merged=result.merged,
            total=result.total,
        )
    )
    for note in result.duplicates:
        key = "import.duplicate_merged" if note.merged else "import.duplicate_note"
        console.print("  • " + say(key, row=note.row, name=note.name, like=note.like))
    if result.duplicates and not merge_duplicates:
        console.print(say("import.duplicate_hint"))
    console.print(say("import.stored") if result.stored else say("import.dry_run"))


@app.command()
def stakeholders(
    slug: Slug,
    quadrant: Annotated[
        str | None,
        typer.Option("--quadrant", help="Yalnızca bu bölge, ör. manage_closely ya da 'yakından yönet'."),
    ] = None,
    actor: Actor = None,
) -> None:
    """Paydaşlar güç/ilgi bölgelerine göre, uyarılarla birlikte.

    Örnek: roadmap stakeholders ornekkoy --quadrant "yakından yönet"
    """
    from roadmap.analysis.stakeholders import Quadrant
    from roadmap.render.texts import DocumentTexts
    from roadmap.services.stakeholders import stakeholder_register
    from roadmap.text import fold_name

    lang = _lang()
    labels = DocumentTexts(lang)
    wanted = list(Quadrant)
    if quadrant:
        names = {
            fold_name(key): q
            for q in Quadrant
            for key in (
                q.value,
                labels.label("quadrant", q.value),
                DocumentTexts("en").label("quadrant", q.value),
            )
        }
        if fold_name(quadrant) not in names:
            raise InvalidInput(
                say(
                    "stakeholders.unknown_quadrant",
                    value=quadrant,
                    names=", ".join(q.value for q in Quadrant),
                )
            )
        wanted = [names[fold_name(quadrant)]]
    register = stakeholder_register(actor, slug)
    console.print(f"[bold]{say('stakeholders.title', name=register.name)}[/]")
    for q in wanted:
        table = Table(
            *(
                say(f"stakeholders.header.{h}")
                for h in ("name", "type", "power", "interest", "level", "focus")
            ),
            title=labels.label("quadrant", q.value),
        )
        for s in register.grid[q]:
            table.add_row(
                s.name,
                labels.label("type", s.type.value),
                str(s.power),
                str(s.interest),
                labels.label("level", s.level.value) if s.level else "—",
                ", ".join(register.focus_titles.get(c, c) for c in s.focus_areas) or "—",
            )
        console.print(table)
    if register.unplaced:
        console.print(say("stakeholders.unplaced", names=", ".join(s.name for s in register.unplaced)))
    texts = register.warning_texts(lang)
    if texts:
        console.print(f"[bold]{say('stakeholders.warnings')}:[/]")
        for text in texts:
            console.print(f"  ⚠ {text}")


@import_app.command("attendance")
def import_attendance_command(
    slug: Slug,
    meeting: Annotated[str, typer.Argument(help="Toplantının kodu (ör. T2), sırası ya da adı.")],
    file: Annotated[Path, typer.Argument(help="Katılım listesi: .csv ya da .xlsx.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Yalnızca raporla, kaydetme.")] = False,
    actor: Actor = None,
) -> None:
    """Bir toplantının katılım listesini (ve listedeki görüşleri) içe aktarır.

    Örnek: roadmap import attendance ornekkoy T2 imza-listesi.xlsx --dry-run
    """
    from roadmap.services.consultations import import_attendance

    result = import_attendance(actor, slug, meeting, file, dry_run)
    console.print(
        say(
            "import.attendance_summary",
            meeting=result.meeting,
            rows=result.rows_read,
            people=result.people,
            named=result.named,
            inputs=result.inputs_added,
        )
    )
    if result.matched:
        console.print(say("import.attendance_matched", names=", ".join(result.matched)))
    if result.unmatched:
        console.print(say("import.attendance_unmatched", names=", ".join(result.unmatched)))
    console.print(say("import.stored") if result.stored else say("import.dry_run"))


@app.command()
def meetings(slug: Slug, actor: Actor = None) -> None:
    """Planlanan ve yapılan katılım toplantıları.

    Örnek: roadmap meetings ornekkoy
    """
    from roadmap.services.consultations import read_data
    from roadmap.text import long_date

    data = read_data(actor, slug)
    lang = _lang()
    table = Table(
        *(
            say(f"meetings.header.{h}")
            for h in ("code", "when", "title", "audience", "state", "people", "inputs")
        ),
        title=say("meetings.title", name=data.name),
    )
    for n, m in enumerate(data.consultations.meetings, start=1):
        when = long_date(m.day, lang) + (f" {m.time:%H:%M}" if m.time else "")
        table.add_row(
            m.code or str(n),
            when,
            m.title,
            say(f"meetings.{m.audience}"),
            say("meetings.held") if m.held else say("meetings.planned"),
            str(m.participants.total) if m.held else "—",
            str(len(m.inputs)),
        )
    console.print(table)


@app.command()
def coverage(slug: Slug, actor: Actor = None) -> None:
    """Kimlere ulaşıldı: odak alanları, önemli paydaşlar, görüşler ve yanıtlar.

    Örnek: roadmap coverage ornekkoy
    """
    from roadmap.services.consultations import coverage_report
    from roadmap.services.stakeholders import focus_titles

    data, cov = coverage_report(actor, slug)
    lang = _lang()
    titles = focus_titles(data.focus, lang)
    area = lambda codes: ", ".join(titles.get(c, c) for c in codes) or "—"  # noqa: E731
    console.print(f"[bold]{say('coverage.title', name=data.name)}[/]")
    console.print(say("coverage.consulted", areas=area(cov.consulted_focus)))
    console.print(say("coverage.unconsulted", areas=area(cov.unconsulted_focus)))
    console.print(say("coverage.not_invited", names=", ".join(cov.not_invited) or "—"))
    console.print(say("coverage.not_attended", names=", ".join(cov.invited_not_attended) or "—"))
    share = "—" if cov.answered_share is None else number(100 * cov.answered_share, lang, 0)
    console.print(say("coverage.inputs", count=sum(cov.inputs_per_focus.values()), share=share))
    for code, count in cov.inputs_per_focus.items():
        console.print(
            say(
                "coverage.per_focus",
                area=titles.get(code, code),
                inputs=count,
                answered=cov.answered_per_focus.get(code, 0),
            )
        )
    p = cov.participation
    console.print(
        say(
            "coverage.participation",
            total=p.total,
            women=p.women if p.women is not None else "—",
            youth=p.youth if p.youth is not None else "—",
            disability=p.disability if p.disability is not None else "—",
        )
    )


@app.command()
def actions(
    slug: Slug,
    prefill: Annotated[
        bool, typer.Option("--prefill", help="Boş yol haritasını 1–4. aşamalardan doldur.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="--prefill ile: var olan amaçların üzerine yaz.")
    ] = False,
    actor: Actor = None,
) -> None:
    """Eylem planı: amaçlar ve eylemler; --prefill ile 1–4. aşamalardan bir taslak.

    Örnek: roadmap actions ornekkoy
    """
    from roadmap.services.consultations import prefill_roadmap, read_data

    lang = _lang()
    if prefill:
        plan = prefill_roadmap(actor, slug, force)
        console.print(say("actions.prefilled", goals=len(plan.goals), actions=len(plan.actions()), slug=slug))
        return
    data = read_data(actor, slug)
    table = Table(
        *(
            say(f"actions.header.{h}")
            for h in ("code", "action", "responsible", "months", "budget", "indicator")
        ),
        title=say("actions.title", name=data.name),
        show_lines=True,
    )
    for code, action in data.plan.codes().items():
        months = (
            f"{action.start_month}–{action.end_month}" if action.start_month and action.end_month else "—"
        )
        indicator = "; ".join(
            f"{i.name}: {number(i.target, lang, 0) if i.target is not None else '—'} {i.unit}"
            for i in action.indicators
        )
        table.add_row(
            code,
            action.title,
            action.responsible or "—",
            months,
            money(action.budget_try, lang) if action.budget_try else "—",
            indicator or "—",
        )
    console.print(table)


@comment_app.command("add")
def comment_add(
    slug: Slug,
    stage: StageArg,
    comment: Comment = "",
    field: Annotated[
        str, typer.Option("--field", help="Yorumun ilgili olduğu alan ya da belge bölümü.")
    ] = "",
    actor: Actor = None,
) -> None:
    """Bir aşamaya (ya da bir alanına) yorum yazar.

    Örnek: roadmap comment add ornekkoy 5 --field "eylem 2.1" -m "Hedef değer çok düşük."
    """
    from roadmap.services.review import add_comment

    console.print(say("review.added", id=add_comment(actor, slug, Stage.parse(stage), comment, field)))


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
        console.print(f"  • {escape(line)}")


@import_app.command("comments")
def import_comments_command(
    slug: Slug,
    file: Annotated[Path, typer.Argument(help="Yorum eklenmiş yol haritası (.docx).")],
    actor: Actor = None,
) -> None:
    """Word ya da LibreOffice'te yorum eklenmiş yol haritasındaki yorumları inceleme yorumu olarak alır.

    Örnek: roadmap import comments ornekkoy ornekkoy-yol-haritasi-danisman.docx
    """
    from roadmap.services.exports import import_word_comments

    result = import_word_comments(actor, slug, file)
    console.print(
        say("export.comments_imported", version=result.version, added=result.added, skipped=result.skipped)
    )


@app.command()
def exports(slug: Slug, actor: Actor = None) -> None:
    """Dışa aktarılan yol haritası sürümleri.

    Örnek: roadmap exports ornekkoy
    """
    from roadmap.services.exports import export_versions

    table = Table(
        *(say(f"exports.header.{h}") for h in ("number", "when", "who", "lang", "comments", "state"))
    )
    for v in export_versions(actor, slug):
        table.add_row(
            str(v.number),
            local_time(v.created_at),
            v.actor,
            v.lang,
            say("word.yes") if v.with_comments else say("word.no"),
            say("status.draft") if v.draft else say("exports.final"),
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
def needs(slug: Slug, actor: Actor = None) -> None:
    """İhtiyaç analizi bulguları: boyut puanları, güçlü yönler, gelişim alanları, algı farkı.

    Örnek: roadmap needs ornekkoy
    """
    from roadmap.analysis.needs import MIN_RESPONDENTS
    from roadmap.domain.catalogues import instrument
    from roadmap.services.needs import findings as needs_findings

    result = needs_findings(actor, slug)
    lang = _lang()
    titles = {d.id: d.title(lang) for d in instrument().dimensions}
    table = Table(
        *(
            say(f"needs.header.{h}")
            for h in ("dimension", "staff", "civic", "overall", "spread", "gap", "people")
        ),
        title=say("needs.title", staff=result.staff_responses, civic=result.civic_responses),
    )

    def fmt(value: float | None) -> str:
        return "—" if value is None else number(value, lang, 2)

    for d in result.dimensions:
        mark = " *" if d.staff.thin or d.civic.thin else ""
        table.add_row(
            titles[d.id] + mark,
            fmt(d.staff.mean),
            fmt(d.civic.mean),
            fmt(d.overall.mean),
            fmt(d.overall.spread),
            fmt(d.gap),
            str(d.overall.respondents),
        )
    console.print(table)
    for key, items in (
        ("needs.strengths", result.strengths()),
        ("needs.develop", result.areas_to_develop()),
        ("needs.gaps", result.notable_gaps()),
    ):
        names = ", ".join(
            f"{titles[d.id]} ({fmt(d.gap if key == 'needs.gaps' else d.overall.mean)})" for d in items
        )
        console.print(f"[bold]{say(key)}:[/] {names or '—'}")
    if result.thin_scores():
        console.print(say("needs.thin", min=MIN_RESPONDENTS))


@app.command()
def focus(slug: Slug, actor: Actor = None) -> None:
    """Aday odak alanlarının sıralaması ve her sıranın nedeni.

    Örnek: roadmap focus ornekkoy
    """
    from roadmap.explain import focus_reason
    from roadmap.services.focus import focus_ranking

    result = focus_ranking(actor, slug)
    lang = _lang()
    table = Table(
        *(say(f"focus.header.{h}") for h in ("rank", "area", "score", "selected", "reason")),
        title=say("focus.title", name=result.name),
        show_lines=True,
    )
    for r in result.ranking:
        table.add_row(
            str(r.rank),
            r.title,
            number(r.score, lang, 1),
            say("word.yes") if r.selected else say("word.no"),
            focus_reason(r, result.weights, lang),
        )
    console.print(table)
    w = result.weights
    console.print(
        say(
            "focus.weights",
            need=number(w.need, lang, 2),
            strategy=number(w.strategy, lang, 2),
            local=number(w.local, lang, 2),
            feasibility=number(w.feasibility, lang, 2),
        )
    )


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
            help="Şartın anahtarı, ör. consult_focus (roadmap status köşeli parantez içinde gösterir)."
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
    lang = _lang()
    options = {"reference": template, "with_comments": with_comments, "actor": user.email}
    if orchestrate or os.environ.get("PREFECT_API_URL"):
        # A failed task is reported below in one line; Prefect's own log would add a traceback.
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "CRITICAL")
        from flows.build_roadmap import run_in_process

        result = run_in_process(slug, lang=lang, out=out, **options)
    else:
        from roadmap.pipeline import build_roadmap_document

        result = build_roadmap_document(slug, lang=lang, out=out, **options)
    console.print(say("cli.exported", path=result.path))
    console.print(say("export.number", number=result.number))
    if result.draft:
        console.print(say("cli.draft_note"))
    for waiting in result.waiting:
        console.print(say("cli.waiting", stage=_stage_name(waiting.stage), next=say(waiting.next_step)))


@app.command("demo-next", hidden=True)
def demo_next(slug: Slug) -> None:
    """What to try after ``make demo``."""
    print(message("demo.next", _lang(), slug=slug, out=get_settings().out_dir))


def main() -> None:
    """Entry point: domain errors become one line and exit code 1, never a traceback."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    try:
        get_settings()
    except ValidationError as error:
        problems = "; ".join(f"ROADMAP_{str(e['loc'][0]).upper()}: {e['msg']}" for e in error.errors())
        errors.print(f"[bold red]{say('cli.settings_error')}[/] {problems}", highlight=False)
        sys.exit(1)
    try:
        app(standalone_mode=False)
    except RoadmapError as error:
        errors.print(f"[bold red]{'Hata' if _lang() == 'tr' else 'Error'}:[/] {error}", highlight=False)
        sys.exit(1)
    except (OperationalError, ProgrammingError):
        errors.print(say("notfound.database", url=get_settings().resolved_database_url()))
        sys.exit(1)
    except typer.Abort:
        sys.exit(130)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.TyperException as error:  # usage errors: wrong option, missing argument
        error.show()  # type: ignore[attr-defined]
        sys.exit(getattr(error, "exit_code", 2))
    except Exception as error:  # a bug of ours: say so in one line, keep the traceback for debugging
        if os.environ.get("ROADMAP_DEBUG"):
            raise
        errors.print(f"[bold red]{say('cli.unexpected')}[/] {type(error).__name__}: {error}", highlight=False)
        sys.exit(2)


if __name__ == "__main__":
    main()
