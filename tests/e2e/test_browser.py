"""A real browser (Debian's Chromium driven by Playwright) against a real server.

A team member walks a new municipality through all seven stages to a downloaded Word document; a
consultant requests changes once and approves each stage. A screenshot of every page visited is
saved under ``test-output/screenshots/``.
"""

from __future__ import annotations

from datetime import date

import pytest
from browsing import CHROMIUM, PASSWORD, SHOTS, Person, live_server
from conftest import COORDINATOR
from docx import Document

from roadmap.domain.stages import Role
from roadmap.services.accounts import set_password
from roadmap.services.cohorts import add_to_cohort, create_cohort
from roadmap.services.municipalities import add_municipality, add_user, assign_consultant
from roadmap.settings import EXAMPLES_DIR

pytestmark = pytest.mark.browser
TEAM = "ekip@yenikoy.bel.tr"
CONSULTANT = "danisman@katiliyoruz.example.org"
STAKEHOLDERS = """Yeniköy Belediyesi Paydaş Listesi (Ekim 2026),,,,,,
KURULUŞ,TÜRÜ,İletişim kişisi,ETKİ DÜZEYİ,İLGİ DÜZEYİ,İlgilendiği alanlar,Katılım düzeyi
Yeniköy Kent Konseyi,kent konseyi,Kemal Aksoy,4,5,Kent Konseyi,işbirliği
Yeniköy Kadın Dayanışma Derneği,stk,Derya Kaya,3,5,Kent konseyinin güçlendirilmesi,dahil etme
Yeniköy Gençlik Derneği,stk,Can Yıldız,2,4,Kent konseyinin güçlendirilmesi,danışma
Yazı İşleri Müdürlüğü,müdürlük,Murat Demir,3,3,Kent konseyinin güçlendirilmesi,danışma
"""


@pytest.fixture
def server(example, tmp_path):
    """A new municipality with a team member and a consultant, and the web app on a free port."""
    add_municipality(COORDINATOR, "yenikoy", "Yeniköy Belediyesi", "Örnekil")
    add_user(COORDINATOR, TEAM, "Elif Ekip", Role.TEAM_MEMBER, "yenikoy")
    assign_consultant(COORDINATOR, "yenikoy", CONSULTANT)
    set_password(COORDINATOR, TEAM, PASSWORD)
    set_password(COORDINATOR, CONSULTANT, PASSWORD)
    create_cohort(
        COORDINATOR, "katiliyoruz-2026", "KATILIYORUZ 2026–2027", date(2026, 9, 1), date(2027, 8, 31)
    )
    add_to_cohort(COORDINATOR, "katiliyoruz-2026", ["ornekkoy", "yenikoy"], [CONSULTANT])
    yield from live_server()


def _approve(consultant: Person, stage: int) -> None:
    consultant.go(f"/m/yenikoy/stages/{stage}")
    consultant.page.fill("#review-comment", "Uygundur.")
    consultant.click("button[name=decision][value=approve]", f"approved-{stage}")
    assert consultant.status() == "onaylandı"


def _submit(team: Person, stage: int) -> None:
    team.click("button[name=then][value=submit]", f"submitted-{stage}")
    assert team.status() == "gönderildi", team.page.inner_text("main")


