"""The stage pages in a real browser: what can't be edited reads as text, long tables can be searched
the Turkish way, the save bar never hides the field in focus, a long roadmap folds by goal, and
unsaved edits survive a reply to a comment, a warning before leaving and a closed tab.
"""

from __future__ import annotations

import pytest
from browsing import LAPTOP, PASSWORD, PHONE, Person, launch, live_server, wider_than_window
from conftest import COORDINATOR

from roadmap.domain.stages import Stage
from roadmap.services import stages as svc
from roadmap.services.accounts import set_password
from roadmap.services.review import add_comment
from roadmap.text import fold_name

pytestmark = pytest.mark.browser
TEAM = "ayse.yilmaz@ornekkoy.bel.tr"
CONSULTANT = "danisman@katiliyoruz.example.org"


@pytest.fixture
def server(example):
    """Örnekköy with its roadmap (stage 5) opened early, so the team can edit the longest form."""
    for email in (TEAM, CONSULTANT, COORDINATOR):
        set_password(COORDINATOR, email, PASSWORD)
    svc.open_stage_early(CONSULTANT, "ornekkoy", Stage.ROADMAP, "Eylem planına erken başlansın.")
    add_comment(CONSULTANT, "ornekkoy", Stage.ROADMAP, "Vizyonu bir cümleye indirin.")
    yield from live_server()


