"""Monitoring after approval: check-ins, their verification, the progress table and reminders."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from typer import _click as click
from typer.core import TyperGroup

from roadmap.cli import Actor, Slug, app, console, say
from roadmap.errors import InvalidInput
from roadmap.text import number, quantity


class CheckinGroup(TyperGroup):
    """``roadmap checkin SLUG ACTION …`` records a check-in; ``roadmap checkin export|import|verify …``
    are the group's other commands (``record`` is the first one's own name)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["record", *args]
        return super().parse_args(ctx, args)


checkin_app = typer.Typer(
    cls=CheckinGroup, help="İzleme: eylemlerin üç aylık durum bildirimleri.", no_args_is_help=True
)
monitoring_app = typer.Typer(help="İzleme: hatırlatmalar ve program kuralları.", no_args_is_help=True)
app.add_typer(checkin_app, name="checkin")
app.add_typer(monitoring_app, name="monitoring")

Period = Annotated[str, typer.Option("--period", help="Dönem (çeyrek), ör. 2027-Q1.")]
ActionArg = Annotated[str, typer.Argument(help="Eylemin kodu, ör. 1.2.")]


def _number(text: str, where: str) -> float:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        raise InvalidInput("monitoring.bad_actual", value=where) from None


def _actuals(given: list[str]) -> dict[str, float]:
    found = {}
    for item in given:
        address, sign, value = item.partition("=")
        if not sign:
            raise InvalidInput("monitoring.bad_actual", value=item)
        found[address.strip()] = _number(value, item)
    return found


def _evidence(given: list[str]) -> tuple[list[dict[str, str]], list[Any]]:
    """Web addresses and meeting records as they are; files read to be kept in the file store."""
    from roadmap.services.monitoring import EvidenceUpload

    links: list[dict[str, str]] = []
    uploads = []
    for item in given:
        if item.lower().startswith(("http://", "https://")):
            links.append({"kind": "link", "ref": item, "name": item})
        elif item.lower().startswith("meeting:"):
            links.append({"kind": "meeting", "ref": item.split(":", 1)[1], "name": item.split(":", 1)[1]})
        else:
            path = Path(item)
            if not path.is_file():
                raise InvalidInput("monitoring.evidence_missing", path=item)
            uploads.append(EvidenceUpload(name=path.name, data=path.read_bytes()))
    return links, uploads


@checkin_app.command("record")
def checkin_record(
    slug: Slug,
    action: ActionArg,
    period: Period,
    status: Annotated[
        str, typer.Option("--status", help="not_started, limited, substantial, complete ya da withdrawn.")
    ],
    message: Annotated[str, typer.Option("-m", "--message", help="Bu dönemde ne yapıldı.")] = "",
    actual: Annotated[
        list[str] | None,
        typer.Option("--actual", help="Göstergenin dönem sonu değeri: EYLEM.N=DEĞER, ör. 1.1.1=1."),
    ] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option("--evidence", help="Kanıt: bir dosya, bir web adresi ya da meeting:TOPLANTI."),
    ] = None,
    delays: Annotated[str, typer.Option("--delays", help="Gecikmeler ve nedenleri.")] = "",
    reason: Annotated[str, typer.Option("--reason", help="Eylemden vazgeçildiyse gerekçesi.")] = "",
    actor: Actor = None,
) -> None:
    """Bir eylemin bir dönemdeki durumunu bildirir (kısaca: roadmap checkin SLUG EYLEM …).

    Örnek: roadmap checkin ornekkoy 1.1 --period 2027-Q1 --status complete --actual 1.1.1=1 --evidence gorevlendirme.pdf -m "Sekretarya personeli görevlendirildi"
    """
    from roadmap.domain.monitoring import CheckinStatus
    from roadmap.services.monitoring import record_checkin

    if status not in {s.value for s in CheckinStatus}:
        raise InvalidInput(
            "monitoring.bad_status", value=status, allowed=", ".join(s.value for s in CheckinStatus)
        )
    links, uploads = _evidence(evidence or [])
    given = {
        "status": status,
        "done": message,
        "delays": delays,
        "reason": reason,
        "actuals": _actuals(actual or []),
        "evidence": links,
    }
    view = record_checkin(actor, slug, action, period, given, uploads)
    console.print(
        say(
            "cli.checkin.recorded",
            action=view.action_code,
            period=view.period,
            status=say(f"irm.{view.status.value}"),
        )
    )
    if view.late:
        console.print(say("cli.checkin.late"))
    if view.verification.value == "pending":
        console.print(say("cli.checkin.pending"))


