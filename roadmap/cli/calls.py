"""``roadmap call …``, ``roadmap applications`` and ``roadmap application …``: calls for applications
and the programme's decisions on them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from roadmap.cli import Actor, _lang, app, console, say
from roadmap.text import ISTANBUL, local_time

call_app = typer.Typer(help="Başvuru çağrıları.", no_args_is_help=True)
app.add_typer(call_app, name="call")
application_app = typer.Typer(help="Bir çağrıya yapılan başvurular.", no_args_is_help=True)
app.add_typer(application_app, name="application")

CallKey = Annotated[str, typer.Argument(help="Çağrının kısa adı, ör. katiliyoruz-2027.")]
Number = Annotated[int, typer.Argument(help="Başvurunun numarası (roadmap applications listesindeki).")]


def moment(text: str, option: str) -> datetime:
    """A date (the end of that day when it is a deadline) or a date and time, in Türkiye's time."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(say("input.bad_date", value=text), param_hint=option) from None
    if len(text.strip()) == 10 and option == "--closes":
        value = value.replace(hour=23, minute=59, second=59)
    return value if value.tzinfo else value.replace(tzinfo=ISTANBUL)


@call_app.command("create")
def call_create(
    key: CallKey,
    name: Annotated[str, typer.Option("--name", help="Çağrının adı.")],
    opens: Annotated[str, typer.Option("--opens", help="Açılış (YYYY-AA-GG ya da YYYY-AA-GGTSS:DD).")],
    closes: Annotated[str, typer.Option("--closes", help="Son başvuru (YYYY-AA-GG ya da YYYY-AA-GGTSS:DD).")],
    form: Annotated[
        Path | None, typer.Option("--form", help="Uygunluk kuralları, sorular ve ölçütler (YAML).")
    ] = None,
    actor: Actor = None,
) -> None:
    """Program koordinatörü: başvuru çağrısı açar; form /apply/ANAHTAR adresinde yayında olur.

    Örnek: roadmap call create katiliyoruz-2027 --name "KATILIYORUZ 2027" --opens 2027-08-01 --closes 2027-09-03T18:00 --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.applications import create_call

    call = create_call(actor, key, name, moment(opens, "--opens"), moment(closes, "--closes"), form)
    console.print(
        say(
            "call.created",
            name=call.name,
            key=call.key,
            closes=local_time(call.closes),
            path=f"/apply/{call.key}",
        )
    )


@app.command("applications")
def applications(key: CallKey, actor: Actor = None) -> None:
    """Program ekibi: çağrının başvurularını eksikleri ve puanlarıyla listeler.

    Örnek: roadmap applications katiliyoruz-2027 --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.admissions import list_applications

    rows = list_applications(actor, key)
    table = Table(title=say("applications.title", call=key, have=len(rows)))
    for column in ("number", "municipality", "province", "state", "complete", "score"):
        table.add_column(say(f"applications.col.{column}"), overflow="fold")
    for row in rows:
        complete = (
            say("applications.complete")
            if not row.problems
            else say("applications.missing", have=len(row.problems))
        )
        score = "—" if row.score is None else f"{row.score:g} ({row.reviews})"
        table.add_row(
            str(row.id),
            row.municipality,
            row.province,
            say(f"application.state.{row.state}"),
            complete,
            score,
        )
    console.print(table)


@application_app.command("show")
def application_show(key: CallKey, number: Number, actor: Actor = None) -> None:
    """Program ekibi: bir başvurunun tamamını, eksiklerini ve puanlarını gösterir.

    Örnek: roadmap application show katiliyoruz-2027 1 --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.admissions import show_application

    detail = show_application(actor, key, number)
    form = detail.form
    console.print(
        f"[bold]{form.municipality}[/] ({form.kind}, {form.province}) · {say(f'application.state.{detail.row.state}')}"
    )
    console.print(f"{form.contact_name} <{form.contact_email}>")
    console.print(form.motivation)
    for nominee in form.team:
        mark = " *" if nominee.is_coordinator else ""
        console.print(f"  - {nominee.name}{mark} · {nominee.directorate} · {nominee.email}")
    for problem in detail.row.problems:
        console.print(f"  ! {problem.text(_lang())}")
    for review in detail.reviews:
        console.print(f"  {review['reviewer']}: {review['score']:g} {review['comment']}")


@application_app.command("score")
def application_score(
    key: CallKey,
    number: Number,
    scores: Annotated[list[str], typer.Argument(help="Ölçüt=puan, ör. motivation=4 team=5.")],
    comment: Annotated[str, typer.Option("-m", "--message", help="Değerlendirme notu.")] = "",
    actor: Actor = None,
) -> None:
    """Program ekibi: başvuruyu çağrının ölçütlerine göre puanlar (her değerlendirici ayrı).

    Örnek: roadmap application score katiliyoruz-2027 1 motivation=4 team=5 structures=3 --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.admissions import score_application

    parsed: dict[str, float] = {}
    for item in scores:
        criterion, _, value = item.partition("=")
        try:
            parsed[criterion.strip()] = float(value.replace(",", "."))
        except ValueError:
            raise typer.BadParameter(item, param_hint="SCORES") from None
    total = score_application(actor, key, number, parsed, comment)
    console.print(say("application.scored", number=number, score=f"{total:g}"))


@application_app.command("accept")
def application_accept(
    key: CallKey,
    number: Number,
    cohort: Annotated[str, typer.Option("--cohort", help="Belediyenin katılacağı kohort.")],
    slug: Annotated[str, typer.Option("--slug", help="Belediyenin kısa adı (verilmezse adından).")] = "",
    actor: Actor = None,
) -> None:
    """Program koordinatörü: başvuruyu kabul eder; belediye kohorta girer, ekibi davet edilir.

    Örnek: roadmap application accept katiliyoruz-2027 1 --cohort katiliyoruz-2027 --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.admissions import accept_application

    made = accept_application(actor, key, number, cohort, slug)
    console.print(say("application.accepted", number=number, slug=made, cohort=cohort))


@application_app.command("reject")
def application_reject(
    key: CallKey,
    number: Number,
    reason: Annotated[str, typer.Option("-m", "--message", help="Başvuru sahibine iletilecek gerekçe.")],
    actor: Actor = None,
) -> None:
    """Program koordinatörü: başvuruyu gerekçesiyle reddeder; başvuru sahibine nazik bir e-posta gider.

    Örnek: roadmap application reject katiliyoruz-2027 2 -m "Bu dönem büyükşehirlere öncelik verildi." --as koordinator@katiliyoruz.example.org
    """
    from roadmap.services.admissions import reject_application

    reject_application(actor, key, number, reason)
    console.print(say("application.rejected", number=number))
