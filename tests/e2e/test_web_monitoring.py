"""Monitoring on the web: the journey links to it once the roadmap is approved; a directorate reports
on its action with a file as evidence; the consultant verifies; the workbook goes out and comes back."""

from __future__ import annotations

import io
import re

from conftest import CONSULTANT, SLUG, TEAM
from openpyxl import load_workbook
from test_releases import approve_all
from test_web import signed_in, token, web, web_template  # noqa: F401

from roadmap.services.monitoring import roadmap_progress


def test_the_journey_links_to_monitoring_only_once_the_roadmap_is_approved(web):  # noqa: F811
    browser = signed_in(TEAM)
    assert "/m/ornekkoy/monitoring" not in browser.get("/m/ornekkoy").text
    assert browser.get("/m/ornekkoy/monitoring").status_code == 409  # not approved yet: said, not crashed
    approve_all()
    journey = browser.get("/m/ornekkoy").text
    assert 'href="/m/ornekkoy/monitoring"' in journey
    overview = browser.get("/m/ornekkoy/monitoring?period=2027-Q1")
    assert overview.status_code == 200
    assert "Kent konseyi sekretaryasının güçlendirilmesi" in overview.text and "2028-Q4" in overview.text
    assert "Ocak–Mart 2027 dönemi itibarıyla ilerleme" in overview.text  # a quarter as a reader writes it


def test_a_team_member_reports_with_a_file_and_the_consultant_verifies(web):  # noqa: F811
    approve_all()
    team = signed_in(TEAM)
    page = team.get("/m/ornekkoy/monitoring/1.1")
    assert page.status_code == 200 and "action_extras" not in page.text
    refused = team.post(
        "/m/ornekkoy/monitoring/1.1/checkin",
        data={"csrf_token": token(page.text), "period": "2027-Q1", "status": "complete", "actual.1": "1"},
    )
    assert refused.status_code == 422 and "en az bir kanıt" in refused.text
    done = team.post(
        "/m/ornekkoy/monitoring/1.1/checkin",
        data={"csrf_token": token(page.text), "period": "2027-Q1", "status": "complete", "actual.1": "1",
              "done": "Sekretarya personeli görevlendirildi"},
        files={"files": ("gorevlendirme.pdf", b"%PDF-1.4 yazi", "application/pdf")},
    )  # fmt: skip
    assert done.status_code == 303
    shown = team.get("/m/ornekkoy/monitoring/1.1").text
    assert "Sekretarya personeli görevlendirildi" in shown and "doğrulama bekliyor" in shown
    who, when = re.search(r'<p class="muted">([^<]*) kaydetti, ([^<·]*)', shown).groups()
    assert who == "Ayşe Yılmaz" and TEAM not in who  # a name, not an address
    assert (
        "<li>1.1.1 Görevlendirilen sekretarya personeli sayısı: 1 kişi</li>" in shown
    )  # the value with its unit
    assert re.fullmatch(
        r"\d{1,2} (Ocak|Şubat|Mart|Nisan|Mayıs|Haziran|Temmuz|Ağustos|Eylül|Ekim|Kasım|Aralık) \d{4} \d\d:\d\d ",
        when,
    )
    link = shown.split('href="/m/ornekkoy/monitoring/evidence/')[1].split('"')[0]
    download = team.get(f"/m/ornekkoy/monitoring/evidence/{link}")
    assert download.status_code == 200 and download.content == b"%PDF-1.4 yazi"
    consultant = signed_in(CONSULTANT)
    page = consultant.get("/m/ornekkoy/monitoring/1.1").text
    assert "Tamamlandığını doğrula" in page and "Kaydet<" not in page  # a consultant verifies, never reports
    verified = consultant.post(
        "/m/ornekkoy/monitoring/1.1/verify",
        data={"csrf_token": token(page), "period": "2027-Q1", "decision": "verify", "text": "Yazı görüldü"},
    )
    assert verified.status_code == 303
    assert roadmap_progress(CONSULTANT, SLUG, "2027-Q1").actions[0].progress == 1.0