def test_an_approved_stage_reads_as_text_and_its_long_register_is_searched_the_turkish_way(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        team = Person(browser, server, TEAM, "pages-team")
        page = team.page
        team.go("/m/ornekkoy/stages/0")
        content = page.locator("section.read-only")
        assert (
            content.locator("input:not([type=search]), select, textarea").count() == 0
        )  # no disabled, clipped inputs
        table = content.locator("table.read").first
        assert "ayse.yilmaz@ornekkoy.bel.tr" in table.inner_text()  # the whole address, readable
        assert table.locator("tbody tr").first.locator("td").first.inner_text() == "1"  # numbered rows
        assert page.locator("section.read-only .scroll").first.get_attribute("tabindex") == "0"

        team.go("/m/ornekkoy/stages/3")
        register = page.locator("section.read-only table.read").first
        everyone = register.locator("tbody tr:not(.finding-row)").count()
        assert everyone > 50
        page.fill("section.read-only input[type=search]", "GENCLIK")  # no Turkish letters, upper case
        team.snap("register-searched")
        shown = register.locator("tbody tr:not(.finding-row):visible")
        texts = [shown.nth(i).inner_text() for i in range(shown.count())]
        assert texts and all("genclik" in fold_name(text) for text in texts)
        hidden = register.locator("tbody tr:not(.finding-row):not(:visible)")
        assert all("genclik" not in fold_name(hidden.nth(i).inner_text()) for i in range(hidden.count()))
        said = page.locator(".table-filter [aria-live]").first.inner_text()
        assert said == f"{everyone} satırdan {len(texts)} satır gösteriliyor"

        # the power/interest picture has a key in its alt text and its figures as a table
        figure = page.locator("figure.chart")
        assert "Mavi noktalar iç, turuncu noktalar dış paydaşlar" in figure.locator("img").get_attribute(
            "alt"
        )
        figure.locator("summary").click()
        assert figure.locator("table tbody tr").count() == everyone
        browser.close()


def test_the_long_roadmap_folds_by_goal_and_the_save_bar_never_covers_the_field_in_focus(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        team = Person(browser, server, TEAM, "pages-roadmap")
        page = team.page
        team.go("/m/ornekkoy/stages/5")
        goals = page.locator("form.stage-form > fieldset > fieldset.rows > details.fold")
        assert goals.count() >= 3 and all(goals.nth(i).get_attribute("open") is not None for i in range(3))
        actions = page.locator("details.fold details.fold")
        assert (
            actions.count() >= 6 and page.locator("fieldset.item:not(.new) details.fold[open]").count() == 0
        )
        assert "eylem" in goals.first.locator("summary").first.inner_text()  # "Amaç 1: … · 3 eylem"
        folded_height = page.evaluate("document.documentElement.scrollHeight")
        for index in range(actions.count()):
            actions.nth(index).locator("summary").click()
        team.snap("roadmap-unfolded")
        assert page.evaluate("document.documentElement.scrollHeight") > folded_height * 2

        # Tab through the form: no field that has the focus is under the sticky save bar
        page.locator("[name='start']").focus()
        hidden: list[str] = []
        for _ in range(150):
            page.keyboard.press("Tab")
            covered = page.evaluate(
                """() => {
                  const el = document.activeElement, bar = document.querySelector('.actions');
                  if (!el || !bar || bar.contains(el) || !el.closest('form.stage-form')) return null;
                  const r = el.getBoundingClientRect(), b = bar.getBoundingClientRect();
                  return r.bottom > b.top + 1 ? (el.name || el.tagName) : null;
                }"""
            )
            if covered:
                hidden.append(covered)
        assert not hidden, hidden

        # on a phone the form fits the width and the save bar is not pinned over it
        page.set_viewport_size(PHONE)
        assert not wider_than_window(page)
        assert page.evaluate("getComputedStyle(document.querySelector('.actions')).position") == "static"
        team.snap("roadmap-phone")
        page.set_viewport_size(LAPTOP)
        browser.close()


def test_unsaved_edits_survive_a_reply_a_warning_before_leaving_and_a_closed_tab(server):
    from playwright.sync_api import sync_playwright

    vision = "Her mahallede bir katılım masası kuran bir belediye."
    with sync_playwright() as playwright:
        browser = launch(playwright)
        team = Person(browser, server, TEAM, "pages-drafts")
        page = team.page
        team.go("/m/ornekkoy/stages/5")
        page.click("[name='vision']")
        page.fill("[name='vision']", vision)
        assert page.locator(".actions .unsaved").is_visible()

        # a reply to a comment comes back in place (htmx): the form keeps what was typed
        page.fill("#comments input[name=text]", "Tamam, kısaltıyoruz.")
        page.click("#comments form.row button:not([name])")
        page.locator("#comments .reply").first.wait_for()
        assert page.input_value("[name='vision']") == vision

        # leaving the page asks first
        asked: list[str] = []

        def answer(dialog):  # type: ignore[no-untyped-def]
            asked.append(dialog.type)
            dialog.dismiss()

        page.on("dialog", answer)
        page.click("nav.crumbs a")
        page.wait_for_timeout(300)
        assert asked == ["beforeunload"] and page.url.endswith("/stages/5")
        page.remove_listener("dialog", answer)

        # the tab closes; the draft is still in this browser and comes back on request
        page.wait_for_timeout(600)  # the draft is written a moment after the last keystroke
        page.close(run_before_unload=False)
        again = team.context.new_page()
        again.goto(server + "/m/ornekkoy/stages/5")
        notice = again.locator(".notice.draft")
        assert notice.is_visible() and "kaydedilmemiş" in notice.inner_text()
        assert again.input_value("[name='vision']") != vision
        again.click("[data-draft-restore]")
        assert again.input_value("[name='vision']") == vision
        again.click(".actions button.primary")
        again.wait_for_load_state()
        assert svc.show_stage(TEAM, "ornekkoy", Stage.ROADMAP).content["vision"] == vision
        assert not again.locator(".notice.draft").is_visible()  # saved: the draft is gone
        browser.close()


def test_an_edit_conflict_keeps_the_second_persons_text_and_says_what_changed(server):
    from playwright.sync_api import sync_playwright

    mine = "Her mahallede bir katılım masası kuran bir belediye."
    theirs = "Gençlerin karar alma süreçlerine katıldığı bir belediye."
    with sync_playwright() as playwright:
        browser = launch(playwright)
        first = Person(browser, server, COORDINATOR, "conflict-first")  # the coordinator may edit too
        second = Person(browser, server, TEAM, "conflict-second")
        second.go("/m/ornekkoy/stages/5")  # opened before the team saves …
        first.go("/m/ornekkoy/stages/5")
        first.page.fill("[name='vision']", theirs)
        first.click(".actions button.primary", "first-saved")
        second.page.fill("[name='vision']", mine)  # … and saved after
        second.click(".actions button.primary", "second-conflict")
        page = second.page
        notice = page.locator("#conflict")
        assert notice.is_visible() and "Selin Aydın" in notice.inner_text()  # who saved meanwhile
        assert theirs in notice.inner_text()  # what differs from what is stored now
        assert page.input_value("[name='vision']") == mine  # the second person's text is kept
        second.check("second-conflict")
        second.click(".actions button.primary", "second-kept")
        assert svc.show_stage(TEAM, "ornekkoy", Stage.ROADMAP).content["vision"] == mine
        assert problems_of(first, second) == []
        browser.close()


def problems_of(*people: Person) -> list[str]:
    return [problem for person in people for problem in person.problems]
