"""The programme office in the web app: an event added by the coordinator, checked in by a team member
with the link shown at the event, credited on the team's hours page; the consulting log; the calendar
and its private feed; the staff's application pages."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from test_web import OTHER_TEAM, client, signed_in, token, web, web_template  # noqa: F401

from roadmap.services.cohorts import add_to_cohort, create_cohort


@pytest.fixture
def cohort(web):  # noqa: F811
    today = date.today()
    create_cohort(
        COORDINATOR, "kohort", "KATILIYORUZ Kohortu", today - timedelta(days=60), today + timedelta(days=200)
    )
    add_to_cohort(COORDINATOR, "kohort", [SLUG], [CONSULTANT])
    return "kohort"


def test_an_event_is_checked_in_at_the_event_and_credited_on_the_hours_page(cohort):
    coordinator = signed_in(COORDINATOR)
    csrf = token(coordinator.get("/events").text)
    starts = datetime.now(UTC).astimezone().strftime("%Y-%m-%dT%H:%M")
    added = coordinator.post(
        "/events",
        data={
            "csrf_token": csrf,
            "cohort": cohort,
            "kind": "training",
            "title": "Katılımcı bütçe eğitimi",
            "starts": starts,
            "hours": "2,5",
        },
    )
    assert added.status_code == 303
    event_page = coordinator.get(added.headers["location"]).text
    assert 'src="data:image/svg+xml' in event_page  # the QR code to show in the room
    checkin = re.search(r'href="https?://[^"]+(/checkin/[^"]+)"', event_page).group(1)  # type: ignore[union-attr]

    team = signed_in(TEAM)
    assert "Katılımcı bütçe eğitimi" in team.get("/events").text
    prompt = team.get(checkin)
    assert prompt.status_code == 200
    done = team.post(checkin, data={"csrf_token": token(prompt.text)})
    assert done.status_code == 303
    hours = team.get(f"/m/{SLUG}/hours").text
    row = re.search(r"<tr><td>Ayşe Yılmaz</td><td>([^<]+)</td>", hours)
    assert row is not None and row.group(1).startswith("2,5 (1 etkinlik)")
    assert "/ 100" in hours

    # Someone of another municipality (and cohort) learns nothing of the event.
    other = signed_in(OTHER_TEAM)
    assert other.get(added.headers["location"]).status_code == 404
    assert other.post(checkin, data={"csrf_token": token(other.get("/events").text)}).status_code == 404


def test_the_consultant_records_a_session_that_the_team_sees_on_its_journey(cohort):
    consultant = signed_in(CONSULTANT)
    page = consultant.get(f"/m/{SLUG}/consulting")
    empty = consultant.post(
        f"/m/{SLUG}/consulting",
        data={"csrf_token": token(page.text), "held_on": date.today().isoformat(), "topics": ""},
    )
    assert empty.status_code == 422 and "Görüşülen konuları yazın" in empty.text
    saved = consultant.post(
        f"/m/{SLUG}/consulting",
        data={
            "csrf_token": token(page.text),
            "held_on": date.today().isoformat(),
            "people": "Ayşe Yılmaz, Mehmet Demir",
            "topics": "Paydaş haritasında üniversite kulüpleri",
            "next_steps": "İki öğrenci kulübü listeye eklenecek",
        },
    )
    assert saved.status_code == 303
    team = signed_in(TEAM)
    assert "Paydaş haritasında üniversite kulüpleri" in team.get(f"/m/{SLUG}").text
    log = team.get(f"/m/{SLUG}/consulting").text
    assert (
        "İki öğrenci kulübü listeye eklenecek" in log and "Görüşme kaydet" not in log
    )  # the team reads, does not write


def test_the_calendar_feed_is_reached_by_a_private_link_shown_once(cohort):
    team = signed_in(TEAM)
    page = team.get("/calendar")
    assert "aşama" in page.text  # the cohort plan's stage deadlines
    made = team.post("/calendar/feed", data={"csrf_token": token(page.text)})
    assert made.status_code == 303
    shown = team.get("/calendar").text
    link = re.search(r"<code>https?://[^<]+(/calendar/[^<]+\.ics)</code>", shown).group(1)  # type: ignore[union-attr]
    assert link not in team.get("/calendar").text  # shown once
    feed = client().get(link)  # a calendar app, not signed in
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in feed.text and "SUMMARY:KATILIYORUZ Kohortu: 0. aşama" in feed.text
    assert client().get("/calendar/uydurma.ics").status_code == 404


def test_the_staff_pages_list_a_calls_applications_for_the_coordinator_only(cohort):
    from roadmap.services.applications import create_call, start_application

    now = datetime.now(UTC)
    create_call(
        COORDINATOR, "cagri", "KATILIYORUZ 2027 Çağrısı", now - timedelta(days=1), now + timedelta(days=10)
    )
    start_application(
        "cagri", {"municipality": "Nilüfer Belediyesi", "contact_email": "strateji@nilufer.bel.tr"}
    )
    coordinator = signed_in(COORDINATOR)
    assert "KATILIYORUZ 2027 Çağrısı" in coordinator.get("/calls").text
    listing = coordinator.get("/calls/cagri").text
    assert "Nilüfer Belediyesi" in listing and "taslak" in listing
    assert signed_in(TEAM).get("/calls/cagri").status_code == 403


def test_the_cohort_page_and_report_show_applications_hours_and_pace_per_municipality(cohort):
    import io

    from openpyxl import load_workbook
    from test_applications import _confirmed_draft, service_form

    from roadmap.services.admissions import accept_application
    from roadmap.services.applications import create_call, save_application

    now = datetime.now(UTC)
    create_call(
        COORDINATOR, "cagri", "KATILIYORUZ 2027 Çağrısı", now - timedelta(days=1), now + timedelta(days=10)
    )
    secret, number = _confirmed_draft("cagri")
    save_application("cagri", secret, service_form(), 1, submit=True)
    accept_application(COORDINATOR, "cagri", number, cohort)

    coordinator = signed_in(COORDINATOR)
    page = coordinator.get(f"/cohort?cohort={cohort}").text
    row = re.search(r'<tr[^>]*><td><a href="/m/nilufer">.*?</tr>', page, re.S)
    assert row is not None and "KATILIYORUZ 2027 Çağrısı" in row.group(0)
    ornekkoy = re.search(r'<tr[^>]*><td><a href="/m/ornekkoy">.*?</tr>', page, re.S)
    assert ornekkoy is not None and "geride" in ornekkoy.group(0)  # 60 days in, little logged: behind pace

    workbook = load_workbook(io.BytesIO(coordinator.get(f"/cohort/{cohort}/report.xlsx").content))
    sheet = workbook["Program"]
    lines = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert lines["Nilüfer Belediyesi"][1] == "KATILIYORUZ 2027 Çağrısı"
    assert lines["Örnekköy Belediyesi"][3] == 67 and lines["Örnekköy Belediyesi"][6] == "geride"


def test_the_coordinator_scores_and_accepts_an_application_in_the_web_app(cohort):
    from test_applications import _confirmed_draft, service_form

    from roadmap.services.applications import create_call, save_application

    now = datetime.now(UTC)
    create_call(
        COORDINATOR, "cagri", "KATILIYORUZ 2027 Çağrısı", now - timedelta(days=1), now + timedelta(days=10)
    )
    secret, number = _confirmed_draft("cagri")
    save_application("cagri", secret, service_form(), 1, submit=True)
    coordinator = signed_in(COORDINATOR)
    url = f"/calls/cagri/applications/{number}"
    page = coordinator.get(url)
    assert "Elif Kaya" in page.text and "Kabul et" in page.text
    bad = coordinator.post(
        url + "/score",
        data={
            "csrf_token": token(page.text),
            "score-motivation": "9",
            "score-team": "5",
            "score-structures": "3",
        },
    )
    assert bad.status_code == 422 and "0 ile 5 arasında" in bad.text
    scored = coordinator.post(
        url + "/score",
        data={
            "csrf_token": token(page.text),
            "score-motivation": "4",
            "score-team": "5",
            "score-structures": "3",
        },
    )
    assert scored.status_code == 303 and "80,0/100" in coordinator.get(url).text
    accepted = coordinator.post(
        url + "/accept", data={"csrf_token": token(page.text), "cohort": cohort, "slug": ""}
    )
    assert accepted.status_code == 303 and accepted.headers["location"] == "/m/nilufer"
    journey = coordinator.get("/m/nilufer").text
    assert "Programa başvurumuz" in journey
    record = coordinator.get("/m/nilufer/application")
    assert record.status_code == 200 and "Murat Şahin" in record.text


def test_the_calendar_page_lists_the_check_in_deadlines_of_the_teams_approved_roadmap(cohort):
    from test_releases import approve_all

    approve_all()
    page = signed_in(TEAM).get("/calendar").text
    assert (
        '<a href="/m/ornekkoy/monitoring">Örnekköy Belediyesi: 2027-Q1 durum bildirimi son tarihi</a>' in page
    )
    assert "Durum bildirimi son tarihi" in page and "15 Nisan 2027" in page


def test_the_coordinator_opens_a_call_from_the_calls_page_and_its_form_goes_live(web):  # noqa: F811
    coordinator = signed_in(COORDINATOR)
    empty = coordinator.get("/calls").text
    assert "İlk başvuru çağrısını aşağıdaki formla açın" in empty and "roadmap " not in empty
    backwards = coordinator.post(
        "/calls",
        data={"csrf_token": token(empty), "key": "katiliyoruz-2027", "name": "KATILIYORUZ 2027",
              "opens": "2027-09-03T18:00", "closes": "2027-08-01T09:00"},
    )  # fmt: skip
    assert backwards.status_code == 422 and "Son başvuru tarihi açılıştan sonra olmalı" in backwards.text
    assert 'value="KATILIYORUZ 2027"' in backwards.text  # what was typed is kept
    opened = coordinator.post(
        "/calls",
        data={"csrf_token": token(empty), "key": "katiliyoruz-2027", "name": "KATILIYORUZ 2027",
              "opens": "2027-08-01T09:00", "closes": "2027-09-03T18:00"},
    )  # fmt: skip
    assert opened.status_code == 303
    listed = coordinator.get("/calls").text
    assert "Çağrı açıldı: KATILIYORUZ 2027" in listed and "3 Eylül 2027 18:00" in listed
    assert client().get("/apply/katiliyoruz-2027").status_code == 200
    team = signed_in(TEAM)
    refused = team.post(
        "/calls", data={"csrf_token": token(team.get("/events").text), "key": "x-1", "name": "Xyz"}
    )
    assert refused.status_code in (403, 404) and client().get("/apply/x-1").status_code == 404
