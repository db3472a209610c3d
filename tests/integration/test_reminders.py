"""Reminders before and after a quarter's deadline reach each action's responsible people by e-mail
(a real SMTP server on loopback), once; and the scheduled deployment that sends them on a server."""

from __future__ import annotations

from datetime import date

from conftest import SLUG, TEAM
from test_monitoring import ON_TIME, approved  # noqa: F401
from test_notifications import Inbox, inbox  # noqa: F401

from roadmap.domain.stages import Role
from roadmap.services.monitoring import record_checkin
from roadmap.services.municipalities import find_municipality, upsert_user
from roadmap.services.notifications import deliver_pending
from roadmap.services.reminders import send_reminders
from roadmap.store.db import unit_of_work

EMRE = "emre.celik@ornekkoy.bel.tr"  # Bilgi İşlem Müdürlüğü, responsible for actions 3.1 and 3.2


def _subjects(box: Inbox, address: str) -> list[str]:
    return [str(message["Subject"]) for message in box.to(address)]


def test_reminders_reach_the_responsible_directorate_before_and_after_the_deadline_once(approved, inbox):  # noqa: F811
    with unit_of_work() as session:
        upsert_user(session, EMRE, "Emre Çelik", Role.TEAM_MEMBER, find_municipality(session, SLUG))
    record_checkin(TEAM, SLUG, "1.2", "2027-Q1", {"status": "limited"}, today=date(2027, 3, 20))
    before = send_reminders(date(2027, 4, 5))  # ten days before 2027-Q1's deadline, 15 April
    assert before.before > 0 and before.after == 0
    assert send_reminders(date(2027, 4, 6)).before == 0  # each reminder once
    assert deliver_pending().sent >= before.before  # with the approval notices still waiting
    ayse, emre = _subjects(inbox, TEAM), _subjects(inbox, EMRE)
    assert any(
        "1.1 eyleminin 2027-Q1 durum bildirimi 15 Nisan 2027 tarihine kadar bekleniyor" in s for s in ayse
    )
    assert not any("1.2 " in s for s in ayse + emre)  # reported already
    assert not any(" 1.1 " in s for s in emre)  # another directorate's action
    # Nobody of Gençlik ve Spor Hizmetleri has an account: the whole team is reminded of its action.
    assert any(" 2.1 " in s for s in ayse) and any(" 2.1 " in s for s in emre)
    after = send_reminders(date(2027, 4, 20))
    assert after.after > 0
    deliver_pending()
    late = [s for s in _subjects(inbox, TEAM) if "gecikti" in s]
    assert any("1.1 eyleminin 2027-Q1 durum bildirimi gecikti" in s for s in late)
    send_reminders(date(2027, 7, 10))  # 2027-Q2: action 3.1 (Bilgi İşlem) starts in month 4
    deliver_pending()
    assert any(" 3.1 " in s for s in _subjects(inbox, EMRE)) and not any(
        " 3.1 " in s for s in _subjects(inbox, TEAM)
    )
    body = inbox.to(TEAM)[-1].get_body().get_content()  # type: ignore[union-attr]
    assert "https://yolharitasi.example.org/m/ornekkoy/monitoring/" in body


def test_an_english_reader_gets_the_deadline_as_an_english_date(approved, inbox):  # noqa: F811
    from roadmap.services.notifications import set_preferences

    set_preferences(TEAM, "instant", "en")
    send_reminders(ON_TIME)
    deliver_pending()
    assert any("is due by 15 April 2027" in s for s in _subjects(inbox, TEAM))


def test_the_reminders_and_the_digest_are_deployed_on_a_schedule():
    from flows.deploy import FLOWS, TIMEZONE, schedules
    from flows.monitoring import daily_digest, monitoring_reminders

    assert FLOWS["monitoring-reminders"] == "flows/monitoring.py:monitoring_reminders"
    assert monitoring_reminders.name == "monitoring-reminders" and daily_digest.name == "daily-digest"
    deployment = monitoring_reminders.to_deployment(
        name="monitoring-reminders", schedules=schedules("monitoring-reminders")
    )
    (schedule,) = deployment.schedules
    assert schedule.schedule.cron == "0 9 * * *" and schedule.schedule.timezone == TIMEZONE  # type: ignore[union-attr]
    assert schedules("cohort-build") == []  # the builds run when asked, not on a clock


def test_the_reminder_flow_body_writes_and_delivers(approved, inbox):  # noqa: F811
    from flows.monitoring import deliver_notices, write_reminders

    assert write_reminders.fn(ON_TIME).before > 0
    assert deliver_notices.fn().sent > 0 and _subjects(inbox, TEAM)


def test_one_run_reminds_of_check_ins_and_of_hours_behind_pace_in_running_cohorts_only(approved, inbox):  # noqa: F811
    from conftest import COORDINATOR

    from roadmap.services.cohorts import add_to_cohort, create_cohort
    from roadmap.services.municipalities import create_municipality

    create_cohort(COORDINATOR, "kohort", "KATILIYORUZ 2026", date(2026, 9, 1), date(2027, 6, 30))
    create_cohort(COORDINATOR, "eski", "KATILIYORUZ 2025", date(2025, 1, 6), date(2025, 9, 30))
    with unit_of_work() as session:
        upsert_user(session, EMRE, "Emre Çelik", Role.TEAM_MEMBER, find_municipality(session, SLUG))
        other = create_municipality(session, "baskakoy", "Başkaköy Belediyesi")
        upsert_user(session, "hasan@baskakoy.bel.tr", "Hasan Yabancı", Role.TEAM_MEMBER, other)
    add_to_cohort(COORDINATOR, "kohort", [SLUG], [])
    add_to_cohort(COORDINATOR, "eski", ["baskakoy"], [])  # its programme ended: no hours to chase
    report = send_reminders(date(2027, 4, 5))  # seven months in, a handful of logged hours each
    assert report.before > 0 and report.pace >= 2
    assert deliver_pending().sent > 0
    ayse = _subjects(inbox, TEAM)
    assert any("1.1 eyleminin 2027-Q1 durum bildirimi" in s for s in ayse)
    assert "Örnekköy Belediyesi: program saatleriniz takvimin gerisinde" in ayse
    assert "Örnekköy Belediyesi: program saatleriniz takvimin gerisinde" in _subjects(inbox, EMRE)
    assert _subjects(inbox, "hasan@baskakoy.bel.tr") == []
    body = [m for m in inbox.to(TEAM) if "gerisinde" in str(m["Subject"])][0].get_body().get_content()  # type: ignore[union-attr]
    assert "https://yolharitasi.example.org/m/ornekkoy/hours" in body
    assert send_reminders(date(2027, 4, 6)).pace == 0  # at most once a week
