"""``roadmap cohort …`` and ``roadmap example generate``: a programme's cohort as a whole."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from roadmap.cli import Actor, Lang, _lang, _options, app, console, errors, example_app, say

if TYPE_CHECKING:
    from roadmap.batch import BatchSummary, Outcome

cohort_app = typer.Typer(help="Kohortlar: programı birlikte yürüten belediyeler.", no_args_is_help=True)
app.add_typer(cohort_app, name="cohort")

CohortSlug = Annotated[str, typer.Argument(help="Kohortun kısa adı, ör. katiliyoruz-2027.")]


@cohort_app.command("create")
def cohort_create(
    slug: CohortSlug,
    name: Annotated[str, typer.Option("--name", help="Kohortun adı.")],
    starts: Annotated[str, typer.Option("--starts", help="Başlangıç tarihi (YYYY-AA-GG).")],
    ends: Annotated[str, typer.Option("--ends", help="Bitiş tarihi (YYYY-AA-GG).")],
    instrument: Annotated[
        Path | None, typer.Option("--instrument", help="Programın kendi öz değerlendirme aracı (YAML).")
    ] = None,
    catalogue: Annotated[
        Path | None, typer.Option("--catalogue", help="Programın kendi odak alanı kataloğu (YAML).")
    ] = None,
    actor: Actor = None,
) -> None:
    """Program koordinatörü: bir dönem için yeni bir kohort açar.

    Örnek: roadmap cohort create katiliyoruz-2027 --name "KATILIYORUZ 2027" --starts 2027-01-04 --ends 2027-12-31 --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.cohorts import create_cohort

    cohort = create_cohort(
        actor, slug, name, _date(starts, "--starts"), _date(ends, "--ends"), instrument, catalogue
    )
    console.print(
        say("cohort.created", name=cohort.name, slug=cohort.slug, starts=cohort.starts, ends=cohort.ends)
    )


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(say("input.bad_date", value=text), param_hint=option) from None


@cohort_app.command("add")
def cohort_add(
    slug: CohortSlug,
    municipalities: Annotated[
        list[str] | None, typer.Argument(help="Eklenecek belediyelerin kısa adları.")
    ] = None,
    consultant: Annotated[
        list[str] | None,
        typer.Option("--consultant", help="Kohortun danışmanı (e-posta); birden çok verilebilir."),
    ] = None,
    actor: Actor = None,
) -> None:
    """Program koordinatörü: kohorta belediye ve danışman ekler.

    Örnek: roadmap cohort add katiliyoruz-2027 ornekkoy --consultant danisman@katiliyoruz.example.org --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.cohorts import add_to_cohort

    added, advisers = add_to_cohort(actor, slug, municipalities or [], consultant or [])
    console.print(say("cohort.added", slug=slug, municipalities=added, consultants=advisers))


@cohort_app.command("partners")
def cohort_partners(
    slug: CohortSlug,
    partners: Annotated[
        list[str] | None,
        typer.Argument(help='Program ortakları: "Ad" ya da "Ad=logo.png"; hiçbiri verilmezse kaldırılır.'),
    ] = None,
    actor: Actor = None,
) -> None:
    """Program koordinatörü: kohortun yol haritalarının kapağında yer alacak program ortaklarını (ve
    logolarını) belirler.

    Örnek: roadmap cohort partners katiliyoruz-2027 "NDI Türkiye=logolar/ndi.png" "Türkiye Kent Konseyleri Birliği" --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.cohorts import set_cohort_partners

    named = []
    for given in partners or []:
        name, _, logo = given.partition("=")
        named.append((name, Path(logo) if logo else None))
    count = set_cohort_partners(actor, slug, named)
    console.print(say("cohort.partners_set", slug=slug, count=count))


