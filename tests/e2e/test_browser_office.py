"""The programme office in a real browser: an applicant (never signed in) fills the public form, confirms
their e-mail from a message on a loopback SMTP server and submits; the programme's pages for events,
hours, consulting, calls and the calendar. axe-core finds no serious or critical violation at 1366 and
390 px on any of them, and none is wider than a phone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from browsing import (
    LAPTOP,
    PASSWORD,
    PHONE,
    SHOTS,
    Person,
    launch,
    live_server,
    serious_violations,
    wider_than_window,
)
from conftest import COORDINATOR, SLUG, TEAM
from test_notifications import inbox  # noqa: F401

from roadmap.services.accounts import set_password
from roadmap.services.applications import create_call
from roadmap.services.cohorts import add_to_cohort, create_cohort
from roadmap.services.events import add_event
from roadmap.services.notifications import deliver_pending
from roadmap.web.apply import reset_application_limits

pytestmark = pytest.mark.browser
CONTACT = "strateji@nilufer.bel.tr"
TEAM_ROWS = [
    ("Elif Kaya", "Strateji Geliştirme Müdürlüğü", "elif.kaya@nilufer.bel.tr"),
    ("Murat Şahin", "Kültür ve Sosyal İşler Müdürlüğü", "murat.sahin@nilufer.bel.tr"),
    ("İpek Yıldız", "Basın Yayın ve Halkla İlişkiler Müdürlüğü", "ipek.yildiz@nilufer.bel.tr"),
    ("Ozan Çelik", "Strateji Geliştirme Müdürlüğü", "ozan.celik@nilufer.bel.tr"),
]


@pytest.fixture
def server(inbox):  # noqa: F811
    reset_application_limits()
    set_password(COORDINATOR, TEAM, PASSWORD)
    set_password(COORDINATOR, COORDINATOR, PASSWORD)
    now = datetime.now(UTC)
    create_call(
        COORDINATOR,
        "katiliyoruz-2027",
        "KATILIYORUZ 2027 Çağrısı",
        now - timedelta(days=1),
        now + timedelta(days=30),
    )
    create_cohort(
        COORDINATOR,
        "kohort",
        "KATILIYORUZ Kohortu",
        date.today() - timedelta(days=90),
        date.today() + timedelta(days=180),
    )
    add_to_cohort(COORDINATOR, "kohort", [SLUG], [])
    add_event(
        COORDINATOR,
        "kohort",
        "webinar",
        "İyi örnekler: katılımcı bütçe",
        now + timedelta(days=3),
        2,
        "https://meet.example.org/webinar",
    )
    for _ in live_server():
        yield _, inbox


def _audit(page, name: str, problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    for size, width in ((LAPTOP, "laptop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        problems += [f"{name} @{width}: {v}" for v in serious_violations(page)]
        if wide := wider_than_window(page):
            problems.append(f"{name} @{width}: wider than the window: {', '.join(wide)}")
        page.screenshot(path=str(SHOTS / f"apply-{name}-{width}.png"), full_page=True)
    page.set_viewport_size(LAPTOP)


def test_an_applicant_fills_confirms_and_submits_the_public_form_and_every_page_passes_axe(server):
    from playwright.sync_api import sync_playwright

    base, mailbox = server
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        applicant = browser.new_context(viewport=LAPTOP, locale="tr-TR").new_page()
        applicant.goto(base + "/apply/katiliyoruz-2027")
        _audit(applicant, "form", problems)
        applicant.fill("#f-municipality", "Nilüfer Belediyesi")
        applicant.select_option("#f-kind", "ilçe")
        applicant.fill("#f-province", "Bursa")
        applicant.fill("#f-contact_name", "Elif Kaya")
        applicant.fill("#f-contact_email", CONTACT)
        applicant.fill(
            "#f-motivation",
            "Mahalle komitelerimizin deneyimini kurumsal bir yol haritasına dönüştürmek istiyoruz.",
        )
        applicant.check("input[name=structures][value=kent_konseyi]")
        for number, (name, directorate, email) in enumerate(TEAM_ROWS[:3], start=1):
            applicant.fill(f"input[name=team-{number}-name]", name)
            applicant.fill(f"input[name=team-{number}-directorate]", directorate)
            applicant.fill(f"input[name=team-{number}-email]", email)
        applicant.check("input[name=coordinator][value='1']")
        applicant.check("input[name=commitment]")
        applicant.check("input[name=consent]")
        applicant.get_by_role("button", name="Taslağı kaydet").click()
        applicant.wait_for_url("**/apply/katiliyoruz-2027/d/**")
        assert "Ekipte en az 4 kişi olmalı" in applicant.content()  # stage 0's rule, said before submitting
        _audit(applicant, "draft", problems)

        assert deliver_pending().sent == 1
        (mail,) = mailbox.to(CONTACT)
        confirm = re.search(r"https://yolharitasi\.example\.org(/\S+)", mail.get_content()).group(1)  # type: ignore[union-attr]
        applicant.goto(base + confirm)
        _audit(applicant, "confirm", problems)
        applicant.get_by_role("button", name="E-posta adresimi doğrula").click()
        applicant.wait_for_url("**/apply/katiliyoruz-2027/d/**")
        name, directorate, email = TEAM_ROWS[3]
        applicant.fill("input[name=team-4-name]", name)
        applicant.fill("input[name=team-4-directorate]", directorate)
        applicant.fill("input[name=team-4-email]", email)
        applicant.get_by_role("button", name="Başvuruyu gönder").click()
        applicant.wait_for_load_state()
        assert "Başvurunuz gönderildi" in applicant.content()
        _audit(applicant, "submitted", problems)

        coordinator = Person(browser, base, COORDINATOR, "office-coordinator", audit=True)
        for path in (
            "/calls",
            "/calls/katiliyoruz-2027",
            "/calls/katiliyoruz-2027/applications/1",
            "/events",
            "/events/1",
            "/calendar",
            "/cohort?cohort=kohort",
        ):
            coordinator.go(path)
        team = Person(browser, base, TEAM, "office-team", audit=True)
        for path in ("/events/1", f"/m/{SLUG}", f"/m/{SLUG}/hours", f"/m/{SLUG}/consulting", "/calendar"):
            team.go(path)
        browser.close()
    assert problems + coordinator.problems + team.problems == []
