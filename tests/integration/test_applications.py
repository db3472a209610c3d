"""A call and its applications: the public form with a double opt-in on a real (loopback) SMTP server,
the deadline, the team rule of stage 0, and acceptance into a cohort or a courteous rejection."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import COORDINATOR, TEAM
from fastapi.testclient import TestClient
from test_notifications import inbox  # noqa: F401

from roadmap.domain.stages import Stage
from roadmap.errors import InvalidInput, PermissionDenied, TransitionRefused
from roadmap.services import admissions
from roadmap.services.applications import create_call, draft_application, save_application, start_application
from roadmap.services.cohorts import create_cohort
from roadmap.services.notifications import deliver_pending
from roadmap.services.stages import audit_trail, show_stage, status_report
from roadmap.store.db import unit_of_work
from roadmap.store.tables import User
from roadmap.web.app import create_app
from roadmap.web.apply import reset_application_limits

CONTACT = "strateji@nilufer.bel.tr"
NOW = datetime.now(UTC)
TEAM_ROWS = [
    ("Elif Kaya", "Strateji Geliştirme Müdürlüğü", "elif.kaya@nilufer.bel.tr"),
    ("Murat Şahin", "Kültür ve Sosyal İşler Müdürlüğü", "murat.sahin@nilufer.bel.tr"),
    ("İpek Yıldız", "Basın Yayın ve Halkla İlişkiler Müdürlüğü", "ipek.yildiz@nilufer.bel.tr"),
    ("Ozan Çelik", "Strateji Geliştirme Müdürlüğü", "ozan.celik@nilufer.bel.tr"),
]


def form_fields(team: list[tuple[str, str, str]] = TEAM_ROWS) -> dict[str, str]:
    fields = {
        "municipality": "Nilüfer Belediyesi",
        "kind": "ilçe",
        "province": "Bursa",
        "contact_name": "Elif Kaya",
        "contact_email": CONTACT,
        "motivation": "Mahalle komitelerimizin deneyimini kurumsal bir katılım yol haritasına dönüştürmek istiyoruz.",
        "commitment": "yes",
        "consent": "yes",
        "coordinator": "1",
    }
    for number, (name, directorate, email) in enumerate(team, start=1):
        fields |= {
            f"team-{number}-name": name,
            f"team-{number}-directorate": directorate,
            f"team-{number}-email": email,
        }
    return fields


def service_form(team: list[tuple[str, str, str]] = TEAM_ROWS) -> dict[str, object]:
    return {
        "municipality": "Nilüfer Belediyesi",
        "kind": "ilçe",
        "province": "Bursa",
        "contact_name": "Elif Kaya",
        "contact_email": CONTACT,
        "motivation": "Katılımı kurumsallaştırmak.",
        "commitment": True,
        "consent": True,
        "team": [
            {"name": n, "directorate": d, "email": e, "is_coordinator": i == 0}
            for i, (n, d, e) in enumerate(team)
        ],
    }


@pytest.fixture
def mailbox(inbox):  # noqa: F811  (the loopback SMTP server of the notification tests)
    return inbox


@pytest.fixture
def call(example):
    reset_application_limits()
    create_call(
        COORDINATOR,
        "katiliyoruz-2027",
        "KATILIYORUZ 2027 Çağrısı",
        NOW - timedelta(days=1),
        NOW + timedelta(days=30),
    )
    create_cohort(COORDINATOR, "katiliyoruz-2027", "KATILIYORUZ 2027", date(2027, 1, 4), date(2027, 9, 30))
    return "katiliyoruz-2027"


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def link_in(body: str) -> str:
    return re.search(r"https://yolharitasi\.example\.org(/\S+)", body).group(1)  # type: ignore[union-attr]


def test_an_application_is_submitted_through_the_public_form_after_the_contact_confirms_their_email(
    call, mailbox
):
    browser = TestClient(create_app(), follow_redirects=False)
    page = browser.get(f"/apply/{call}")
    assert page.status_code == 200 and "KATILIYORUZ 2027 Çağrısı" in page.text
    started = browser.post(
        f"/apply/{call}", data={**form_fields(), "csrf_token": csrf(page.text), "action": "save"}
    )
    assert started.status_code == 303
    draft_url = started.headers["location"]
    draft = browser.get(draft_url)
    assert "doğrulama bağlantısı" in draft.text

    # Submitting before the e-mail is confirmed is refused, and says why.
    version = re.search(r'name="version" value="(\d+)"', draft.text).group(1)  # type: ignore[union-attr]
    refused = browser.post(
        draft_url,
        data={**form_fields(), "csrf_token": csrf(draft.text), "version": version, "action": "submit"},
    )
    assert refused.status_code == 422 and "e-posta adresinizi doğrulayın" in refused.text

    assert deliver_pending().sent == 1
    (mail,) = mailbox.to(CONTACT)
    assert mail["Subject"] == "KATILIYORUZ 2027 Çağrısı: e-posta adresinizi doğrulayın"
    confirm_path = link_in(mail.get_content())
    confirm_page = browser.get(confirm_path)  # opening the link changes nothing (mail scanners open links)
    assert confirm_page.status_code == 200
    confirmed = browser.post(confirm_path, data={"csrf_token": csrf(confirm_page.text)})
    assert confirmed.status_code == 303
    assert browser.get(confirm_path).status_code == 404  # a one-time link
    assert browser.get(draft_url).status_code == 404  # the draft link was renewed
    new_draft = browser.get(confirmed.headers["location"])
    assert "Elif Kaya" in new_draft.text
    version = re.search(r'name="version" value="(\d+)"', new_draft.text).group(1)  # type: ignore[union-attr]
    sent = browser.post(
        confirmed.headers["location"],
        data={**form_fields(), "csrf_token": csrf(new_draft.text), "version": version, "action": "submit"},
    )
    assert sent.status_code == 303
    assert "Başvurunuz gönderildi" in browser.get(confirmed.headers["location"]).text
    (row,) = admissions.list_applications(COORDINATOR, call)
    assert row.state == "submitted" and row.problems == [] and row.email_confirmed


def _confirmed_draft(call: str, team: list[tuple[str, str, str]] = TEAM_ROWS) -> tuple[str, int]:
    started = start_application(call, service_form(team))
    with unit_of_work() as session:
        from roadmap.store.tables import Application

        application = session.get(Application, started.id)
        assert application is not None
        application.email_confirmed_at = NOW
        session.add(application)
    return started.secret, started.id


def test_an_application_after_the_deadline_is_refused_and_nothing_changes(call):
    secret, _ = _confirmed_draft(call)
    late = NOW + timedelta(days=31)
    with pytest.raises(TransitionRefused) as refused:
        save_application(call, secret, service_form(), 1, submit=True, now=late)
    assert "son başvuru tarihi geçti" in str(refused.value)
    assert draft_application(call, secret).state == "draft"
    with pytest.raises(TransitionRefused):
        start_application(call, service_form(), now=late)
    browser = TestClient(create_app(), follow_redirects=False)
    create_call(COORDINATOR, "kapandi", "Kapanmış Çağrı", NOW - timedelta(days=60), NOW - timedelta(days=1))
    assert "Bu çağrı şu anda başvuru almıyor" in browser.get("/apply/kapandi").text


def test_a_team_of_three_is_refused_by_the_same_rule_as_stage_0(call):
    secret, _ = _confirmed_draft(call, TEAM_ROWS[:3])
    with pytest.raises(InvalidInput) as refused:
        save_application(call, secret, service_form(TEAM_ROWS[:3]), 1, submit=True)
    details = refused.value.details("tr")
    assert any("4" in d and "3" in d for d in details), details  # "en az 4 üye gerekli, 3 var"
    assert draft_application(call, secret).state == "draft"


def test_an_accepted_application_becomes_a_municipality_in_the_cohort_with_its_team_invited(call, mailbox):
    secret, number = _confirmed_draft(call)
    save_application(call, secret, service_form(), 1, submit=True)
    with pytest.raises(PermissionDenied):
        admissions.accept_application(TEAM, call, number, "katiliyoruz-2027")
    assert (
        admissions.score_application(COORDINATOR, call, number, {"motivation": 4, "team": 5, "structures": 3})
        == 80.0
    )
    slug = admissions.accept_application(COORDINATOR, call, number, "katiliyoruz-2027")
    assert slug == "nilufer"
    team = show_stage(COORDINATOR, slug, Stage.TEAM).content["members"]
    assert [m["name"] for m in team] == [name for name, _, _ in TEAM_ROWS]
    assert team[0]["is_coordinator"]
    assert not [p for p in status_report(COORDINATOR, slug).stages[0].problems if p.key.startswith("team")]
    assert deliver_pending().sent == 5  # four invitations and the good news
    for _, _, email in TEAM_ROWS:
        (invitation,) = mailbox.to(email)
        assert "/password/set/" in invitation.get_content()
    (news,) = mailbox.to(CONTACT)
    assert news["Subject"] == "KATILIYORUZ 2027 Çağrısı: Nilüfer Belediyesi başvurusu kabul edildi"
    with unit_of_work() as session:
        from sqlmodel import select

        member = session.exec(select(User).where(User.email == TEAM_ROWS[1][2])).one()
    # The application is part of the municipality's record: its team sees it, without the scores.
    record = admissions.municipality_application(member.email, slug)
    assert record is not None and record.form.municipality == "Nilüfer Belediyesi" and record.reviews == []
    assert any(entry.action == "application_accept" for entry in audit_trail(COORDINATOR, slug))


def test_a_rejection_sends_a_courteous_message_with_the_reason(call, mailbox):
    secret, number = _confirmed_draft(call)
    save_application(call, secret, service_form(), 1, submit=True)
    with pytest.raises(InvalidInput):
        admissions.reject_application(COORDINATOR, call, number, "Yok")
    admissions.reject_application(
        COORDINATOR, call, number, "Bu dönem büyükşehir belediyelerine öncelik verdik."
    )
    deliver_pending()
    (mail,) = mailbox.to(CONTACT)
    body = mail.get_content()
    assert "teşekkür ederiz" in body and "büyükşehir belediyelerine öncelik verdik" in body
    assert admissions.list_applications(COORDINATOR, call)[0].state == "rejected"


def test_the_public_form_is_throttled_per_address_and_a_made_up_draft_link_finds_nothing(call):
    browser = TestClient(create_app(), follow_redirects=False)
    html = browser.get(f"/apply/{call}").text
    answers = [
        browser.post(
            f"/apply/{call}",
            data={**form_fields(), "contact_email": f"kisi{n}@ornek.bel.tr", "csrf_token": csrf(html)},
        ).status_code
        for n in range(6)
    ]
    assert answers == [303] * 5 + [429]
    assert len(admissions.list_applications(COORDINATOR, call)) == 5
    missing = browser.get(f"/apply/{call}/d/uydurma-bir-baglanti")
    assert missing.status_code == 404 and "Nilüfer" not in missing.text
    assert (
        browser.post(f"/apply/{call}", data=form_fields()).status_code == 403
    )  # no CSRF token, nothing stored


def test_an_applicant_who_filled_the_english_form_is_written_to_in_english(call, mailbox):
    start_application(call, service_form() | {"language": "en"})
    deliver_pending()
    (mail,) = mailbox.to(CONTACT)
    assert mail["Subject"] == "KATILIYORUZ 2027 Çağrısı: please confirm your e-mail address"


def test_a_calls_own_form_adds_its_questions_and_eligibility_and_a_bad_one_is_refused_by_field(
    example, tmp_path
):
    from roadmap.settings import EXAMPLES_DIR

    create_call(
        COORDINATOR,
        "ozel",
        "Özel Çağrı",
        NOW - timedelta(days=1),
        NOW + timedelta(days=9),
        EXAMPLES_DIR / "cagri-katiliyoruz.yaml",
    )
    page = TestClient(create_app()).get("/apply/ozel").text
    assert (
        "Stratejik planınızda sivil katılımla ilgili hangi hedefler var?" in page
        and "belde" not in page.lower()
    )
    started = start_application("ozel", service_form() | {"kind": "belde"})
    problems = {p.key for p in draft_application("ozel", started.secret).problems}
    assert problems == {"application_kind", "application_answer"}
    bad = tmp_path / "cagri.yaml"
    bad.write_text("criteria:\n  - id: Motivasyon Puanı\n    title: Motivasyon\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        create_call(COORDINATOR, "bozuk", "Bozuk Çağrı", NOW, NOW + timedelta(days=9), bad)
    assert "cagri.yaml" in str(refused.value) and "criteria.0.id" in str(refused.value)


def test_control_characters_are_refused_by_field_and_template_syntax_is_shown_as_written(call):
    with pytest.raises(InvalidInput) as refused:
        start_application(call, service_form() | {"motivation": "Zil\x07 sesi"})
    assert any("motivation" in d for d in refused.value.details("tr"))
    started = start_application(call, service_form() | {"motivation": "{{ 7*7 }} <script>alert(1)</script>"})
    page = TestClient(create_app()).get(f"/apply/{call}/d/{started.secret}").text
    assert "{{ 7*7 }}" in page and "<script>alert(1)</script>" not in page
