"""Programme events: a sign-in sheet credits the event's hours to the right people, who then see them
with their own logged work hours against the 100-hour commitment; check-in and the organiser's tick."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM

from roadmap.domain.stages import Role
from roadmap.errors import NotFound, PermissionDenied, RoadmapError, TransitionRefused
from roadmap.services import event_attendance, events
from roadmap.services.cohorts import add_to_cohort, create_cohort
from roadmap.services.hours import hours_report
from roadmap.services.municipalities import create_municipality, find_municipality, upsert_user
from roadmap.services.reminders import send_reminders
from roadmap.store.db import unit_of_work

STARTS = datetime(2026, 10, 6, 7, 0, tzinfo=UTC)  # 10:00 in Türkiye
SHEET = (
    "KATILIM LİSTESİ — Katılımcı bütçe eğitimi;;;;\n"  # Excel keeps the row's cells
    "Sıra;Ad Soyad;Kurum;E-posta;İmza\n"
    "1;AYŞE YILMAZ;Örnekköy Belediyesi;;\n"
    "2;M. Demir;Örnekköy Belediyesi;mehmet.demir@ornekkoy.bel.tr;\n"
    "3;ismail öztürk;Örnekköy Belediyesi;;\n"
    "4;Hasan Yabancı;Başkaköy Belediyesi;;\n"
    "5;Zeynep Kaya;Örnekköy Belediyesi;zeynep.kaya@@ornekkoy;\n"
)


@pytest.fixture
def event(example):
    create_cohort(COORDINATOR, "kohort", "KATILIYORUZ 2026", date(2026, 9, 1), date(2027, 6, 30))
    with unit_of_work() as session:
        municipality = find_municipality(session, SLUG)
        other = create_municipality(session, "baskakoy", "Başkaköy Belediyesi")
        for email, name in (
            ("mehmet.demir@ornekkoy.bel.tr", "Mehmet Demir"),
            ("ismail.ozturk@ornekkoy.bel.tr", "İsmail Öztürk"),
            ("zeynep.kaya@ornekkoy.bel.tr", "Zeynep Kaya"),
        ):
            upsert_user(session, email, name, Role.TEAM_MEMBER, municipality)
        upsert_user(session, "hasan@baskakoy.bel.tr", "Hasan Yabancı", Role.TEAM_MEMBER, other)
    add_to_cohort(COORDINATOR, "kohort", [SLUG], [])
    made = events.add_event(
        COORDINATOR,
        "kohort",
        "training",
        "Katılımcı bütçe eğitimi",
        STARTS,
        3,
        "https://meet.example.org/egitim",
    )
    assert made.id is not None
    return made.id


def test_a_sign_in_sheet_credits_the_events_hours_to_the_right_people(event, tmp_path):
    sheet = tmp_path / "imza-listesi.csv"
    sheet.write_bytes(SHEET.encode("cp1254"))  # as Turkish Excel saves it
    result = event_attendance.import_event_attendance(COORDINATOR, event, sheet)
    # By name whatever its case, by e-mail whatever the name; a malformed e-mail falls back to the name.
    assert sorted(result.credited) == ["Ayşe Yılmaz", "Mehmet Demir", "Zeynep Kaya", "İsmail Öztürk"]
    reasons = [problem.text("tr") for problem in result.unmatched]
    assert any("Satır 7" in r and "zeynep.kaya@@ornekkoy" in r for r in reasons), (
        reasons
    )  # a bad e-mail, by row
    assert any("Satır 6" in r and "Hasan Yabancı" in r for r in reasons), (
        reasons
    )  # not of this cohort's teams
    again = event_attendance.import_event_attendance(COORDINATOR, event, sheet)
    assert again.credited == [] and again.already == 4  # the same sheet twice credits nobody twice

    report = hours_report(TEAM, SLUG, today=date(2026, 12, 1))
    ayse = next(p for p in report.people if p.email == TEAM)
    assert ayse.events == 3 and ayse.logged > 0 and ayse.total == ayse.events + ayse.logged
    assert report.target == 100 and 0 < report.expected < 100
    emre = next(p for p in report.people if p.name == "Emre Çelik")  # in stage 0, not on the sheet
    assert emre.events == 0

    # The command shows it per person against 100.
    env = dict(os.environ, ROADMAP_USER=TEAM, COLUMNS="200")
    shown = subprocess.run(
        [sys.executable, "-m", "roadmap", "hours", SLUG], capture_output=True, text=True, env=env, timeout=120
    )
    assert shown.returncode == 0, shown.stderr
    line = next(line for line in shown.stdout.splitlines() if "Ayşe Yılmaz" in line)
    assert f"{ayse.total:g}".replace(".", ",") + " / 100" in line


def test_a_sheet_without_a_name_or_email_column_is_refused_naming_what_is_missing(event, tmp_path):
    sheet = tmp_path / "liste.csv"
    sheet.write_text("Kurum;Tarih\nÖrnekköy;6.10.2026\n", encoding="utf-8")
    with pytest.raises(RoadmapError) as refused:
        event_attendance.import_event_attendance(COORDINATOR, event, sheet)
    assert "liste.csv" in str(refused.value) and "E-posta" in str(refused.value)
    assert events.list_events(COORDINATOR, "kohort")[0].attended == 0


def test_a_team_member_checks_in_during_the_event_and_registration_is_for_teams(event):
    code = event_attendance.checkin_code(COORDINATOR, event)
    with pytest.raises(TransitionRefused):
        event_attendance.check_in(TEAM, code, now=STARTS - timedelta(days=1))
    assert (
        event_attendance.check_in(TEAM, code, now=STARTS + timedelta(minutes=20)) == "Katılımcı bütçe eğitimi"
    )
    with pytest.raises(NotFound):
        event_attendance.check_in(TEAM, "uydurma-kod", now=STARTS)
    with pytest.raises(NotFound):  # another cohort's person learns nothing of the event
        event_attendance.check_in("hasan@baskakoy.bel.tr", code, now=STARTS)
    assert events.register(TEAM, event) == 1
    with pytest.raises(PermissionDenied):
        event_attendance.tick_attendance(CONSULTANT, event, TEAM)
    assert event_attendance.tick_attendance(COORDINATOR, event, "mehmet.demir@ornekkoy.bel.tr")
    (row,) = events.list_events(TEAM)
    assert row.mine_attended and row.mine_registered and row.attended == 2


def test_people_behind_pace_are_reminded_through_the_outbox_once_a_week(event):
    late = date(2027, 3, 1)
    assert send_reminders(late).pace >= 1
    assert send_reminders(late).pace == 0  # not again within the week
    assert send_reminders(date(2027, 8, 1)).pace == 0  # the cohort has ended: nobody is chased any more