def test_the_workbook_downloads_and_a_filled_one_is_recorded_from_the_page(web):  # noqa: F811
    approve_all()
    team = signed_in(TEAM)
    overview = team.get("/m/ornekkoy/monitoring?period=2027-Q1").text
    download = team.get("/m/ornekkoy/monitoring/workbook.xlsx?period=2027-Q1")
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(download.content))
    sheet = book["Yazı İşleri Müdürlüğü"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    rows["1.2"][6].value = "Sınırlı"
    rows["1.2.1"][6].value = 35
    filled = io.BytesIO()
    book.save(filled)
    uploaded = team.post(
        "/m/ornekkoy/monitoring/workbook",
        data={"csrf_token": token(overview)},
        files={
            "file": (
                "izleme.xlsx",
                filled.getvalue(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        },
    )
    assert uploaded.status_code == 303
    assert "1 durum bildirimi kaydedildi" in team.get("/m/ornekkoy/monitoring?period=2027-Q1").text


def test_an_amendment_is_proposed_on_the_page_and_approved_by_the_consultant(web):  # noqa: F811
    approve_all()
    team = signed_in(TEAM)
    page = team.get("/m/ornekkoy/monitoring/2.1").text
    refused = team.post(
        "/m/ornekkoy/monitoring/2.1/amend", data={"csrf_token": token(page), "reason": "Takvim"}
    )
    assert refused.status_code == 422 and "değişecek bir şey yazılmadı" in refused.text
    sent = team.post(
        "/m/ornekkoy/monitoring/2.1/amend",
        data={"csrf_token": token(page), "target.1": "45", "reason": "Seçim takvimi nedeniyle"},
    )
    assert sent.status_code == 303
    consultant = signed_in(CONSULTANT)
    page = consultant.get("/m/ornekkoy/monitoring/2.1").text
    assert "Seçim takvimi nedeniyle" in page and "60.0 → 45.0" in page
    approved = consultant.post(
        "/m/ornekkoy/monitoring/amendments/1",
        data={"csrf_token": token(page), "action": "2.1", "decision": "approve", "text": "Uygun"},
    )
    assert approved.status_code == 303
    overview = team.get("/m/ornekkoy/monitoring?period=2027-Q1").text
    assert "onaylı planda hedef: 60 kişi" in overview


def test_the_public_page_shows_each_actions_latest_status_and_evidence_links_and_nothing_private(web):  # noqa: F811
    from test_web import client

    from roadmap.services.monitoring import EvidenceUpload, record_checkin
    from roadmap.services.releases import publish_release

    approve_all()
    publish_release(TEAM, SLUG, pdf=False)
    evidence = [
        {"kind": "link", "ref": "https://ornekkoy.bel.tr/duyuru/12", "name": "Duyuru"},
        {
            "kind": "link",
            "ref": "https://form.example.org/?iletisim=ayse.yilmaz@ornekkoy.bel.tr",
            "name": "Form",
        },
    ]
    record_checkin(
        TEAM, SLUG, "1.1", "2027-Q1",
        {"status": "complete", "evidence": evidence, "done": "Ayşe Yılmaz görevlendirme yazısını imzaladı"},
        [EvidenceUpload(name="imzali-yazi.pdf", data=b"%PDF-1.4 x")],
    )  # fmt: skip
    verify_checkin_as_consultant()
    visitor = client()
    page = visitor.get("/p/ornekkoy").text
    assert "Son durum (Ocak–Mart 2027):" in page and "Tamamlandı (doğrulandı)" in page
    assert 'href="https://ornekkoy.bel.tr/duyuru/12"' in page
    for private in ("ayse.yilmaz@", "imzali-yazi.pdf", "görevlendirme yazısını imzaladı", "danisman@"):
        assert private not in page
    action_id = page.split('href="/p/ornekkoy/actions/')[1].split('"')[0]
    action = visitor.get(f"/p/ornekkoy/actions/{action_id}?lang=en").text
    assert "Latest status (January–March 2027):" in action and "Complete (verified)" in action


def verify_checkin_as_consultant() -> None:
    from roadmap.services.monitoring import verify_checkin

    verify_checkin(CONSULTANT, SLUG, "1.1", "2027-Q1", True, "Görüldü")


def test_the_quarters_progress_report_downloads_from_the_monitoring_page(web):  # noqa: F811
    from docx import Document

    approve_all()
    team = signed_in(TEAM)
    overview = team.get("/m/ornekkoy/monitoring?period=2027-Q1").text
    assert 'href="/m/ornekkoy/monitoring/report.docx?period=2027-Q1"' in overview
    download = team.get("/m/ornekkoy/monitoring/report.docx?period=2027-Q1")
    assert download.status_code == 200
    assert (
        Document(io.BytesIO(download.content)).paragraphs[0].text
        == "Örnekköy Belediyesi — Ocak–Mart 2027 dönemi ilerleme raporu"
    )


def test_correcting_an_earlier_quarter_uses_that_quarters_version_and_a_stale_form_is_refused(web):  # noqa: F811
    from roadmap.services.monitoring import record_checkin

    approve_all()
    record_checkin(TEAM, SLUG, "1.2", "2027-Q1", {"status": "limited"})
    record_checkin(TEAM, SLUG, "1.2", "2027-Q2", {"status": "limited"})
    record_checkin(
        TEAM, SLUG, "1.2", "2027-Q2", {"status": "limited", "done": "Düzeltildi"}
    )  # Q2 at version 2
    team = signed_in(TEAM)
    page = team.get("/m/ornekkoy/monitoring/1.2").text
    form = {"csrf_token": token(page), "period": "2027-Q1", "status": "limited", "actual.1": "35"}
    assert (
        team.post("/m/ornekkoy/monitoring/1.2/checkin", data={**form, "version.2027-Q1": "1"}).status_code
        == 303
    )
    stale = team.post("/m/ornekkoy/monitoring/1.2/checkin", data={**form, "version.2027-Q1": "1"})
    assert stale.status_code == 409  # someone saved Q1 meanwhile: said, not overwritten


def test_correcting_a_quarter_opens_the_form_with_what_was_reported(web):  # noqa: F811
    from roadmap.services.monitoring import record_checkin

    approve_all()
    record_checkin(
        TEAM,
        SLUG,
        "1.2",
        "2027-Q1",
        {"status": "limited", "done": "İki görüş gündeme alındı", "actuals": {"1.2.1": 40}},
    )
    page = signed_in(TEAM).get("/m/ornekkoy/monitoring/1.2").text
    assert 'href="/m/ornekkoy/monitoring/1.2?period=2027-Q1#form-title"' in page
    form = signed_in(TEAM).get("/m/ornekkoy/monitoring/1.2?period=2027-Q1").text
    assert '<option value="2027-Q1" selected>' in form
    assert ">İki görüş gündeme alındı</textarea>" in form and 'value="40"' in form


def test_the_consultants_review_page_lists_completions_to_verify_and_amendments_to_decide(web):  # noqa: F811
    from roadmap.services.amendments import request_amendment
    from roadmap.services.monitoring import record_checkin

    approve_all()
    links = [{"kind": "link", "ref": "https://ornekkoy.bel.tr/duyuru/12", "name": "Duyuru"}]
    record_checkin(TEAM, SLUG, "1.1", "2027-Q1", {"status": "complete", "evidence": links})
    request_amendment(TEAM, SLUG, "2.1", {"end_month": 10}, "Seçim takvimi")
    page = signed_in(CONSULTANT).get("/review").text
    assert (
        "2027-Q1 “tamamlandı” bildirimi doğrulama bekliyor" in page
        and "1 numaralı değişiklik onay bekliyor" in page
    )
    assert 'href="/m/ornekkoy/monitoring/2.1#amendments"' in page
