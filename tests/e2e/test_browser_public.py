"""The public pages in a real browser, for someone who never signs in: axe-core finds no serious or
critical violation at 1366 and 390 px, no page is wider than a phone, and the Yayımla step works."""

from __future__ import annotations

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
from test_releases import approve_all

from roadmap.pipeline import load_roadmap
from roadmap.services.accounts import set_password
from roadmap.services.releases import withdraw_release

pytestmark = pytest.mark.browser


@pytest.fixture
def server(example):
    set_password(COORDINATOR, TEAM, PASSWORD)
    approve_all()
    yield from live_server()


def test_the_team_publishes_and_anyone_reads_the_public_pages_at_laptop_and_phone_width(server):
    from playwright.sync_api import sync_playwright

    action = load_roadmap(SLUG).data.plan.goals[1].actions[0]
    with sync_playwright() as playwright:
        browser = launch(playwright)
        team = Person(browser, server, TEAM, "public-team", audit=True)
        team.go("/m/ornekkoy/stages/6")
        team.page.get_by_role("button", name="Yayımla").click()
        team.page.wait_for_url("**/stages/6#releases")
        assert "1 numaralı yayım yapıldı" in team.page.content()
        team.check("stage-6-published")

        anyone = browser.new_context(viewport=LAPTOP, locale="tr-TR").new_page()
        problems: list[str] = []
        for path in ("/p", "/p/ornekkoy", "/p/ornekkoy?lang=en", f"/p/ornekkoy/actions/{action.id}"):
            response = anyone.goto(server + path)
            assert response is not None and response.status == 200, path
            for size, width in ((LAPTOP, "laptop"), (PHONE, "phone")):
                anyone.set_viewport_size(size)
                problems += [f"{path} @{width}: {v}" for v in serious_violations(anyone)]
                if wide := wider_than_window(anyone):
                    problems.append(f"{path} @{width}: wider than the window: {', '.join(wide)}")
                name = path.strip("/").replace("/", "-").replace("?", "-")
                anyone.screenshot(path=str(SHOTS / f"public-{name}-{width}.png"), full_page=True)
            anyone.set_viewport_size(LAPTOP)
        assert anyone.get_by_role("heading", level=1).inner_text().startswith("Eylem 2.1")
        anyone.goto(server + "/p/ornekkoy")
        anyone.get_by_role("link", name=f"Eylem 2.1: {action.title}").click()
        assert anyone.url.endswith(f"/p/ornekkoy/actions/{action.id}")
        # A withdrawn release: its notice is as readable as the roadmap was.
        withdraw_release(TEAM, SLUG, 1, "Bütçe tablosu düzeltilecek")
        response = anyone.goto(server + "/p/ornekkoy/releases/1")
        assert response is not None and response.status == 410
        assert "Bütçe tablosu düzeltilecek" in anyone.content()
        for size, width in ((LAPTOP, "laptop"), (PHONE, "phone")):
            anyone.set_viewport_size(size)
            problems += [f"withdrawn @{width}: {v}" for v in serious_violations(anyone)]
        browser.close()
    assert team.problems == [] and problems == []
