"""`roadmap import …`: files people bring."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from roadmap.cli import (
    Actor,
    Slug,
    console,
    import_app,
    say,
)

if TYPE_CHECKING:
    from roadmap.imports.files import FileNotes

Mapping = Annotated[
    Path | None,
    typer.Option(
        "--mapping", help="Sütun ve değer eşleştirme dosyası (YAML): dosyayı değiştirmeden düzeltmek için."
    ),
]


def _print_notes(notes: FileNotes) -> None:
    """What was read differently from the file as written: skipped title rows, ignored columns, near matches."""
    for note in notes.messages():
        console.print("  • " + say(note.key, **note.params))


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
    mapping: Mapping = None,
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
    console.print(say(f"import.identity.{result.identity}"))
    _print_notes(result.notes)
    console.print(say("import.stored") if result.stored else say("cli.import_dry_run"))


@import_app.command("stakeholders")
def import_stakeholders_command(
    slug: Slug,
    file: Annotated[Path, typer.Argument(help="Paydaş listesi: .csv ya da .xlsx.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Yalnızca raporla, kaydetme.")] = False,
    merge_duplicates: Annotated[
        bool, typer.Option("--merge-duplicates", help="Aynı kurum olabilecek kayıtları birleştir.")
    ] = False,
    mapping: Mapping = None,
    actor: Actor = None,
) -> None:
    """Paydaş listesini içe aktarır; olası mükerrerleri bildirir, istenirse birleştirir.

    Örnek: roadmap import stakeholders ornekkoy paydaslar.xlsx --dry-run
    """
    from roadmap.services.stakeholders import import_stakeholders

    result = import_stakeholders(actor, slug, file, dry_run, merge_duplicates, mapping)
    print_list_import("import.stakeholders_summary", file, result, merge_duplicates)


def print_list_import(summary: str, file: Path, result: Any, merge_duplicates: bool) -> None:
    """What an import of a list with duplicate detection did (stakeholders, civic actors): the counts,
    the file's notes, each duplicate merged or noted, and whether anything was stored."""
    console.print(
        say(
            summary,
            file=file.name,
            rows=result.rows_read,
            added=result.added,
            updated=result.updated,
            merged=result.merged,
            total=result.total,
        )
    )
    _print_notes(result.notes)
    for note in result.duplicates:
        key = "import.duplicate_merged" if note.merged else "import.duplicate_note"
        console.print("  • " + say(key, row=note.row, name=note.name, like=note.like))
    if any(not note.merged for note in result.duplicates) and not merge_duplicates:
        console.print(say("cli.import_duplicate_hint"))
    console.print(say("import.stored") if result.stored else say("cli.import_dry_run"))


@import_app.command("attendance")
def import_attendance_command(
    slug: Slug,
    meeting: Annotated[str, typer.Argument(help="Toplantının kodu (ör. T2), sırası ya da adı.")],
    file: Annotated[Path, typer.Argument(help="Katılım listesi: .csv ya da .xlsx.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Yalnızca raporla, kaydetme.")] = False,
    mapping: Mapping = None,
    actor: Actor = None,
) -> None:
    """Bir toplantının katılım listesini (ve listedeki görüşleri) içe aktarır.

    Örnek: roadmap import attendance ornekkoy T2 imza-listesi.xlsx --dry-run
    """
    from roadmap.services.consultations import import_attendance

    result = import_attendance(actor, slug, meeting, file, dry_run, mapping)
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
    _print_notes(result.notes)
    if result.matched:
        console.print(say("import.attendance_matched", names=", ".join(result.matched)))
    if result.unmatched:
        console.print(say("import.attendance_unmatched", names=", ".join(result.unmatched)))
    console.print(say("import.stored") if result.stored else say("cli.import_dry_run"))


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
