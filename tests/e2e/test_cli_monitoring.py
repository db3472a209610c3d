"""``roadmap checkin``, ``roadmap progress`` and the check-in workbook as a directorate uses them."""

from __future__ import annotations

from pathlib import Path

from conftest import CONSULTANT, SLUG
from openpyxl import load_workbook
from test_cli import run
from test_releases import approve_all

from roadmap.services.monitoring import roadmap_progress


def test_a_check_in_by_cli_with_an_indicator_value_and_a_file_as_evidence(example, tmp_path):
    approve_all()
    letter = tmp_path / "gorevlendirme.pdf"
    letter.write_bytes(b"%PDF-1.4 Sekretarya gorevlendirme yazisi")
    refused = run(
        "checkin",
        SLUG,
        "1.1",
        "--period",
        "2027-Q1",
        "--status",
        "complete",
        "--actual",
        "1.1.1=1",
        "-m",
        "Tamam",
    )
    assert refused.returncode == 1 and "kanıt" in refused.stderr and "Traceback" not in refused.stderr
    done = run(
        "checkin", SLUG, "1.1", "--period", "2027-Q1", "--status", "complete", "--actual", "1.1.1=1",
        "--evidence", str(letter), "--evidence", "https://ornekkoy.bel.tr/duyurular/12", "-m", "Personel görevlendirildi",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1.1 eyleminin 2027-Q1 durumu kaydedildi: Tamamlandı" in done.stdout
    assert "danışmanın doğrulamasını bekliyor" in done.stdout
    wrong = run("checkin", SLUG, "1.2", "--period", "2027-Q1", "--status", "limited", "--actual", "1.1.1=3")
    assert wrong.returncode == 1 and "1.2.1" in wrong.stderr
    verified = run(
        "checkin", "verify", SLUG, "1.1", "--period", "2027-Q1", "-m", "Yazı görüldü", user=CONSULTANT
    )
    assert verified.returncode == 0 and "doğrulandı" in verified.stdout
    table = run("--lang", "en", "progress", SLUG, "--period", "2027-Q1")
    assert table.returncode == 0, table.stderr
    assert "Complete (verified)" in table.stdout and "0 kişi → 1 kişi → 1 kişi (100%)" in table.stdout


def _cell(sheet, code: str, column: int):  # type: ignore[no-untyped-def]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == code)
    return row[column - 1]


def test_the_workbook_goes_out_prefilled_and_comes_back_as_check_ins(example, tmp_path):
    approve_all()
    assert (
        run(
            "checkin", SLUG, "1.2", "--period", "2027-Q1", "--status", "limited", "--actual", "1.2.1=40"
        ).returncode
        == 0
    )
    book_path = tmp_path / "izleme-2027-Q2.xlsx"
    exported = run("checkin", "export", SLUG, "--period", "2027-Q2", str(book_path))
    assert exported.returncode == 0, exported.stderr
    book = load_workbook(book_path)
    assert "Yazı İşleri Müdürlüğü" in book.sheetnames and book["_plan"].sheet_state == "hidden"
    sheet = book["Yazı İşleri Müdürlüğü"]
    assert (
        _cell(sheet, "1.2", 7).value == "Sınırlı" and _cell(sheet, "1.2.1", 6).value == 40
    )  # the last values
    _cell(sheet, "1.2", 7).value = "Önemli ölçüde"
    _cell(sheet, "1.2", 8).value = "İki meclis oturumunda konsey görüşü gündeme alındı"
    _cell(sheet, "1.2", 11).value = "https://ornekkoy.bel.tr/meclis/kararlar/2027-04"
    _cell(sheet, "1.2.1", 7).value = 60
    book.save(book_path)
    imported = run("checkin", "import", SLUG, str(book_path))
    assert imported.returncode == 0, imported.stderr
    assert "1 durum bildirimi kaydedildi" in imported.stdout  # the untouched actions are left alone
    row = next(a for a in roadmap_progress(CONSULTANT, SLUG, "2027-Q2").actions if a.code == "1.2")
    assert row.status == "substantial" and row.indicators[0].actual == 60 and row.evidence == 1


def test_a_workbook_of_another_municipality_or_a_changed_plan_is_refused_by_row_and_field(example, tmp_path):
    approve_all()
    book_path = tmp_path / "izleme.xlsx"
    assert run("checkin", "export", SLUG, "--period", "2027-Q1", str(book_path)).returncode == 0
    book = load_workbook(book_path)
    book["_plan"]["B1"].value = "baskakoy"
    book.save(tmp_path / "baska.xlsx")
    other = run("checkin", "import", SLUG, str(tmp_path / "baska.xlsx"))
    assert other.returncode == 1 and "başka bir belediyenin (baskakoy)" in other.stderr
    book = load_workbook(book_path)
    sheet = book["Strateji Geliştirme Müdürlüğü"]
    _cell(sheet, "1.1", 7).value = "Tamamlandı"
    _cell(sheet, "1.1", 11).value = "https://ornekkoy.bel.tr/duyuru"
    _cell(sheet, "1.1.1", 5).value = 2  # a target that is not the plan's
    book.save(book_path)
    changed = run("--lang", "en", "checkin", "import", SLUG, str(book_path))
    assert changed.returncode == 1
    assert "Sheet 'Strateji Geliştirme Müdürlüğü', row 3, 'Target': the plan changed" in changed.stderr
    assert (
        roadmap_progress(CONSULTANT, SLUG, "2027-Q1").actions[0].checked_in is False
    )  # nothing half-written


def test_monitoring_before_approval_is_refused_in_one_line(example, tmp_path: Path):
    result = run("progress", SLUG)
    assert result.returncode == 1 and "onaylanmadı" in result.stderr and "Traceback" not in result.stderr


def test_monitoring_remind_runs_by_hand_and_says_what_it_wrote(example):
    approve_all()
    result = run("monitoring", "remind", user=None)
    assert result.returncode == 0, result.stderr
    assert "Hatırlatmalar: son tarihten önce" in result.stdout