@checkin_app.command("verify")
def checkin_verify(
    slug: Slug,
    action: ActionArg,
    period: Period,
    send_back: Annotated[
        bool, typer.Option("--return", help="Doğrulamadan geri gönder (yorum gerekir).")
    ] = False,
    comment: Annotated[str, typer.Option("-m", "--message", help="Yorum.")] = "",
    actor: Actor = None,
) -> None:
    """Danışman: "tamamlandı" bildirimini doğrular ya da yorumla geri gönderir.

    Örnek: roadmap checkin verify ornekkoy 1.1 --period 2027-Q1 -m "Görevlendirme yazısı görüldü"
    """
    from roadmap.services.monitoring import verify_checkin

    view = verify_checkin(actor, slug, action, period, not send_back, comment)
    console.print(say(f"cli.checkin.{view.verification.value}", action=view.action_code, period=view.period))


@checkin_app.command("export")
def checkin_export(
    slug: Slug,
    period: Period,
    file: Annotated[Path, typer.Argument(help="Yazılacak .xlsx dosyası.")],
    actor: Actor = None,
) -> None:
    """Dönemin durum bildirimi çalışma kitabını yazar: her müdürlüğe bir sayfa, son değerlerle dolu.

    Örnek: roadmap checkin export ornekkoy --period 2027-Q2 izleme-2027-Q2.xlsx
    """
    from roadmap.services.checkin_workbook import export_checkin_workbook

    sheets = export_checkin_workbook(actor, slug, period, file)
    console.print(say("cli.checkin.exported", path=str(file), count=sheets))


@checkin_app.command("import")
def checkin_import(
    slug: Slug,
    file: Annotated[Path, typer.Argument(help="Doldurulmuş .xlsx dosyası.")],
    actor: Actor = None,
) -> None:
    """Doldurulmuş çalışma kitabındaki durum bildirimlerini kaydeder (hepsi ya da hiçbiri).

    Örnek: roadmap checkin import ornekkoy izleme-2027-Q2.xlsx
    """
    from roadmap.services.checkin_workbook import import_checkin_workbook

    recorded = import_checkin_workbook(actor, slug, file)
    console.print(say("cli.checkin.imported", count=len(recorded), path=str(file)))


def _share(value: float | None) -> str:
    from roadmap.cli import _lang

    return "–" if value is None else quantity(round(value * 100), "%", _lang())


@app.command()
def progress(
    slug: Slug,
    period: Annotated[
        str | None, typer.Option("--period", help="Dönem, ör. 2027-Q1 (varsayılan: bu çeyrek).")
    ] = None,
    actor: Actor = None,
) -> None:
    """Onaylı yol haritasının ilerlemesi: eylem, durum, göstergeler (başlangıç → gerçekleşen → hedef),
    kanıt sayısı, gecikme.

    Örnek: roadmap progress ornekkoy --period 2027-Q1
    """
    from roadmap.cli import _lang
    from roadmap.services.monitoring import roadmap_progress

    lang = _lang()
    report = roadmap_progress(actor, slug, period)
    table = Table(
        say("cli.progress.action"),
        say("cli.progress.status"),
        say("cli.progress.indicators"),
        say("cli.progress.evidence"),
        say("cli.progress.late"),
        say("cli.progress.share"),
        title=say("cli.progress.title", name=report.name, period=report.period),
    )
    for row in report.actions:
        status = say(f"irm.{row.status.value}") if row.status else say("irm.none")
        if row.verification.value:
            status += f" ({say(f'verification.{row.verification.value}')})"
        indicators = "\n".join(
            f"{i.code} {i.name}: {quantity(i.baseline, i.unit, lang)} → "
            f"{quantity(i.actual, i.unit, lang) if i.actual is not None else '–'} → "
            f"{quantity(i.target, i.unit, lang)} ({_share(i.progress)})"
            for i in row.indicators
        )
        late = say("cli.progress.is_late") if row.late else say("cli.progress.overdue") if row.overdue else ""
        table.add_row(
            f"{row.code} {row.title}", status, indicators, str(row.evidence), late, _share(row.progress)
        )
    console.print(table)
    for goal_number, title, share in report.goals:
        console.print(say("cli.progress.goal", number=goal_number, title=title, share=_share(share)))
    console.print(
        say("cli.progress.total", share=_share(report.progress), late=number(report.late_count(), lang, 0))
    )


