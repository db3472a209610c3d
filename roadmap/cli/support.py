"""`roadmap support …`: the Sivil Katılım Destek Programı: calls, applications, reviews, decisions, awards."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from roadmap.cli import Actor, Comment, Slug, _lang, app, console, say
from roadmap.cli.cohorts import _date
from roadmap.errors import InvalidInput
from roadmap.text import local_time, long_date, money, number

support_app = typer.Typer(help="Sivil Katılım Destek Programı.", no_args_is_help=True)
call_app = typer.Typer(help="Destek çağrıları.", no_args_is_help=True)
app.add_typer(support_app, name="support")
support_app.add_typer(call_app, name="call")

App = Annotated[int, typer.Argument(help="Başvurunun numarası.")]


class Kind(StrEnum):
    technical = "technical"
    training = "training"
    in_kind = "in_kind"
    venue = "venue"
    materials = "materials"


@call_app.command("create")
def call_create(
    key: Annotated[str, typer.Argument(help="Çağrının kısa adı, ör. 2027-1.")],
    name: Annotated[str, typer.Option("--name", help="Çağrının adı.")],
    opens: Annotated[str, typer.Option("--opens", help="Açılış tarihi (YYYY-AA-GG).")],
    closes: Annotated[str, typer.Option("--closes", help="Kapanış tarihi (YYYY-AA-GG).")],
    rubric: Annotated[
        Path, typer.Option("--rubric", help="Değerlendirme ölçütleri ve ağırlıkları: .yaml ya da .csv.")
    ],
    actor: Actor = None,
) -> None:
    """Bir destek çağrısı açar; ölçütler çağrı açıldığında dondurulur.

    Örnek: roadmap support call create 2027-1 --name "2027 ilk çağrı" --opens 2027-01-15 --closes 2027-03-01 --rubric examples/programme/destek-olcutleri.yaml
    """
    from roadmap.services.support import create_call

    call = create_call(actor, key, name, _date(opens, "--opens"), _date(closes, "--closes"), rubric)
    console.print(say("support.call_created", key=call.key, count=len(call.criteria)))


@call_app.command("rubric")
def call_rubric(
    key: Annotated[str, typer.Argument(help="Çağrının kısa adı.")],
    rubric: Annotated[Path, typer.Option("--rubric", help="Yeni ölçütler: .yaml ya da .csv.")],
    actor: Actor = None,
) -> None:
    """Çağrı açılmadan önce ölçütlerin yeni bir sürümünü kaydeder.

    Örnek: roadmap support call rubric 2027-1 --rubric olcutler-v2.yaml
    """
    from roadmap.services.support import replace_rubric

    console.print(say("support.rubric_replaced", key=key, number=replace_rubric(actor, key, rubric)))


@support_app.command("calls")
def calls(actor: Actor = None) -> None:
    """Destek çağrılarını ve ölçütlerini listeler.

    Örnek: roadmap support calls
    """
    from roadmap.services.support import list_calls

    lang = _lang()
    for call in list_calls(actor):
        state = say("support.call_open") if call.is_open else say("support.call_not_open")
        console.print(
            f"[bold]{call.key}[/] {call.name} ({long_date(call.opens, lang)} – {long_date(call.closes, lang)}, {state})",
            highlight=False,
        )
        for c in call.criteria:
            console.print(
                f"  {c.key}: {c.title} ({say('support.weight', weight=number(c.weight, lang, 0), top=c.max_score)})"
            )


@support_app.command("apply")
def apply(
    slug: Slug,
    key: Annotated[str, typer.Argument(help="Çağrının kısa adı.")],
    action: Annotated[
        list[str], typer.Option("--action", help="Projenin hizmet ettiği eylemin kodu (birden çok olabilir).")
    ],
    title: Annotated[str, typer.Option("--title", help="Projenin adı.")],
    request: Annotated[str, typer.Option("--request", help="İstenen teknik ve ayni destek.")],
    actors: Annotated[
        list[int] | None, typer.Option("--actor", help="Projede yer alan sivil aktörün rehber numarası.")
    ] = None,
    actor: Actor = None,
) -> None:
    """Onaylı yol haritasındaki eylemler için destek başvurusu yapar.

    Örnek: roadmap support apply ornekkoy 2027-1 --action 2.1 --title "Gençlik meclisi eğitimleri" --request "Kolaylaştırıcı eğitimi ve salon"
    """
    from roadmap.services.support import apply_for_support

    application = apply_for_support(actor, slug, key, action, title, request, actors or [])
    console.print(say("support.applied", number=application, key=key))


@support_app.command("applications")
def applications(
    slug: Annotated[str | None, typer.Argument(help="Yalnızca bu belediyenin başvuruları.")] = None,
    actor: Actor = None,
) -> None:
    """Görebildiğiniz destek başvurularını listeler: numara, belediye, proje, çağrı, durum.

    Örnek: roadmap support applications ornekkoy
    """
    from roadmap.services.support import support_applications

    table = Table("#", say("cohort.col.municipality"), say("web.support.project"), say("web.support.call"), say("web.matches.status"))  # fmt: skip
    for a in support_applications(actor, slug):
        table.add_row(str(a.id), a.municipality, a.title, a.call_key, say(f"support.status.{a.status.value}"))
    console.print(table)


def _scores(pairs: list[str]) -> dict[str, int]:
    scores: dict[str, int] = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        if not value.strip().lstrip("-").isdigit():
            raise InvalidInput("support.error.score_pair", value=pair)
        scores[key.strip().lower()] = int(value)
    return scores


@support_app.command("review")
def review(
    application: App,
    score: Annotated[
        list[str] | None, typer.Option("--score", help="Ölçüt puanı: ANAHTAR=PUAN (her ölçüt için).")
    ] = None,
    conflict: Annotated[
        bool, typer.Option("--conflict", help="Çıkar çatışması bildir (puan verilemez).")
    ] = False,
    message: Comment = "",
    actor: Actor = None,
) -> None:
    """Bir başvuruyu ölçüt ölçüt puanlar ya da çıkar çatışması bildirir.

    Örnek: roadmap support review 1 --score uygunluk=4 --score katilim=5 --score uygulanabilirlik=3 --score surdurulebilirlik=4 -m "Güçlü ortaklık"
    """
    from roadmap.services.support_review import declare_conflict, review_application

    if conflict:
        declare_conflict(actor, application, message)
        console.print(say("support.conflict_recorded", number=application))
        return
    weighted = review_application(actor, application, _scores(score or []), message)
    console.print(say("support.reviewed", number=application, score=number(weighted, _lang())))


@support_app.command("decide")
def decide(
    application: App,
    award: Annotated[bool, typer.Option("--award/--decline", help="Destek ver ya da verme.")],
    message: Comment = "",
    actor: Actor = None,
) -> None:
    """Yeterli sayıda bağımsız değerlendirmeden sonra başvuru hakkında gerekçeli karar verir.

    Örnek: roadmap support decide 1 --award -m "İki değerlendirmede de yüksek puan"
    """
    from roadmap.services.support_review import decide_application

    status = decide_application(actor, application, award, message)
    console.print(say("support.decided", number=application, status=say(f"support.status.{status.value}")))


@support_app.command("award")
def award_command(
    application: App,
    kind: Annotated[Kind, typer.Option("--kind", help="Desteğin türü.")],
    description: Annotated[str, typer.Option("--description", help="Ne verildi.")],
    value: Annotated[float, typer.Option("--value", help="Parasal değeri (TL).")],
    given_on: Annotated[str, typer.Option("--date", help="Verildiği tarih (YYYY-AA-GG).")],
    quantity: Annotated[float, typer.Option("--quantity", help="Miktarı.")] = 1,
    unit: Annotated[str, typer.Option("--unit", help="Birimi, ör. gün, kişi.")] = "",
    action: Annotated[
        str, typer.Option("--action", help="Hizmet ettiği eylemin kodu (varsayılan: ilki).")
    ] = "",
    actor: Actor = None,
) -> None:
    """Desteklenen bir başvuruya verilen desteği deftere kaydeder (tür, miktar, değer, tarih).

    Örnek: roadmap support award 1 --kind training --description "Kolaylaştırıcı eğitimi" --quantity 2 --unit gün --value 40000 --date 2027-02-10
    """
    from roadmap.domain.support import SupportKind
    from roadmap.services.support_awards import record_award

    record_award(
        actor,
        application,
        SupportKind(kind.value),
        description,
        quantity,
        unit,
        value,
        _date(given_on, "--date"),
        action,
    )
    console.print(say("support.award_recorded", number=application, value=money(value, _lang())))


@support_app.command("show")
def show(application: App, actor: Actor = None) -> None:
    """Başvurunun ağırlıklı puanını, her değerlendirmeyi, kararı ve verilen desteği gösterir.

    Örnek: roadmap support show 1
    """
    from roadmap.services.support_review import show_application

    lang = _lang()
    view = show_application(actor, application)
    s = view.summary
    console.print(f"[bold]#{s.id} {s.title}[/] — {s.municipality} ({s.call_name})", highlight=False)
    console.print(say("support.status_line", status=say(f"support.status.{s.status.value}")))
    console.print(say("support.actions_line", actions=", ".join(f"{c} {t}" for c, t in view.actions)))
    if view.actors:
        console.print(say("support.actors_line", names=", ".join(view.actors)))
    console.print(say("support.request_line", text=view.request), highlight=False)
    shown = "—" if view.score is None else number(view.score, lang)
    console.print(
        say("support.score_line", score=shown, count=len(view.scoring_reviews), needed=view.min_reviews)
    )
    table = Table(
        say("support.col.reviewer"),
        *(c.key for c in view.criteria),
        say("support.col.weighted"),
        say("support.col.comment"),
    )
    for r in view.reviews:
        if r.conflict:
            table.add_row(
                r.reviewer_name,
                *("—" for _ in view.criteria),
                "—",
                say("support.conflict_row", reason=r.comment),
            )
        else:
            weighted = "—" if r.weighted is None else number(r.weighted, lang)
            table.add_row(
                r.reviewer_name, *(str(r.scores.get(c.key, "—")) for c in view.criteria), weighted, r.comment
            )
    console.print(table)
    if view.decided_at:
        console.print(
            say(
                "support.decision_line",
                by=view.decided_by_name,
                at=local_time(view.decided_at),
                reason=view.decision_reason,
            )
        )
    for a in view.awards:
        console.print(
            f"  • {long_date(a.given_on, lang)} {say('actors.action', code=a.action_code)}: {a.description} "
            f"({number(a.quantity, lang, 0)} {a.unit}, {money(a.value_try, lang)})",
            highlight=False,
        )
