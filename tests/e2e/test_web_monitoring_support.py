"""Awarded support on the action's monitoring page: the team and the consultant see what the support
programme gave for the action (kind, quantity, value, date) beside its check-ins; other actions do not."""

from __future__ import annotations

from datetime import date
from html import unescape

from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from test_web import signed_in, web, web_template  # noqa: F401
from test_web_actors import SECOND, programme  # noqa: F401

from roadmap.domain.support import SupportKind
from roadmap.services.support import apply_for_support
from roadmap.services.support_awards import record_award
from roadmap.services.support_review import decide_application, review_application

SCORES = {"uygunluk": 5, "katilim": 4, "uygulanabilirlik": 4, "surdurulebilirlik": 4}


def test_an_award_for_an_action_shows_on_its_monitoring_page_and_not_on_another_actions(programme):  # noqa: F811
    number = apply_for_support(
        TEAM, SLUG, "2027-1", ["2.1"], "Gençlik meclisi eğitimleri", "Kolaylaştırıcı eğitimi ve salon"
    )
    for reviewer in (SECOND, COORDINATOR):
        review_application(reviewer, number, SCORES, "İyi")
    decide_application(COORDINATOR, number, True, "Yüksek puan")
    record_award(
        COORDINATOR,
        number,
        SupportKind.TRAINING,
        "Kolaylaştırıcı eğitimi",
        2,
        "gün",
        40000,
        date(2027, 2, 10),
        "2.1",
    )
    for email in (TEAM, CONSULTANT):
        person = signed_in(email)
        shown = unescape(person.get(f"/m/{SLUG}/monitoring/2.1").text)
        assert "Verilen destek" in shown
        assert "Kolaylaştırıcı eğitimi" in shown and "<td>Eğitim</td>" in shown
        assert "2 gün" in shown and "40.000 TL" in shown and "10 Şubat 2027" in shown
        other = unescape(person.get(f"/m/{SLUG}/monitoring/2.2").text)
        assert "Kolaylaştırıcı eğitimi" not in other and "40.000 TL" not in other


def test_the_monitoring_page_with_awarded_support_reads_well_at_laptop_and_phone_width(programme):  # noqa: F811
    from browsing import Person, launch, live_server
    from playwright.sync_api import sync_playwright

    from roadmap.services.accounts import set_password

    number = apply_for_support(
        TEAM, SLUG, "2027-1", ["2.1"], "Gençlik meclisi eğitimleri", "Kolaylaştırıcı eğitimi"
    )
    for reviewer in (SECOND, COORDINATOR):
        review_application(reviewer, number, SCORES, "İyi")
    decide_application(COORDINATOR, number, True, "Yüksek puan")
    record_award(COORDINATOR, number, SupportKind.VENUE, "Salon", 1, "gün", 5000, date(2027, 3, 1), "2.1")
    set_password(COORDINATOR, TEAM, "yenikoy-parola-2026")
    for base in live_server():
        with sync_playwright() as playwright:
            browser = launch(playwright)
            team = Person(browser, base, TEAM, "monitoring-support", audit=True)
            team.go(f"/m/{SLUG}/monitoring/2.1")
            problems = team.problems
            browser.close()
    assert not problems, "\n".join(problems)