@monitoring_app.command("remind")
def monitoring_remind() -> None:
    """Dönem son tarihinden önce ve sonra eylem sorumlularına, saat takviminin gerisinde kalan ekip
    üyelerine de (en çok haftada bir) hatırlatma yazar ve bildirim kutusundakileri gönderir.

    Örnek: roadmap monitoring remind
    """
    from roadmap.services.notifications import deliver_pending
    from roadmap.services.reminders import send_reminders

    report = send_reminders()
    delivered = deliver_pending()
    console.print(
        say(
            "cli.reminders.sent",
            before=report.before,
            after=report.after,
            pace=report.pace,
            sent=delivered.sent,
        )
    )


report_app = typer.Typer(help="Raporlar.", no_args_is_help=True)
app.add_typer(report_app, name="report")


@report_app.command("progress")
def report_progress(
    slug: Slug,
    period: Period,
    out: Annotated[Path, typer.Option("--out", help="Yazılacak .docx dosyası.")],
    actor: Actor = None,
) -> None:
    """Üç aylık ilerleme raporunu Word belgesi olarak yazar: ilerleme çubukları, planlanan ve yapılan
    zaman çizelgesi, eylemler, göstergeler, kanıtlar ve değişiklikler.

    Örnek: roadmap report progress ornekkoy --period 2027-Q1 --out ilerleme-2027-Q1.docx
    """
    from roadmap.cli import _lang
    from roadmap.services.progress_report import progress_document

    written = progress_document(actor, slug, period, out, _lang())
    console.print(say("cli.report.written", path=str(written)))


@monitoring_app.command("rules")
def monitoring_rules(
    cohort: Annotated[str, typer.Argument(help="Kohortun kısa adı.")],
    grace_days: Annotated[
        int | None, typer.Option("--grace-days", help="Çeyrek bittikten sonra bildirim için gün.")
    ] = None,
    remind_days: Annotated[
        int | None, typer.Option("--remind-days", help="Son tarihten kaç gün önce hatırlatılsın.")
    ] = None,
    weighting: Annotated[
        str | None, typer.Option("--weighting", help="Eylemlerin ağırlığı: equal ya da budget.")
    ] = None,
    indicator: Annotated[
        list[str] | None,
        typer.Option(
            "--indicator",
            help='Kohort göstergesi: KOD="Ad|birim", ör. stk-toplanti="STK toplantısı|toplantı".',
        ),
    ] = None,
    actor: Actor = None,
) -> None:
    """Program koordinatörü: kohortun izleme kurallarını ve tüm belediyelerin bildireceği kohort göstergelerini belirler.

    Örnek: roadmap monitoring rules katiliyoruz-2026 --weighting budget --indicator stk-toplanti="STK'larla toplantı|toplantı"
    """
    from roadmap.services.cohort_monitoring import set_monitoring_rules

    indicators = None
    if indicator is not None:
        indicators = []
        for item in indicator:
            code, _, rest = item.partition("=")
            name, _, unit = rest.partition("|")
            indicators.append({"code": code.strip(), "name": name.strip(), "unit": unit.strip()})
    rules = set_monitoring_rules(actor, cohort, grace_days, remind_days, weighting, indicators)
    console.print(
        say("cli.monitoring.rules", cohort=cohort, grace=rules.grace_days, remind=rules.remind_before_days,
            weighting=rules.weighting, count=len(rules.indicators))
    )  # fmt: skip


@monitoring_app.command("indicator")
def monitoring_indicator(
    slug: Slug,
    period: Period,
    values: Annotated[list[str], typer.Argument(help="KOD=DEĞER, ör. stk-toplanti=3.")],
    actor: Actor = None,
) -> None:
    """Belediyenin kohort göstergeleri için bir dönemdeki değerlerini kaydeder.

    Örnek: roadmap monitoring indicator ornekkoy --period 2027-Q1 stk-toplanti=3
    """
    from roadmap.services.cohort_monitoring import record_cohort_indicator

    count = record_cohort_indicator(actor, slug, period, _actuals(values))
    console.print(say("cli.monitoring.indicator", count=count, period=period))
