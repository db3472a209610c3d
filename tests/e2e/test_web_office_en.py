"""The programme office's pages in English: every sentence from the catalogue, no key shown raw."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from conftest import COORDINATOR, TEAM
from test_web import client, signed_in, web, web_template  # noqa: F401
from test_web_office import cohort  # noqa: F401

from roadmap.services.applications import create_call, start_application
from roadmap.services.events import add_event

RAW_KEY = re.compile(
    r">\s*(web|event|hours|office|application|applications|structure|calendar)\.[a-z_.]+\s*<"
)


def test_the_office_pages_read_in_english_without_a_raw_key(cohort):  # noqa: F811
    now = datetime.now(UTC)
    create_call(COORDINATOR, "call", "KATILIYORUZ 2027", now - timedelta(days=1), now + timedelta(days=9))
    started = start_application("call", {"municipality": "Nilüfer", "contact_email": "a@nilufer.bel.tr"})
    add_event(COORDINATOR, cohort, "quarterly", "Quarterly meeting", now, 2)
    anyone = client()
    anyone.cookies.set("roadmap_lang", "en")
    pages = [anyone.get("/apply/call").text, anyone.get(f"/apply/call/d/{started.secret}").text]
    for email, paths in (
        (
            COORDINATOR,
            ["/calls", "/calls/call", "/events", "/events/1", "/calendar", f"/cohort?cohort={cohort}"],
        ),
        (TEAM, ["/events/1", "/m/ornekkoy", "/m/ornekkoy/hours", "/m/ornekkoy/consulting"]),
    ):
        browser = signed_in(email)
        browser.cookies.set("roadmap_lang", "en")
        pages += [browser.get(path).text for path in paths]
    assert "Confirm your e-mail address before you submit" in pages[1]
    for html in pages:
        assert not RAW_KEY.search(html), RAW_KEY.search(html)
        assert "Etkinlik" not in html and "Başvuru" not in html
