"""In a real browser: the consultant asks for changes; the team's e-mail arrives on an SMTP server on
loopback, and its link opens the stage with the consultant's words on it."""

from __future__ import annotations

import re

import pytest
from browsing import PASSWORD, Person, launch, live_server
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from test_notifications import Inbox, inbox  # noqa: F401  (the loopback SMTP server)

from roadmap.services.accounts import set_password
from roadmap.services.notifications import deliver_pending

pytestmark = pytest.mark.browser
LINK = re.compile(r"https://yolharitasi\.example\.org(/m/\S+)")


@pytest.fixture
def server(inbox):  # noqa: F811
    for email in (TEAM, CONSULTANT):
        set_password(COORDINATOR, email, PASSWORD)
    yield from live_server()


def test_the_team_gets_an_email_when_the_consultant_requests_changes_in_the_browser(server, inbox):  # noqa: F811
    from playwright.sync_api import sync_playwright

    comment = "T2 toplantısının katılımcı sayılarını cinsiyete göre ayırın."
    with sync_playwright() as playwright:
        browser = launch(playwright)
        consultant = Person(browser, server, CONSULTANT, "eposta-danisman")
        consultant.go(f"/m/{SLUG}/stages/4")  # submitted in the example: waiting for this review
        consultant.page.fill("#review-comment", comment)
        consultant.click("button[name=decision][value=changes]", "changes-requested")
        assert consultant.status() == "değişiklik istendi"
        assert inbox.to(TEAM) == []  # in the outbox, written with the review; the sender delivers it
        assert deliver_pending().sent >= 1  # what the worker does between jobs

        (mail,) = inbox.to(TEAM)
        assert "değişiklik istendi" in mail["Subject"]
        body = mail.get_content()
        assert comment in body
        link = LINK.search(body)
        assert link and link.group(1) == f"/m/{SLUG}/stages/4"

        team = Person(browser, server, TEAM, "eposta-ekip")
        team.go(link.group(1))
        assert comment in team.page.inner_text("main")
        assert team.status() == "değişiklik istendi"
        browser.close()
