"""The quarterly progress report in Word, read back with python-docx: the numbers a reader checks,
the native charts, and an amendment shown beside the approved plan."""

from __future__ import annotations

import zipfile
from datetime import date

from conftest import CONSULTANT, SLUG, TEAM
from docx import Document
from test_monitoring import ON_TIME, PDF, approved  # noqa: F401

from roadmap.services.amendments import decide_amendment, request_amendment
from roadmap.services.monitoring import record_checkin, verify_checkin
from roadmap.services.progress_report import progress_document


def _texts(path):  # type: ignore[no-untyped-def]
    document = Document(str(path))
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return [p.text for p in document.paragraphs], cells


def test_the_report_shows_progress_evidence_charts_and_amendments(approved, tmp_path):  # noqa: F811
    record_checkin(TEAM, SLUG, "1.1", "2027-Q1", {"status": "complete", "actuals": {"1.1.1": 1}, "done": "Sekretarya kuruldu"}, [PDF], today=ON_TIME)  # fmt: skip
    verify_checkin(CONSULTANT, SLUG, "1.1", "2027-Q1", True, "Görevlendirme yazısı görüldü")
    record_checkin(TEAM, SLUG, "1.2", "2027-Q1", {"status": "limited", "actuals": {"1.2.1": 40}, "delays": "Meclis tatili"}, today=date(2027, 5, 1))  # fmt: skip
    number = request_amendment(
        TEAM, SLUG, "2.1", {"targets": {"2.1.1": 45}}, "Seçim takvimi nedeniyle"
    ).number
    decide_amendment(CONSULTANT, SLUG, number, True, "Uygun")
    out = progress_document(TEAM, SLUG, "2027-Q1", tmp_path / "ilerleme.docx", "tr", today=date(2027, 5, 2))
    paragraphs, rows = _texts(out)
    assert paragraphs[0] == "Örnekköy Belediyesi — Ocak–Mart 2027 dönemi ilerleme raporu"
    assert ["1.1.1 Görevlendirilen sekretarya personeli sayısı", "0 kişi", "1 kişi", "1 kişi", "%100"] in rows
    assert any(r[0].startswith("1.1 ") and r[2] == "Tamamlandı (doğrulandı)" and r[3] == "%100" for r in rows)
    assert any(r[0].startswith("1.2 ") and r[5] == "geç bildirildi" for r in rows)
    assert ["1", "2.1", "Hedef 2.1.1", "60", "45", "Seçim takvimi nedeniyle", "onaylandı"] in rows
    assert "Sekretarya kuruldu" in " ".join(paragraphs) and "gorevlendirme-yazisi.pdf" in paragraphs
    assert "Danışmanın notu: Görevlendirme yazısı görüldü" in paragraphs  # one colon, as a reader writes it
    with zipfile.ZipFile(out) as package:
        charts = [n for n in package.namelist() if n.startswith("word/charts/chart")]
    assert len(charts) == 2  # the progress bars and the planned-vs-done timeline, as native Word charts


def test_the_report_is_written_in_english_too(approved, tmp_path):  # noqa: F811
    out = progress_document(CONSULTANT, SLUG, "2027-Q1", tmp_path / "progress.docx", "en", today=ON_TIME)
    paragraphs, rows = _texts(out)
    assert paragraphs[0] == "Örnekköy Belediyesi — progress report, January–March 2027"
    assert "No check-in was made for this action in January–March 2027." in paragraphs


def test_the_roadmap_document_keeps_the_approved_plan_and_shows_the_amendment_beside_it(approved, tmp_path):  # noqa: F811
    from roadmap.pipeline import build_roadmap_document

    number = request_amendment(
        TEAM, SLUG, "2.1", {"targets": {"2.1.1": 45}, "end_month": 10}, "Seçim takvimi"
    ).number
    decide_amendment(CONSULTANT, SLUG, number, True, "Uygun")
    built = build_roadmap_document(SLUG, out=tmp_path / "yol-haritasi.docx")
    paragraphs, rows = _texts(built.path)
    assert "Onaylı plandaki değişiklikler" in paragraphs
    amended = [r for r in rows if r[:2] == ["1", "2.1"]]
    assert [r[2:6] for r in amended] == [
        ["Bitiş ayı", "8", "10", "Seçim takvimi"],
        ["Hedef 2.1.1", "60", "45", "Seçim takvimi"],
    ]
    assert any(
        r[0] == "2.1.1" and r[5] == "60 kişi" for r in rows
    )  # the indicators table: the approved target


def test_the_report_converts_to_pdf_with_libreoffice(approved, tmp_path):  # noqa: F811
    import subprocess

    import pytest

    from roadmap.render.pdf import docx_to_pdf, libreoffice_available

    if not libreoffice_available():
        pytest.skip("LibreOffice is not installed")
    out = progress_document(TEAM, SLUG, "2027-Q1", tmp_path / "ilerleme.docx", "tr", today=ON_TIME)
    pdf = docx_to_pdf(out, tmp_path / "ilerleme.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Ocak–Mart 2027 dönemi ilerleme raporu" in text and "Planlanan ve yapılan" in text
