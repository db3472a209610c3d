"""Every page of the web app, as each role sees it, in a real browser at 1366 and 390 px: axe-core
finds no serious or critical violation and no page is wider than a phone.

The example municipality (Örnekköy) has content in every stage, so the stage pages show full forms,
read-only records, charts, the checklist and comments.
"""

from __future__ import annotations

from datetime import date

import pytest
from browsing import PASSWORD, Person, launch, live_server
from conftest import COORDINATOR

from roadmap.services.accounts import set_password
from roadmap.services.cohorts import add_to_cohort, create_cohort

pytestmark = pytest.mark.browser
TEAM = "ayse.yilmaz@ornekkoy.bel.tr"
CONSULTANT = "danisman@katiliyoruz.example.org"
STAGES = [f"/m/ornekkoy/stages/{n}" for n in range(7)]


@pytest.fixture
def server(example):
    for email in (TEAM, CONSULTANT, COORDINATOR):
        set_password(COORDINATOR, email, PASSWORD)
    create_cohort(
        COORDINATOR, "katiliyoruz-2026", "KATILIYORUZ 2026–2027", date(2026, 9, 1), date(2027, 8, 31)
    )
    add_to_cohort(COORDINATOR, "katiliyoruz-2026", ["ornekkoy"], [CONSULTANT])
    yield from live_server()


def test_every_page_reads_well_at_laptop_and_phone_width_for_every_role(server):
    from playwright.sync_api import sync_playwright

    pages = {
        "team": ["/", "/m/ornekkoy", *STAGES, "/m/ornekkoy/history", "/notifications", "/m/nowhere"],
        "consultant": [
            "/review",
            "/cohort",
            "/m/ornekkoy/stages/1/diff",
            "/m/ornekkoy/stages/3/translate",
            "/m/ornekkoy/stakeholders/rounds",
        ],
        "coordinator": ["/cohort", "/m/ornekkoy/stages/5"],
    }
    who = {"team": TEAM, "consultant": CONSULTANT, "coordinator": COORDINATOR}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        anonymous = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        anonymous.goto(server + "/login")
        problems: list[str] = []
        for role, paths in pages.items():
            person = Person(browser, server, who[role], f"audit-{role}", audit=True)
            for path in paths:
                person.go(path)
            problems += person.problems
        browser.close()
    assert not problems, "\n".join(problems)