def test_a_team_walks_a_new_municipality_through_every_stage_to_a_word_document(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--lang=tr-TR"])
        team = Person(browser, server, TEAM, "ekip")
        consultant = Person(browser, server, CONSULTANT, "danisman")
        page = team.page
        assert "Yeniköy Belediyesi" in page.inner_text("h1")

        # 0: the coordination team, first without contact details; the consultant asks for them
        team.go("/m/yenikoy/stages/0")
        assert "Ekipte en az 4 kişi olmalı" in page.inner_text(".missing")
        for row, (name, unit) in enumerate(
            [
                ("Elif Ekip", "Strateji Geliştirme Müdürlüğü"),
                ("Kemal Öz", "Kültür ve Sosyal İşler Müdürlüğü"),
                ("Nur Işık", "Basın Yayın ve Halkla İlişkiler Müdürlüğü"),
            ]
        ):
            page.fill(f"[name='members.{row}.name']", name)
            page.fill(f"[name='members.{row}.directorate']", unit)
            page.fill(f"[name='members.{row}.email']", f"uye{row}@yenikoy.bel.tr")
        page.check("[name='members.0.is_coordinator']")
        team.click("button.primary[type=submit]", "team-saved")
        page.fill("[name='members.3.name']", "Zeki Şen")
        page.fill("[name='members.3.directorate']", "Bilgi İşlem Müdürlüğü")
        page.fill("[name='members.3.email']", "yanlis-adres")  # an invalid address is marked beside it
        team.click("button.primary[type=submit]", "team-invalid")
        assert "f-members-3-email" in page.inner_html("#form-errors")
        page.fill("[name='members.3.email']", "zeki.sen@yenikoy.bel.tr")
        page.fill("[name='hours.0.day']", "2026-11-02")
        page.fill("[name='hours.0.member']", "Elif Ekip")
        page.fill("[name='hours.0.hours']", "6")
        _submit(team, 0)
        consultant.go("/review")
        assert "Yeniköy Belediyesi" in consultant.page.inner_text("main")
        consultant.go("/m/yenikoy/stages/0")
        consultant.page.fill("#review-comment", "Her üyenin telefonunu da ekleyin.")
        consultant.click("button[name=decision][value=changes]", "changes-requested-0")
        team.go("/m/yenikoy/stages/0")
        assert "Her üyenin telefonunu da ekleyin." in page.inner_text("main")
        for row in range(4):
            page.fill(f"[name='members.{row}.phone']", f"0 (222) 555 10 0{row}")
        _submit(team, 0)
        consultant.go("/m/yenikoy/stages/0/diff?old=1&new=2")
        assert "telefon" in consultant.page.inner_text("main").lower()
        _approve(consultant, 0)

        # 1: the needs survey, previewed row by row, then confirmed
        team.go("/m/yenikoy/stages/1")
        page.set_input_files("#upload-file", str(EXAMPLES_DIR / "ornekkoy" / "anket-personel-ek.xlsx"))
        team.click("#upload-title ~ form button[type=submit]", "survey-preview")
        assert "Onayla ve kaydet" in page.inner_text("main")
        team.click("button.primary", "survey-imported")
        assert page.locator("img[src$='radar.png']").count() == 1
        consultant.go("/m/yenikoy/stages/1")  # a comment appears in place (htmx), no page load
        consultant.page.fill("#new-comment", "Sivil aktör anketi de eklenirse algı farkı görülür.")
        consultant.page.click("#comments button[type=submit]")
        consultant.page.locator("#comments article").first.wait_for()
        consultant.snap("comment-added")
        assert "algı farkı" in consultant.page.inner_text("#comments")
        _submit(team, 1)
        _approve(consultant, 1)

        # 2: one focus area from the catalogue, with its reason
        team.go("/m/yenikoy/stages/2")
        card = page.locator("fieldset.item", has_text="Kent konseyinin güçlendirilmesi").first
        card.locator("input[type=checkbox][name$='.selected']").check()
        card.locator("textarea[name$='.justification']").fill(
            "Kent konseyiyle iş birliği boyutu en düşük puanı aldı."
        )
        card.locator("select[name$='.linked_dimension']").select_option("cooperation")
        _submit(team, 2)
        _approve(consultant, 2)

        # 3: the stakeholder list from a file
        listing = tmp_path / "paydaslar.csv"
        listing.write_text(STAKEHOLDERS, encoding="utf-8")
        team.go("/m/yenikoy/stages/3")
        page.set_input_files("#upload-file", str(listing))
        team.click("#upload-title ~ form button[type=submit]", "stakeholders-preview")
        said = page.inner_text("main")
        assert "Başlık satırı 2. satırda bulundu" in said  # the title row above the header is skipped
        assert "'Kent Konseyi', 'Kent konseyinin güçlendirilmesi' olarak okundu" in said
        page.set_viewport_size({"width": 390, "height": 844})
        team.snap("stakeholders-preview-phone")
        page.set_viewport_size({"width": 1280, "height": 900})
        team.click("button.primary", "stakeholders-imported")
        assert page.locator("[name='stakeholders.1.name']").input_value() == "Yeniköy Kadın Dayanışma Derneği"
        _submit(team, 3)
        _approve(consultant, 3)

        # 4: an internal and an external meeting, both held
        team.go("/m/yenikoy/stages/4")
        assert "Henüz toplantı yok" in page.inner_text("main")
        for number, audience in ((0, "internal"), (1, "external")):
            page.fill(f"[name='meetings.{number}.code']", f"T{number + 1}")
            page.fill(
                f"[name='meetings.{number}.title']", f"{'İç' if number == 0 else 'Dış'} paydaş toplantısı"
            )
            page.select_option(f"[name='meetings.{number}.audience']", audience)
            page.check(f"[name='meetings.{number}.held']")
            page.fill(f"[name='meetings.{number}.day']", f"2026-12-0{number + 2}")
            page.select_option(f"[name='meetings.{number}.focus_areas']", ["kent-konseyi"])
            page.fill(f"[name='meetings.{number}.participants.total']", "14")
            team.click("button.primary[type=submit]", f"meeting-{number + 1}")
        _submit(team, 4)
        _approve(consultant, 4)

        # 5: the roadmap, prefilled from the focus area, then completed action by action
        team.go("/m/yenikoy/stages/5")
        team.click("form[action$='/prefill'] button", "prefilled")
        page.fill("[name='start']", "2027-01-01")
        folded = page.locator("details.fold:not([open]) > summary")
        while folded.count():  # each action is a folded section under its goal: open them one by one
            folded.first.click()
        actions = page.locator("[name$='.responsible']")
        for index in range(actions.count()):
            prefix = actions.nth(index).get_attribute("name").removesuffix(".responsible")  # type: ignore[union-attr]
            if not page.locator(f"[name='{prefix}.title']").input_value():
                continue  # the empty card for a new action
            page.fill(f"[name='{prefix}.responsible']", "Strateji Geliştirme Müdürlüğü")
            page.fill(f"[name='{prefix}.start_month']", str(index + 1))
            page.fill(f"[name='{prefix}.end_month']", str(index + 6))
            page.fill(f"[name='{prefix}.indicators']", "Konsey toplantısı | toplantı | 0 | 6")
        page.fill("[name='monitoring.reviewer']", "Strateji Geliştirme Müdürlüğü")
        page.fill("[name='monitoring.frequency']", "6 ayda bir")
        page.fill("[name='monitoring.with_whom']", "Yeniköy Kent Konseyi")
        page.fill("[name='sharing.0.audience']", "Yeniköy Kent Konseyi")
        page.fill("[name='sharing.0.channel']", "Genel kurul")
        page.fill("[name='sharing.0.when']", "Onaydan sonraki ilk ay")
        _submit(team, 5)
        page.locator("img[src$='gantt.png']").wait_for()
        _approve(consultant, 5)

        # 6: sharing, then the Word document
        team.go("/m/yenikoy/stages/6")
        page.fill("[name='shares.0.audience']", "Yeniköy Kent Konseyi")
        page.fill("[name='shares.0.channel']", "Genel kurul sunumu")
        _submit(team, 6)
        _approve(consultant, 6)
        team.go("/m/yenikoy")
        assert page.locator(".step.approved").count() == 7
        team.click("#exports button[value=tr]", "exported")
        with page.expect_download() as download:
            page.click("#exports a[href$='.docx']")
        saved = tmp_path / "yenikoy.docx"
        download.value.save_as(saved)
        team.snap("downloaded")
        team.go("/m/yenikoy/history")
        assert "İşlem kaydı" in page.inner_text("main")

        # the cohort table, filtered as one types (htmx swaps the rows in place)
        consultant.go("/cohort")
        assert "Yeniköy Belediyesi" in consultant.page.inner_text("#cohort-rows")
        consultant.page.fill("#q", "yeni")
        expect(consultant.page.locator("#cohort-rows")).not_to_contain_text("Örnekköy")
        consultant.snap("cohort-filtered")
        assert "Yeniköy Belediyesi" in consultant.page.inner_text("#cohort-rows")
        # bypass_csp only lets the test measure the page with a script of its own
        tablet = browser.new_context(
            viewport={"width": 820, "height": 1180}, locale="tr-TR", bypass_csp=True
        ).new_page()
        tablet.goto(server + "/login")
        tablet.fill("#email", TEAM)
        tablet.fill("#password", PASSWORD)
        tablet.click("button.primary")
        tablet.goto(server + "/m/yenikoy/stages/3")
        tablet.screenshot(path=str(SHOTS / "tablet-stage-3.png"), full_page=True)
        assert tablet.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        browser.close()

    document = Document(str(saved))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Yeniköy Belediyesi" in text
    assert "Yeniköy Kadın Dayanışma Derneği" in cells and "Zeki Şen" in cells
    assert "TASLAK" not in text  # every stage approved: a final document
    assert len(list(SHOTS.glob("ekip-*.png"))) >= 20 and len(list(SHOTS.glob("danisman-*.png"))) >= 10
