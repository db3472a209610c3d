"""In a real browser: the coordinator invites a new team member from the administration pages; the
invitation arrives on an SMTP server on loopback; its link sets a password and the person signs in.
Then the same person forgets the password and sets a new one through "Parolamı unuttum". Every page
is scanned by axe-core at laptop and phone width."""

from __future__ import annotations

import re
from datetime import date

import pytest
from browsing import LAPTOP, PASSWORD, Person, launch, live_server
from conftest import CONSULTANT, COORDINATOR, SLUG
from test_notifications import Inbox, inbox  # noqa: F401  (the loopback SMTP server)

from roadmap.services.accounts import set_password
from roadmap.services.cohorts import add_to_cohort, create_cohort
from roadmap.services.notifications import deliver_pending

pytestmark = pytest.mark.browser
NEW = "zeynep.kaya@ornekkoy.bel.tr"
LINK = re.compile(r"https://yolharitasi\.example\.org(/password/set/\S+)")
BAD_EMAIL = "'zeynep.kaya' geçerli bir e-posta adresi değil."


class Visitor(Person):
    """A tab of someone not signed in (yet): photographed and scanned like a signed-in one."""

    def __init__(self, browser, base: str, tag: str) -> None:  # type: ignore[no-untyped-def]
        self.context = browser.new_context(viewport=LAPTOP, locale="tr-TR")
        self.page = self.context.new_page()
        self.base, self.tag, self.shots, self.audit = base, tag, 0, True
        self.problems: list[str] = []
        self.audited: set[str] = set()

    def open_link(self, path: str, name: str) -> None:
        """A one-time link: photographed under a name of its own (never the secret in a file name)."""
        self.page.goto(self.base + path)
        self.snap(name)
        self.check(name)

    def submit(self, name: str) -> None:
        self.click("main form button.primary", name)
        self.check(name)


@pytest.fixture
def server(inbox):  # noqa: F811
    set_password(COORDINATOR, COORDINATOR, PASSWORD)
    create_cohort(
        COORDINATOR, "katiliyoruz-2026", "KATILIYORUZ 2026–2027", date(2026, 9, 1), date(2027, 8, 31)
    )
    add_to_cohort(COORDINATOR, "katiliyoruz-2026", [SLUG], [CONSULTANT])
    yield from live_server()


def _link(inbox: Inbox, subject: str) -> str:  # noqa: F811
    assert deliver_pending().sent >= 1  # what the worker does between jobs
    (mail,) = [m for m in inbox.to(NEW) if m["Subject"] == subject]
    found = LINK.search(mail.get_content())
    assert found, mail.get_content()
    return found.group(1)


def test_an_invited_team_member_sets_a_password_signs_in_and_later_resets_it(server, inbox):  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        coordinator = Person(browser, server, COORDINATOR, "yonetim", audit=True)
        page = coordinator.page
        coordinator.go("/cohort")
        coordinator.click("header a[href='/admin/people']", "yonetim-link")
        assert page.inner_text("h1") == "Yönetim"

        # a wrong address is shown beside its field, the rest of the form kept
        page.fill("#f-name", "Zeynep Kaya")
        page.fill("#f-email", "zeynep.kaya")
        page.evaluate("document.querySelector('#invite form').noValidate = true")
        coordinator.click("#invite button.primary", "invite-wrong")
        assert page.inner_text("#f-email-error") == BAD_EMAIL
        assert page.input_value("#f-name") == "Zeynep Kaya"
        coordinator.check("invite-wrong")
        page.fill("#f-email", NEW)
        page.select_option("#f-municipality", SLUG)
        coordinator.click("#invite button.primary", "invited")
        assert f"Davet gönderildi: {NEW}." in page.inner_text("main")
        assert "davet edildi" in page.inner_text("table")
        for path in (
            "/admin/municipalities",
            f"/admin/municipalities/{SLUG}",
            "/admin/cohorts",
            "/preferences",
        ):
            coordinator.go(path)
        page.goto(server + "/admin/people?q=zeynep")
        page.click("table a")
        coordinator.check("person")

        # the invitation's link, opened by the new team member
        zeynep = Visitor(browser, server, "davetli")
        zeynep.open_link(_link(inbox, "Yol Haritası aracına davet edildiniz"), "invitation-link")
        assert zeynep.page.inner_text("h1") == "Hoş geldiniz: parolanızı belirleyin"
        zeynep.page.fill("#f-password", "zeynep-in-parolasi")
        zeynep.page.fill("#f-again", "zeynep-in-parolas")
        zeynep.submit("mismatch")
        assert zeynep.page.inner_text("#f-again-error") == "İki parola birbirini tutmuyor."
        zeynep.page.fill("#f-password", "zeynep-in-parolasi")
        zeynep.page.fill("#f-again", "zeynep-in-parolasi")
        zeynep.submit("password-set")
        assert "Parolanız kaydedildi" in zeynep.page.inner_text("main")
        assert zeynep.page.input_value("#email") == NEW
        zeynep.page.fill("#password", "zeynep-in-parolasi")
        zeynep.click("button.primary", "signed-in")
        assert "Örnekköy Belediyesi" in zeynep.page.inner_text("h1")

        # forgotten: a reset link from the sign-in page, the same way
        stranger = Visitor(browser, server, "parola")
        stranger.go("/login")
        stranger.click("a[href='/password/forgot']", "forgot")
        stranger.check("forgot")
        stranger.page.fill("#email", NEW)
        stranger.submit("forgot-sent")
        assert "Bu adresin bir hesabı varsa" in stranger.page.inner_text("main")
        reset = _link(inbox, "Yol Haritası: parola yenileme bağlantınız")
        stranger.open_link(reset, "reset-link")
        assert stranger.page.inner_text("h1") == "Yeni parolanızı belirleyin"
        stranger.page.fill("#f-password", "yepyeni-parola-2026")
        stranger.page.fill("#f-again", "yepyeni-parola-2026")
        stranger.submit("reset-done")
        stranger.page.fill("#password", "yepyeni-parola-2026")
        stranger.click("button.primary", "signed-in-again")
        assert "Örnekköy Belediyesi" in stranger.page.inner_text("h1")

        # a link works once
        assert stranger.page.goto(server + reset).status == 404
        assert "artık geçerli değil" in stranger.page.inner_text("main")
        browser.close()
    problems = coordinator.problems + zeynep.problems + stranger.problems
    assert problems == []
