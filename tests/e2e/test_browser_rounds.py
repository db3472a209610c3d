"""The stakeholder rounds page in a real browser, at laptop and phone width with axe-core: reached from
the journey, a changed score refused without its reason and saved with it, the grid drawn."""

from __future__ import annotations

from datetime import date

import pytest
from browsing import PASSWORD, Person, launch, live_server
from conftest import COORDINATOR, SLUG, TEAM
from test_releases import approve_all

from roadmap.domain.rounds import ScoreEntry
from roadmap.services.accounts import set_password
from roadmap.services.rounds import reassess, stakeholder_rounds

pytestmark = pytest.mark.browser


@pytest.fixture
def server(example):
    """Örnekköy approved, with a first round in which the strategy directorate moved up."""
    set_password(COORDINATOR, TEAM, PASSWORD)
    approve_all()
    reassess(
        TEAM,
        SLUG,
        "2027-Q1",
        [ScoreEntry(stakeholder="P1", power=5, interest=5, reason="Başkan yardımcılığına bağlandı")],
        today=date(2027, 3, 20),
    )
    yield from live_server()


def test_the_team_records_a_round_on_the_page_at_both_widths(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        team = Person(browser, server, TEAM, "rounds", audit=True)
        team.go(f"/m/{SLUG}")
        team.click("#rounds a", "rounds-from-journey")
        page = team.page
        assert page.url.endswith("/stakeholders/rounds")
        team.check("rounds")
        assert page.locator("figure.chart img").evaluate("img => img.naturalWidth") > 0  # the grid is drawn
        assert "Başkan yardımcılığına bağlandı" in page.inner_text("main")

        team.page.fill("#f-day", "2027-06-18")
        team.click("button:has-text('Turu aç')", "round-opened")
        ids = {code: sid for sid, code in stakeholder_rounds(TEAM, SLUG).codes.items()}
        page.select_option(f"select[name='interest.{ids['P6']}']", "5")
        team.click("button:has-text('Puanları kaydet')", "reason-missing")
        error = page.locator(f"#e-{ids['P6']}")
        assert "gerekçesi yazılmadı" in error.inner_text()
        assert page.get_attribute(f"input[name='reason.{ids['P6']}']", "aria-invalid") == "true"
        team.check("rounds-refused")
        page.fill(f"input[name='reason.{ids['P6']}']", "Kültür festivalinin sahibi oldu")
        team.click("button:has-text('Puanları kaydet')", "round-saved")
        assert "Kültür festivalinin sahibi oldu" in page.inner_text("main")
        team.check("rounds-saved")
        browser.close()
    assert team.problems == []
    assert stakeholder_rounds(TEAM, SLUG).rounds[1].scores[ids["P6"]].interest == 5
