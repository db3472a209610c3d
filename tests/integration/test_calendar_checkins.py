"""The calendar carries each monitored roadmap's quarterly check-in deadlines (grace days included) to
the people who may see that municipality, on the page and in their private iCalendar feed."""

from __future__ import annotations

from datetime import date

from conftest import COORDINATOR, TEAM
from icalendar import Calendar
from test_cohort_monitoring import OTHER_TEAM, cohort  # noqa: F401
from test_monitoring import approved  # noqa: F401

from roadmap.services.calendar import calendar_entries, calendar_feed, new_feed_link
from roadmap.services.cohort_monitoring import set_monitoring_rules


def _feed(who: str) -> dict[str, date]:
    """The feed's all-day entries: summary -> day."""
    secret = new_feed_link(who).removeprefix("/calendar/").removesuffix(".ics")
    parsed = Calendar.from_ical(calendar_feed(secret))
    return {str(item["summary"]): item.decoded("dtstart") for item in parsed.walk("VEVENT")}


def test_a_team_members_feed_has_their_municipalitys_check_in_deadlines_and_not_anothers(cohort):  # noqa: F811
    mine = _feed(TEAM)
    assert mine["Örnekköy Belediyesi: 2027-Q1 durum bildirimi son tarihi"] == date(2027, 4, 15)
    assert mine["Örnekköy Belediyesi: 2027-Q2 durum bildirimi son tarihi"] == date(2027, 7, 15)
    assert not any("Başkaköy" in summary for summary in mine)
    theirs = _feed(OTHER_TEAM)
    assert theirs["Başkaköy Belediyesi: 2027-Q1 durum bildirimi son tarihi"] == date(2027, 4, 15)
    assert not any("Örnekköy" in summary for summary in theirs)


def test_the_programmes_grace_days_move_the_deadline_and_the_coordinator_sees_every_municipality(cohort):  # noqa: F811
    set_monitoring_rules(COORDINATOR, cohort, grace_days=30)
    checkins = [e for e in calendar_entries(COORDINATOR) if e.kind == "checkin" and e.period == "2027-Q1"]
    assert sorted((e.slug, e.day) for e in checkins) == [
        ("baskakoy", date(2027, 4, 30)),
        ("ornekkoy", date(2027, 4, 30)),
    ]
    assert checkins[0].link.endswith("/monitoring")
    assert checkins[0].label("en").endswith(": 2027-Q1 check-in due")


def test_a_deadline_shared_by_many_municipalities_is_one_entry_with_their_count(example):
    from roadmap.devtools.synthetic import generate_cohort
    from roadmap.services.cohort_monitoring import cohort_monitoring

    generate_cohort(60, 11)
    coordinator = "koordinator@sentetik-11.example.org"
    monitored = sum(1 for row in cohort_monitoring(coordinator, "sentetik-11").rows if row.monitored)
    assert monitored > 3
    checkins = [e for e in calendar_entries(coordinator) if e.kind == "checkin"]
    first = min(checkins, key=lambda e: e.when)
    assert first.slug == "" and first.count > 3 and first.link == "/cohort"
    assert first.label("tr") == f"{first.period} durum bildirimi son tarihi ({first.count} belediye)"
    assert first.label("en") == f"{first.period} check-ins due ({first.count} municipalities)"
    assert sum(e.count for e in checkins if e.period == first.period) == monitored
