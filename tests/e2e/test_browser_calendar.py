"""The calendar in a real browser once the team's roadmap is approved: its quarterly check-in deadlines
sit among the events and stage deadlines, each leading to the municipality's monitoring page; axe-core
finds no serious or critical violation at 1366 and 390 px, and the page is no wider than a phone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from browsing import PASSWORD, Person, launch, live_server
from conftest import COORDINATOR, SLUG, TEAM
from test_releases import approve_all

from roadmap.services.accounts import set_password
from roadmap.services.cohorts import add_to_cohort, create_cohort

pytestmark = pytest.mark.browser


@pytest.fixture
def server(example):
    approve_all()
    set_password(COORDINATOR, TEAM, PASSWORD)
    today = date.today()
    create_cohort(
        COORDINATOR, "kohort", "KATILIYORUZ Kohortu", today - timedelta(days=90), today + timedelta(days=180)
    )
    add_to_cohort(COORDINATOR, "kohort", [SLUG], [])
    yield from live_server()


def test_a_team_member_follows_a_check_in_deadline_from_the_calendar_to_the_monitoring_page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        team = Person(browser, server, TEAM, "calendar-team", audit=True)
        team.go("/calendar")
        link = team.page.get_by_role("link", name="Örnekköy Belediyesi: 2027-Q1 durum bildirimi son tarihi")
        assert link.count() == 1 and "15 Nisan 2027" in team.page.inner_text("table")
        link.click()
        team.page.wait_for_load_state()
        team.snap("monitoring")
        assert team.page.url.endswith(f"/m/{SLUG}/monitoring")
        browser.close()
    assert team.problems == []
