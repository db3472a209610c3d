"""The consultant's checklist on the command line: ``roadmap check`` and ``roadmap explain``."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.markup import escape

from roadmap.cli import Actor, Comment, Slug, _lang, app, console, say
from roadmap.domain.checklist import Finding, Severity
from roadmap.domain.stages import Stage
from roadmap.settings import Language

MARKS = {Severity.BLOCKING: "[bold red]✗[/]", Severity.WARNING: "[yellow]⚠[/]", Severity.NOTE: "[cyan]•[/]"}


def finding_json(finding: Finding, lang: Language) -> dict[str, object]:
    """One point of the checklist as data a program reads, its words in ``lang``."""
    return {
        "code": finding.code,
        "key": finding.key,
        "severity": finding.severity.value,
        "state": finding.state,
        "stage": int(finding.stage),
        "gates": int(finding.gates),
        "record": {**finding.record.model_dump(), "label": finding.record.render(lang)},
        "text": finding.text(lang),
        "fix": finding.fix(lang),
        "reason": finding.reason,
    }


def _line(finding: Finding, lang: Language) -> str:
    mark = MARKS[finding.severity] if finding.open else "[green]✓[/]"
    severity = say(f"severity.{finding.severity.value}")
    line = (
        f"{mark} [bold]\\[{finding.key}][/] {severity} · {escape(finding.record.render(lang))}: "
        f"{escape(finding.text(lang))}"
    )
    if finding.open:
        return f"{line}\n    → {escape(finding.fix(lang))}"
    state = say(f"check.state.{finding.state}")
    return f"{line}\n    {state}: {escape(finding.reason)}"


@app.command()
def check(
    slug: Slug,
    stage: Annotated[
        str | None, typer.Option("--stage", help="Yalnızca bu aşamanın noktaları (0–6).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Makinenin okuyacağı JSON olarak yaz.")] = False,
    actor: Actor = None,
) -> None:
    """Danışmanın kontrol listesi: aşamalar arasındaki bağlar ve kişilerin mahremiyeti, her nokta bir satırda.

    Engelleyici bir nokta yoksa 0, varsa 1 ile çıkar.

    Örnek: roadmap check ornekkoy --stage 5 --as danisman@katiliyoruz.example.org
    """
    from roadmap.services.checks import check_roadmap

    report = check_roadmap(actor, slug, Stage.parse(stage) if stage is not None else None)
    lang = _lang()
    if as_json:
        payload = {
            "slug": report.slug,
            "counts": report.counts(),
            "findings": [finding_json(f, lang) for f in report.findings],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        console.print(f"[bold]{escape(say('cli.check.title', name=report.name))}[/]")
        for finding in report.findings:
            console.print(_line(finding, lang), highlight=False)
        if not any(f.open for f in report.findings):
            console.print(say("cli.check.none"))
        console.print(say("cli.check.summary", **report.counts()))
        if any(f.open for f in report.findings):
            console.print(f"[dim]{escape(say('cli.check.hint'))}[/]")
    if report.blocking():
        raise typer.Exit(1)


@app.command()
def explain(
    slug: Slug,
    key: Annotated[
        str,
        typer.Argument(help="Noktanın anahtarı, ör. needs.no_action:monitoring (roadmap check gösterir)."),
    ],
    comment: Comment = "",
    actor: Actor = None,
) -> None:
    """Ekip: bir uyarıyı neden böyle bıraktığını gerekçe olarak yazar (boş gerekçe geri alır).

    Gerekçe aşamayla birlikte saklanır, danışman incelemede görür, belgede ilgili yerde basılır.

    Örnek: roadmap explain ornekkoy needs.no_action:monitoring -m "Bu boyut için ikinci dönemde eylem planlanacak."
    """
    from roadmap.services.checks import explain_finding

    finding = explain_finding(actor, slug, key, comment)
    done = "cli.explained" if comment.strip() else "cli.explain_removed"
    console.print(say(done, key=finding.key))