@cohort_app.command("status")
def cohort_status_command(
    slug: CohortSlug,
    overdue: Annotated[bool, typer.Option("--overdue", help="Yalnızca gecikmesi olan belediyeler.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="En çok kaç belediye satırı gösterilsin.")] = 50,
    actor: Actor = None,
) -> None:
    """Kohortun durumu: aşamalara göre belediye sayıları, sıranın kimde olduğu ve gecikmeler.

    Örnek: roadmap cohort status katiliyoruz-2027 --overdue --as koordinator@katiliyoruz.example.org
    """
    from roadmap.render.cohort_report import overdue_text, stage_counts
    from roadmap.services.cohorts import cohort_status

    lang = _lang()
    status = cohort_status(actor, slug)
    summary = Table(title=say("cohort.report_title", name=status.name, today=status.today))
    summary.add_column(say("cohort.col.stage"))
    summary.add_column(say("cohort.col.count"), justify="right")
    for stage, count in stage_counts(status, lang):
        summary.add_row(stage, str(count))
    console.print(summary)
    rows = status.overdue_rows() if overdue else status.rows
    table = Table()
    for column in ("municipality", "stage", "status", "waiting_on", "since", "overdue"):
        table.add_column(say(f"cohort.col.{column}"), overflow="fold")
    for row in sorted(rows, key=lambda r: (-len(r.overdue), r.name))[:limit]:
        table.add_row(
            row.name,
            f"{int(row.stage)} {say(f'stage.{row.stage.key}')}"
            if row.stage is not None
            else say("cohort.done"),
            say(f"status.{row.status.value}") if row.status else "",
            say(f"cohort.waiting.{row.waiting_on}") if row.waiting_on else "",
            str(row.since_days),
            overdue_text(row, lang),
        )
    console.print(table)
    if len(rows) > limit:
        console.print(say("cli.cohort_more_rows", shown=limit, total=len(rows)))


@cohort_app.command("build")
def cohort_build_command(
    slug: CohortSlug,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Paralel süreç sayısı.")] = 2,
    chunk: Annotated[
        int | None, typer.Option("--chunk", min=1, help="Bir işe düşen belediye sayısı.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Verisi değişmeyenleri de yeniden yaz.")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Belgelerin yazılacağı klasör.")] = None,
    lang: Annotated[Lang | None, typer.Option("--lang", help="Belgelerin dili: tr ya da en.")] = None,
    orchestrate: Annotated[
        bool,
        typer.Option(
            "--orchestrate", help="Prefect akışı olarak çalıştır (PREFECT_API_URL varsa zaten öyle)."
        ),
    ] = False,
    deployed: Annotated[
        bool,
        typer.Option(
            "--deployed",
            help="Prefect sunucusundaki işçilere ver ve bitmesini bekle (PREFECT_API_URL; scripts/prefect-stack.sh).",
        ),
    ] = False,
    actor: Actor = None,
) -> None:
    """Program koordinatörü: kohorttaki her belediyenin yol haritasını yazar (paralel).

    Verisi son dışa aktarmadan beri değişmeyen belediyeler atlanır. Hatalı verisi olan bir belediye
    yalnızca kendisi başarısız olur ve hatasıyla listelenir.

    Örnek: roadmap cohort build katiliyoruz-2027 --workers 2 --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.cohorts import authorise_cohort_run, cohort_members

    if lang:
        _options(lang)
    authorise_cohort_run(actor, slug)
    names = cohort_members(actor, slug)
    language = _lang()
    from roadmap.runner import Engine, build_cohort, choose_engine

    engine = choose_engine(Engine.DEPLOYMENT if deployed else Engine.FLOW if orchestrate else None, many=True)
    if engine == Engine.DEPLOYMENT:
        with console.status(say("cohort.deployed_waiting")):
            summary = build_cohort(slug, list(names), language, engine=engine, force=force)
        _report_build(summary, names)
        return
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        # Prefect pickles task context for its worker processes; rich's stdout proxy holds a lock.
        redirect_stdout=False,
        redirect_stderr=False,
    ) as progress:
        bar = progress.add_task(say("cohort.building"), total=len(names))

        def advance(done: list[Outcome]) -> None:
            progress.advance(bar, len(done))

        summary = build_cohort(
            slug,
            list(names),
            language,
            engine=engine,
            out_dir=out,
            workers=workers,
            chunk_size=chunk,
            force=force,
            progress=advance,
        )
    _report_build(summary, names)


def _report_build(summary: BatchSummary, names: dict[str, str]) -> None:
    console.print(say("cohort.build_done", **summary.model_dump(exclude={"outcomes"})))
    if summary.failed:
        errors.print(say("cohort.build_failed"))
        for failure in summary.failures():
            errors.print(
                f"- {names.get(failure.slug, failure.slug)} ({failure.slug}): {failure.error}",
                highlight=False,
            )
        raise typer.Exit(1)


@cohort_app.command("report")
def cohort_report_command(
    slug: CohortSlug,
    out: Annotated[Path | None, typer.Option("--out", help="Raporun yolu (.xlsx).")] = None,
    orchestrate: Annotated[
        bool,
        typer.Option("--orchestrate", help="Prefect akışı olarak çalıştır; rapor Prefect'te de görünür."),
    ] = False,
    actor: Actor = None,
) -> None:
    """Program koordinatörü: kohortun ilerleme raporunu Excel dosyası olarak yazar.

    Örnek: roadmap cohort report katiliyoruz-2027 --out out/kohort.xlsx --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.cohorts import authorise_cohort_run, cohort_progress

    authorise_cohort_run(actor, slug)
    lang = _lang()
    from roadmap.runner import PREFECT_ENGINES, Engine, choose_engine

    if choose_engine(Engine.FLOW if orchestrate else None) in PREFECT_ENGINES:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
        from flows.cohort import cohort_report

        path = Path(cohort_report(slug, lang, str(out) if out else None))
    else:
        from roadmap.render.cohort_report import write_report_xlsx
        from roadmap.services.cohort_monitoring import cohort_monitoring
        from roadmap.services.office import cohort_office
        from roadmap.settings import get_settings

        path = write_report_xlsx(
            cohort_progress(actor, slug),
            lang,
            out or get_settings().out_dir / f"{slug}-ilerleme-raporu-{lang}.xlsx",
            monitoring=cohort_monitoring(actor, slug),
            office=cohort_office(actor, slug),
        )
    console.print(say("cohort.report_written", path=path))


@example_app.command("generate")
def example_generate(
    count: Annotated[int, typer.Option("--count", min=1, help="Üretilecek belediye sayısı.")] = 100,
    seed: Annotated[int, typer.Option("--seed", help="Aynı tohum aynı veriyi üretir.")] = 1,
    cohort: Annotated[str | None, typer.Option("--cohort", help="Yeni kohortun kısa adı.")] = None,
) -> None:
    """Deneme ve yük testi için sentetik belediyeler üretir (gerçek veri olarak kullanmayın).

    Örnek: roadmap example generate --count 1390 --seed 7
    """
    from roadmap.devtools.synthetic import generate_cohort

    with console.status(say("generate.working", count=count)):
        result = generate_cohort(count, seed, cohort)
    console.print(say("cohort.generated", created=result.created, cohort=result.cohort))
