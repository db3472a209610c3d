"""``roadmap stakeholders reassess`` and ``roadmap stakeholders rounds`` as a person runs them: two
rounds, a changed score refused without its reason, the first round kept, the silent key stakeholders
listed, and the register still at ``roadmap stakeholders SLUG``."""

from __future__ import annotations

from conftest import SLUG
from docx import Document
from test_cli import run
from test_releases import approve_all


def test_two_rounds_by_cli_with_reasons_suggestions_and_silent_key_stakeholders(example, tmp_path):
    approve_all()
    refused = run("stakeholders", "reassess", SLUG, "--round", "2027-Q1", "--set", "P1=5,5")
    assert refused.returncode == 1
    lines = refused.stderr.splitlines()
    assert lines[0].startswith(
        "Hata: Değişen her puan bir gerekçe ister; hiçbir puan kaydedilmedi. Gerekçeyi -m ile"
    )
    assert lines[-1] == "  - P1 Strateji Geliştirme Müdürlüğü: puanı değişti ama gerekçesi yazılmadı"
    first = run(
        "stakeholders", "reassess", SLUG, "--round", "2027-Q1", "--on", "2027-03-20",
        "--set", "P1=5,5", "--contact", "Kültür ve Sosyal İşler Müdürlüğü", "-m", "Başkan yardımcılığına bağlandı",
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        "2027-Q1 turu açıldı.",
        "2027-Q1 turunda 2 paydaş kaydedildi (1 temas).",
        "  P1 Strateji Geliştirme Müdürlüğü: güç 4 → 5, ilgi 5 → 5 · Başkan yardımcılığına bağlandı",
    ]
    second = run(
        "stakeholders", "reassess", SLUG, "--round", "2027-Q2", "--on", "2027-06-18",
        "--set", "P1=5,4", "-m", "Bütçe dönemi yoğunluğu",
    )  # fmt: skip
    assert second.returncode == 0, second.stderr
    late = run("stakeholders", "reassess", SLUG, "--round", "2027-Q1", "--set", "P1=1,1", "-m", "x")
    assert late.returncode == 1 and "2027-Q1 turu kapandı" in late.stderr

    shown = run("stakeholders", "rounds", SLUG, "--round", "2027-Q1", "--out", str(tmp_path / "tur.docx"))
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    rows = [
        [cell.strip() for cell in line.split("│")[1:-1]] for line in out.splitlines() if line.startswith("│")
    ]
    assert rows == [
        ["2027-Q1", "20 Mart 2027", "Çeyrek", "2", "1"],
        ["2027-Q2", "18 Haziran 2027", "Çeyrek", "1", "1"],
    ]
    assert "P1 Strateji Geliştirme Müdürlüğü: güç 4 → 5, ilgi 5 → 5 · Başkan yardımcılığına bağlandı" in out
    assert "P28 Örnekköy Üniversitesi Gönüllülük Kulübü: güç 2 → 3. 2.1 eyleminin ortağı." in out
    assert "⚠ P8 Fen İşleri Müdürlüğü: 2027-Q1, 2027-Q2 boyunca temas yok (son temas: yok)" in out
    assert "P6 Kültür ve Sosyal İşler Müdürlüğü: 2027-Q1" not in out  # in contact in the first round
    assert "Başkan yardımcılığına bağlandı" in [
        c.text for t in Document(str(tmp_path / "tur.docx")).tables for r in t.rows for c in r.cells
    ]

    english = run("--lang", "en", "stakeholders", "rounds", SLUG)
    assert "1 change in round 2027-Q2" in english.stdout
    assert (
        "P1 Strateji Geliştirme Müdürlüğü: power 5 → 5, interest 5 → 4 · Bütçe dönemi yoğunluğu"
        in english.stdout
    )

    register = run("stakeholders", SLUG, "--quadrant", "memnun tut")  # the register, as before
    assert register.returncode == 0 and "Örnekköy Kaymakamlığı" in register.stdout


def test_a_bad_setting_or_round_is_one_line_naming_what_to_write(example):
    bad = run("stakeholders", "reassess", SLUG, "--round", "2027-Q1", "--set", "P1=yüksek")
    assert bad.returncode == 1
    assert bad.stderr.strip() == "Hata: “P1=yüksek” okunamadı: KOD=güç,ilgi biçiminde yazın, ör. P3=4,5."
    wrong = run("stakeholders", "reassess", SLUG, "--round", "ilkbahar", "--set", "P1=4,5")
    assert "“ilkbahar” bir tur değil" in wrong.stderr and wrong.returncode == 1
    unknown = run("stakeholders", "reassess", SLUG, "--round", "2027-Q1", "--set", "P999=4,5", "-m", "x")
    assert "Paydaş haritasında “P999” yok" in unknown.stderr
    out_of_range = run("stakeholders", "reassess", SLUG, "--round", "2027-Q1", "--set", "P1=7,5", "-m", "x")
    assert "puan 7 olamaz" in out_of_range.stderr
