"""A municipality's programme-office records survive a backup and a replacing restore: the application
it was accepted from, its consulting log and the hours its people were credited at events."""

from __future__ import annotations

from datetime import UTC, date, datetime

from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from test_applications import _confirmed_draft, call, service_form  # noqa: F401

from roadmap.services import admissions, bundle, consulting, event_attendance, events
from roadmap.services.applications import save_application
from roadmap.services.cohorts import add_to_cohort
from roadmap.services.hours import hours_report


def test_a_replacing_restore_keeps_the_application_the_consulting_log_and_the_event_hours(call, tmp_path):  # noqa: F811
    secret, number = _confirmed_draft(call)
    save_application(call, secret, service_form(), 1, submit=True)
    slug = admissions.accept_application(COORDINATOR, call, number, "katiliyoruz-2027")
    add_to_cohort(COORDINATOR, "katiliyoruz-2027", [SLUG], [CONSULTANT])
    event = events.add_event(
        COORDINATOR, "katiliyoruz-2027", "webinar", "İyi örnekler", datetime(2027, 2, 1, 10, tzinfo=UTC), 2
    )
    assert event.id is not None
    event_attendance.tick_attendance(COORDINATOR, event.id, TEAM)
    consulting.record_consulting(
        COORDINATOR, slug, date(2026, 11, 20), "Elif Kaya", "Ekip toplantı takvimi", "Aylık toplantı"
    )
    before = hours_report(TEAM, SLUG).total

    path = tmp_path / "yedek.json"
    assert bundle.export_bundle(COORDINATOR, None, path) >= 2
    assert bundle.import_bundle(COORDINATOR, path, replace=True)

    record = admissions.municipality_application(COORDINATOR, slug)
    assert record is not None and record.form.municipality == "Nilüfer Belediyesi"
    assert [e.topics for e in consulting.consulting_log(COORDINATOR, slug)] == ["Ekip toplantı takvimi"]
    assert hours_report(TEAM, SLUG).total == before
    assert len(admissions.list_applications(COORDINATOR, call)) == 1  # relinked, not duplicated
