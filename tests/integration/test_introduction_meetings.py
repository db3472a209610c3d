"""An introduction becomes a one-to-one meeting: the programme office puts it on the municipality's
cohort calendar, the introduction moves to "meeting" and links to the event; the team sees it there."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from sqlmodel import select
from test_cli import run
from test_releases import approve_all

from roadmap.domain.actors import IntroductionStatus
from roadmap.errors import InvalidInput, PermissionDenied, StaleVersion, TransitionRefused
from roadmap.mail import notice_words
from roadmap.services.actors import import_actors, list_actors
from roadmap.services.cohorts import add_to_cohort, create_cohort
from roadmap.services.events import list_events
from roadmap.services.introduction_meetings import arrange_meeting, introduction_meetings
from roadmap.services.matchmaking import introduce, introductions
from roadmap.services.notifications import my_notices
from roadmap.settings import EXAMPLES_DIR
from roadmap.store.db import unit_of_work
from roadmap.store.tables import Notification

STARTS = datetime(2027, 3, 1, 7, 0, tzinfo=UTC)  # 10:00 in Türkiye
CLUB = "Örnekil Üniversitesi Katılım Kulübü"


@pytest.fixture
def introduced(example) -> int:
    """The example's approved roadmap, the directory, and the university club introduced for action 2.1."""
    approve_all()
    import_actors(COORDINATOR, EXAMPLES_DIR / "programme" / "sivil-aktorler.csv")
    club = next(a.id for a in list_actors(COORDINATOR) if a.name == CLUB)
    return introduce(TEAM, SLUG, club, "2.1", "Birebir görüşme")


def _in_cohort() -> None:
    create_cohort(COORDINATOR, "kohort", "KATILIYORUZ 2026", date(2026, 9, 1), date(2027, 6, 30))
    add_to_cohort(COORDINATOR, "kohort", [SLUG], [])


def test_an_introduction_becomes_a_one_to_one_meeting_on_the_cohort_calendar(introduced):
    _in_cohort()
    event = arrange_meeting(COORDINATOR, SLUG, introduced, STARTS, 1.5, place="Belediye binası")
    (row,) = [e for e in list_events(TEAM) if e.id == event]  # the team sees it on its calendar
    assert (row.cohort, row.kind, row.hours, row.place) == ("kohort", "one_to_one", 1.5, "Belediye binası")
    assert row.title == f"Birebir görüşme: Örnekköy Belediyesi – {CLUB}" and row.starts == STARTS
    (intro,) = introductions(TEAM, SLUG)
    assert intro.status == IntroductionStatus.MEETING and intro.version == 2
    link = introduction_meetings(CONSULTANT, SLUG)[introduced]
    assert (link.event_id, link.title) == (event, row.title)
    notices = [n.text for n in my_notices(TEAM, "tr")]  # the team hears of it through the outbox
    assert f"Örnekköy Belediyesi: {CLUB} ile birebir görüşme planlandı" in notices
    with unit_of_work() as session:
        notice = session.exec(select(Notification).where(Notification.kind == "introduction_meeting")).first()
        _, body = notice_words(notice, "en")
    assert f"introduced to you for action 2.1: {row.title}, 2027-03-01 10:00 (Turkish time)" in body
    assert body.rstrip().endswith(f"/events/{event}")
    with pytest.raises(TransitionRefused) as again:  # one meeting per introduction
        arrange_meeting(COORDINATOR, SLUG, introduced, STARTS, 1)
    assert f"etkinlik {event}" in again.value.text("tr")


def test_only_the_programme_office_arranges_it_and_only_on_a_cohort_with_the_current_version(introduced):
    for who in (TEAM, CONSULTANT):
        with pytest.raises(PermissionDenied):
            arrange_meeting(who, SLUG, introduced, STARTS, 1)
    with pytest.raises(InvalidInput) as no_cohort:
        arrange_meeting(COORDINATOR, SLUG, introduced, STARTS, 1)
    assert "Örnekköy Belediyesi bir döneme bağlı değil" in no_cohort.value.text("tr")
    _in_cohort()
    with pytest.raises(StaleVersion):  # someone moved the introduction on meanwhile
        arrange_meeting(COORDINATOR, SLUG, introduced, STARTS, 1, expected_version=0)
    with pytest.raises(InvalidInput):
        arrange_meeting(COORDINATOR, SLUG, introduced, STARTS, 0)  # no length
    assert list_events(COORDINATOR) == [] and introduction_meetings(TEAM, SLUG) == {}
    assert introductions(TEAM, SLUG)[0].status == IntroductionStatus.INTRODUCED


def test_the_command_line_arranges_the_meeting_and_says_which_event_it_is(introduced):
    _in_cohort()
    done = run(
        "actors",
        "meeting",
        SLUG,
        str(introduced),
        "--starts",
        "2027-03-01T10:00",
        "--hours",
        "1,5",
        user=COORDINATOR,
    )
    assert done.returncode != 0 and "Traceback" not in done.stderr and list_events(COORDINATOR) == []
    done = run(
        "actors",
        "meeting",
        SLUG,
        str(introduced),
        "--starts",
        "2027-03-01T10:00",
        "--hours",
        "1.5",
        user=COORDINATOR,
    )
    assert done.returncode == 0, done.stderr
    (row,) = list_events(TEAM)
    assert f"{introduced} numaralı tanıştırma birebir görüşme oldu: etkinlik {row.id}." in done.stdout
    assert row.starts == STARTS and row.kind == "one_to_one"
    listed = run("actors", "introductions", SLUG)
    assert f"#{row.id} 2027-03-01 10:00" in listed.stdout  # the introduction names its meeting
    refused = run("actors", "meeting", SLUG, str(introduced), "--starts", "2027-03-02T10:00", "--hours", "1")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr  # a team member may not
