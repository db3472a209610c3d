"""On the web, programme staff turn an introduction into a one-to-one meeting from the municipality's
matches page; the page then links to the event, for the team too; the page reads well in a browser."""

from __future__ import annotations

from datetime import UTC, date, datetime
from html import unescape

from conftest import COORDINATOR, SLUG, TEAM
from test_web import signed_in, token, web, web_template  # noqa: F401
from test_web_actors import _id, programme  # noqa: F401

from roadmap.domain.actors import IntroductionStatus
from roadmap.services.accounts import set_password
from roadmap.services.cohorts import add_to_cohort, create_cohort
from roadmap.services.events import list_events
from roadmap.services.matchmaking import introduce, introductions

CLUB = "Örnekil Üniversitesi Katılım Kulübü"


def _introduced() -> int:
    create_cohort(COORDINATOR, "kohort", "KATILIYORUZ 2026", date(2026, 9, 1), date(2027, 6, 30))
    add_to_cohort(COORDINATOR, "kohort", [SLUG], [])
    return introduce(TEAM, SLUG, _id(CLUB), "2.1", "Birebir görüşme")


def test_programme_staff_make_an_introduction_a_meeting_and_the_page_links_to_it(programme):  # noqa: F811
    number = _introduced()
    team = signed_in(TEAM)
    assert (
        f"/introductions/{number}/meeting" not in team.get(f"/m/{SLUG}/actors").text
    )  # not the team's to do
    staff = signed_in(COORDINATOR)
    page = staff.get(f"/m/{SLUG}/actors").text
    assert f'action="/m/{SLUG}/introductions/{number}/meeting"' in page
    bad = staff.post(
        f"/m/{SLUG}/introductions/{number}/meeting",
        data={"csrf_token": token(page), "version": "1", "starts": "2027-03-01T10:00", "hours": "sıfır"},
    )
    assert bad.status_code == 303 and list_events(COORDINATOR) == []
    assert "sayı" in unescape(staff.get(f"/m/{SLUG}/actors").text)  # said beside the table, nothing made
    made = staff.post(
        f"/m/{SLUG}/introductions/{number}/meeting",
        data={"csrf_token": token(page), "version": "1", "starts": "2027-03-01T10:00", "hours": "1,5"},
    )
    (event,) = list_events(COORDINATOR)
    assert made.status_code == 303 and made.headers["location"] == f"/events/{event.id}"
    assert event.kind == "one_to_one" and event.hours == 1.5
    assert event.starts == datetime(2027, 3, 1, 7, 0, tzinfo=UTC)  # 10:00 in Türkiye
    shown = unescape(staff.get(f"/events/{event.id}").text)
    assert f"Birebir görüşme: Örnekköy Belediyesi – {CLUB}" in shown
    assert introductions(TEAM, SLUG)[0].status == IntroductionStatus.MEETING
    seen = unescape(team.get(f"/m/{SLUG}/actors").text)
    assert f'<a href="/events/{event.id}">Birebir görüşme: Örnekköy Belediyesi – {CLUB}</a>' in seen
    assert "2027-03-01 10:00" in seen  # when, in Türkiye's time, as the rest of the table shows it


def test_the_matches_page_with_a_meeting_form_reads_well_at_laptop_and_phone_width(programme):  # noqa: F811
    from browsing import Person, launch, live_server
    from playwright.sync_api import sync_playwright

    _introduced()
    set_password(COORDINATOR, COORDINATOR, "yenikoy-parola-2026")
    for base in live_server():
        with sync_playwright() as playwright:
            browser = launch(playwright)
            staff = Person(browser, base, COORDINATOR, "introduction-meeting", audit=True)
            staff.go(f"/m/{SLUG}/actors")
            problems = staff.problems
            browser.close()
    assert not problems, "\n".join(problems)
