"""Monitoring in a real browser, on the demo's first quarter: every monitoring page reads well at laptop
and phone width (axe-core, no page wider than a phone), and a directorate reports a check-in through
the form."""

from __future__ import annotations

import pytest
from browsing import Person, launch, live_server
from conftest import COORDINATOR

from roadmap.devtools.example import DEMO_PASSWORD, prepare_demo
from roadmap.services.monitoring import roadmap_progress

pytestmark = pytest.mark.browser
TEAM = "ayse.yilmaz@ornekkoy.bel.tr"
CONSULTANT = "danisman@katiliyoruz.example.org"


@pytest.fixture
def server(example):
    prepare_demo()
    yield from live_server()


def test_the_monitoring_pages_read_well_and_a_check_in_is_made_in_the_browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        team = Person(browser, server, TEAM, "monitoring-team", DEMO_PASSWORD, audit=True)
        for path in ("/m/ornekkoy", "/m/ornekkoy/monitoring?period=2027-Q1", "/m/ornekkoy/monitoring/2.1"):
            team.go(path)
        team.go("/m/ornekkoy/monitoring/1.2")
        team.page.select_option("#period", "2027-Q2")
        team.page.check("input[name=status][value=substantial]")
        team.page.fill("#actual-1", "60")
        team.page.fill("#done", "Nisan ve mayıs meclislerinde konsey görüşleri gündeme alındı.")
        team.page.fill("#links", "https://www.ornekkoy.bel.tr/meclis/kararlar/2027-05")
        team.click("form[action$='/checkin'] button.primary", "checkin-saved")
        assert "1.2 eyleminin Nisan–Haziran 2027 dönemi durumu kaydedildi." in team.page.inner_text("main")
        consultant = Person(browser, server, CONSULTANT, "monitoring-consultant", DEMO_PASSWORD, audit=True)
        consultant.go("/m/ornekkoy/monitoring/1.1")
        coordinator = Person(
            browser, server, COORDINATOR, "monitoring-coordinator", DEMO_PASSWORD, audit=True
        )
        coordinator.go("/cohort")
        assert "İzleme: belediyeler ve çeyrekler" in coordinator.page.inner_text("main")
        browser.close()
    assert team.problems + consultant.problems + coordinator.problems == []
    row = next(a for a in roadmap_progress(TEAM, "ornekkoy", "2027-Q2").actions if a.code == "1.2")
    assert row.status == "substantial" and row.indicators[0].actual == 60
