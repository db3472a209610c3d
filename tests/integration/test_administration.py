"""Administering the programme without the terminal's help: invitations and password resets by e-mail
with a one-time link, people and roles, municipalities, cohorts; each person's e-mail choice and
language; and the daily digest. E-mail goes to a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from sqlmodel import col, select
from test_notifications import Inbox, inbox  # noqa: F401  (the loopback SMTP server)

from roadmap.domain.stages import Role, Stage
from roadmap.errors import InvalidInput, NotFound, PermissionDenied
from roadmap.services import stages as svc
from roadmap.services.accounts import (
    authenticate,
    invite,
    redeem_token,
    request_password_reset,
    set_password,
    token_purpose,
)
from roadmap.services.cohorts import add_to_cohort, cohort_members, create_cohort, remove_from_cohort
from roadmap.services.digest import send_daily_digest
from roadmap.services.municipalities import add_municipality, edit_municipality, municipality_details
from roadmap.services.notifications import deliver_pending, my_notices, set_preferences
from roadmap.services.people import change_person, list_people
from roadmap.services.review import add_comment
from roadmap.store.db import unit_of_work
from roadmap.store.tables import AccountToken, AuditRecord, Notification, User

NEW = "zeynep.kaya@ornekkoy.bel.tr"
LINK = re.compile(r"https://yolharitasi\.example\.org/password/set/(\S+)")


def _token(mail) -> str:  # type: ignore[no-untyped-def]
    found = LINK.search(mail.get_content())
    assert found, mail.get_content()
    return found.group(1)


def _audited(action: str) -> list[AuditRecord]:
    with unit_of_work() as session:
        return list(session.exec(select(AuditRecord).where(AuditRecord.action == action)).all())


@pytest.fixture
def other(example):
    """A second municipality that the example's consultant is not assigned to."""
    add_municipality(COORDINATOR, "baskakoy", "Başkaköy Belediyesi", "Bursa", kind="ilçe")
    return "baskakoy"


# --- who may invite ----------------------------------------------------------------------------


def test_a_consultant_invites_team_members_to_their_municipality_only(other):
    invite(CONSULTANT, NEW, "Zeynep Kaya", Role.TEAM_MEMBER, SLUG)
    assert [p.email for p in list_people(CONSULTANT, "zeynep")] == [NEW]
    with pytest.raises(NotFound):  # not theirs: as if it did not exist
        invite(CONSULTANT, "ali@baskakoy.bel.tr", "Ali Veli", Role.TEAM_MEMBER, other)
    with pytest.raises(PermissionDenied):  # and only team members
        invite(CONSULTANT, "yeni.danisman@katiliyoruz.example.org", "Yeni Danışman", Role.CONSULTANT, SLUG)
    assert [a.comment for a in _audited("invite")] == [f"{NEW} (team_member)"]


def test_a_team_member_may_not_invite_or_see_the_people(example):
    with pytest.raises(PermissionDenied):
        invite(TEAM, NEW, "Zeynep Kaya", Role.TEAM_MEMBER, SLUG)
    with pytest.raises(PermissionDenied):
        list_people(TEAM)
    with pytest.raises(PermissionDenied):
        municipality_details(TEAM, manage=True)


def test_inviting_someone_who_already_has_an_account_is_refused_beside_the_address(example):
    set_password(COORDINATOR, TEAM, "ayse-nin-parolasi")
    with pytest.raises(InvalidInput) as refused:
        invite(COORDINATOR, TEAM, "Ayşe Yılmaz", Role.TEAM_MEMBER, SLUG)
    assert refused.value.message.params["field"] == "email"


# --- the one-time link -------------------------------------------------------------------------


def test_the_invitation_email_carries_a_link_that_sets_the_password_once(inbox):  # noqa: F811
    invite(COORDINATOR, NEW, "Zeynep Kaya", Role.TEAM_MEMBER, SLUG)
    assert deliver_pending().sent == 1
    (mail,) = inbox.to(NEW)
    assert mail["Subject"] == "Yol Haritası aracına davet edildiniz"
    assert "Belediye: Örnekköy Belediyesi" in mail.get_content() and "7 gün" in mail.get_content()
    token = _token(mail)
    assert token_purpose(token) == "invite"
    with pytest.raises(InvalidInput):  # the password rules hold here too
        redeem_token(token, "kisa")
    redeem_token(token, "zeynep-in-parolasi")
    assert authenticate(NEW, "zeynep-in-parolasi") is not None
    with pytest.raises(NotFound):  # single use
        redeem_token(token, "baska-bir-parola-2026")
    assert authenticate(NEW, "zeynep-in-parolasi") is not None
    assert [p.active for p in list_people(COORDINATOR, NEW)] == [True]


def test_only_the_links_hash_is_stored_and_the_outbox_never_holds_it(inbox):  # noqa: F811
    invite(COORDINATOR, NEW, "Zeynep Kaya", Role.TEAM_MEMBER, SLUG)
    deliver_pending()
    token = _token(inbox.to(NEW)[0])
    with unit_of_work() as session:
        stored = [repr(row) for row in session.exec(select(AccountToken)).all()]
        stored += [repr(row) for row in session.exec(select(Notification)).all()]
    assert not [row for row in stored if token in row]


def test_a_link_older_than_seven_days_no_longer_works(inbox):  # noqa: F811
    invite(COORDINATOR, NEW, "Zeynep Kaya", Role.TEAM_MEMBER, SLUG)
    deliver_pending()
    token = _token(inbox.to(NEW)[0])
    with unit_of_work() as session:  # the invitation was sent eight days ago
        for row in session.exec(select(AccountToken)).all():
            row.created_at -= timedelta(days=8)
            row.expires_at -= timedelta(days=8)
            session.add(row)
    with pytest.raises(NotFound):
        token_purpose(token)
    with pytest.raises(NotFound):
        redeem_token(token, "zeynep-in-parolasi")


def test_a_reset_answers_the_same_for_an_unknown_address_and_mails_only_a_known_one(inbox):  # noqa: F811
    set_password(COORDINATOR, TEAM, "eski-parola-2026")
    with unit_of_work() as session:
        before = len(session.exec(select(Notification)).all())
    assert request_password_reset("kimse@ornekkoy.bel.tr") is None
    assert request_password_reset(TEAM.upper()) is None
    with unit_of_work() as session:
        assert len(session.exec(select(Notification)).all()) == before + 1
    deliver_pending()
    assert [r for r, _ in inbox.messages if "kimse@ornekkoy.bel.tr" in r] == []
    (mail,) = inbox.to(TEAM)
    assert mail["Subject"] == "Yol Haritası: parola yenileme bağlantınız"
    token = _token(mail)
    assert token_purpose(token) == "reset"
    redeem_token(token, "yeni-parola-2026")
    assert authenticate(TEAM, "yeni-parola-2026") is not None
    assert authenticate(TEAM, "eski-parola-2026") is None
    assert [a.comment for a in _audited("password_set")] == [TEAM, f"{TEAM} (reset)"]


def test_an_english_reader_gets_english_mail(inbox):  # noqa: F811
    invite(COORDINATOR, NEW, "Zeynep Kaya", Role.TEAM_MEMBER, SLUG, lang="en")
    set_preferences(TEAM, "instant", "en")
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=True, comment="Uygundur.")
    deliver_pending()
    invitation, approved_too = inbox.to(NEW)  # a new team member hears of the team's stages at once
    assert invitation["Subject"] == "You are invited to the Roadmap tool"
    assert approved_too["Subject"].endswith("was approved")
    assert "Your role: team member" in invitation.get_content()
    (approved,) = inbox.to(TEAM)
    assert approved["Subject"] == "Örnekköy Belediyesi: stage 4 (Consultation meetings) was approved"


# --- choosing how notices arrive ---------------------------------------------------------------


def test_a_person_who_chose_no_email_gets_none_but_sees_the_notice_in_the_app(inbox):  # noqa: F811
    set_password(COORDINATOR, TEAM, "ayse-nin-parolasi")
    set_preferences(TEAM, "none", "tr")
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="Listeyi ekleyin.")
    deliver_pending()
    send_daily_digest(date.today())
    assert inbox.to(TEAM) == []
    assert "değişiklik istendi" in my_notices(TEAM, "tr")[0].text


def test_the_digest_gathers_a_readers_notices_into_one_email_once_a_day(inbox):  # noqa: F811
    set_password(COORDINATOR, CONSULTANT, "danisman-parolasi")
    set_preferences(CONSULTANT, "digest", "tr")
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="Eksik.")
    svc.submit_stage(TEAM, SLUG, Stage.CONSULTATIONS)
    add_comment(TEAM, SLUG, Stage.CONSULTATIONS, "Listeyi ekledik, bakabilir misiniz?")
    deliver_pending()
    assert inbox.to(CONSULTANT) == []  # kept for the digest
    report = send_daily_digest(date.today())
    assert report.sent >= 1
    (digest,) = inbox.to(CONSULTANT)
    body = digest.get_content()
    assert digest["Subject"] == f"Yol Haritası: {date.today().isoformat()} günlük özeti"
    assert "Günün 2 bildirimi:" in body
    assert "4. aşama (Katılım toplantıları) incelemenize gönderildi" in body
    assert "4. aşamada (Katılım toplantıları) yeni yorum" in body
    assert "https://yolharitasi.example.org/preferences" in body
    assert send_daily_digest(date.today()).already  # once a day
    assert deliver_pending().sent == 0 and len(inbox.to(CONSULTANT)) == 1  # never sent twice


def test_the_digest_tells_of_overdue_reviews_and_each_cohorts_overdue_municipalities(inbox):  # noqa: F811
    for person in (CONSULTANT, COORDINATOR):
        set_password(COORDINATOR, person, "uzun-bir-parola-2026")
    set_preferences(COORDINATOR, "instant", "en")
    create_cohort(COORDINATOR, "kohort", "KATILIYORUZ 2026", date(2026, 1, 1), date(2026, 10, 1))
    add_to_cohort(COORDINATOR, "kohort", [SLUG], [CONSULTANT])
    later = date.today() + timedelta(days=30)  # stage 4 has waited a month for its review
    send_daily_digest(later)
    (consultant,) = inbox.to(CONSULTANT)
    assert re.search(
        r"Örnekköy Belediyesi: 4\. aşama \(Katılım toplantıları\) \d+ gündür incelemenizi bekliyor",
        consultant.get_content(),
    )
    (coordinator,) = inbox.to(COORDINATOR)
    text = coordinator.get_content()
    assert "KATILIYORUZ 2026: 1 municipality behind schedule" in text and "- Örnekköy Belediyesi:" in text
    assert inbox.to(TEAM) == []  # nothing overdue for a team that chose nothing else


# --- people, municipalities, cohorts ----------------------------------------------------------------


def test_people_are_found_the_turkish_way_and_a_consultant_sees_only_theirs(other):
    invite(COORDINATOR, "ali@baskakoy.bel.tr", "Ali Işık", Role.TEAM_MEMBER, other)
    assert [p.email for p in list_people(COORDINATOR, "AYSE")] == [TEAM]
    assert [p.email for p in list_people(COORDINATOR, "isik")] == ["ali@baskakoy.bel.tr"]
    seen = {p.email for p in list_people(CONSULTANT)}
    assert TEAM in seen and "ali@baskakoy.bel.tr" not in seen


def test_a_coordinator_changes_a_role_and_municipality_but_never_their_own(other):
    change_person(COORDINATOR, TEAM, Role.TEAM_MEMBER, other)
    assert [p.slug for p in list_people(COORDINATOR, TEAM)] == [other]
    with pytest.raises(PermissionDenied):
        change_person(CONSULTANT, TEAM, Role.COORDINATOR)
    with pytest.raises(InvalidInput) as refused:
        change_person(COORDINATOR, COORDINATOR, Role.TEAM_MEMBER, SLUG)
    assert refused.value.message.params["field"] == "role"
    change_person(COORDINATOR, CONSULTANT, Role.COORDINATOR)  # no longer anyone's consultant
    assert all(CONSULTANT not in m.consultants for m in municipality_details(COORDINATOR, manage=True))
    assert len(_audited("role")) == 2


def test_a_municipalitys_details_are_corrected_and_audited_on_its_history(example):
    with pytest.raises(InvalidInput) as refused:
        edit_municipality(COORDINATOR, SLUG, "Örnekköy Belediyesi", "Örnekil", "köy")
    assert refused.value.message.params["field"] == "kind"
    with pytest.raises(PermissionDenied):
        edit_municipality(CONSULTANT, SLUG, "Örnekköy Belediyesi", "Örnekil", "belde")
    edit_municipality(COORDINATOR, SLUG, "Örnekköy Belediyesi", "Örnekil", "belde")
    (shown,) = [m for m in municipality_details(COORDINATOR, manage=True) if m.slug == SLUG]
    assert (shown.province, shown.kind) == ("Örnekil", "belde")
    assert [a.action for a in svc.audit_trail(COORDINATOR, SLUG)][-1] == "edit"


def test_a_cohort_loses_a_municipality_and_a_consultant(example):
    create_cohort(COORDINATOR, "kohort", "Kohort", date(2026, 1, 1), date(2026, 12, 1))
    add_to_cohort(COORDINATOR, "kohort", [SLUG], [CONSULTANT])
    assert remove_from_cohort(COORDINATOR, "kohort", [SLUG], [CONSULTANT]) == (1, 1)
    assert cohort_members(COORDINATOR, "kohort") == {}
    assert remove_from_cohort(COORDINATOR, "kohort", [SLUG], []) == (0, 0)
    with pytest.raises(PermissionDenied):
        remove_from_cohort(CONSULTANT, "kohort", [SLUG], [])
    with unit_of_work() as session:
        left = session.exec(select(AuditRecord).where(col(AuditRecord.action) == "cohort_leave")).all()
    assert len(left) == 2


def test_an_invited_person_who_has_not_set_a_password_gets_no_digest(inbox):  # noqa: F811
    invite(COORDINATOR, NEW, "Zeynep Kaya", Role.TEAM_MEMBER, SLUG)
    with unit_of_work() as session:
        user = session.exec(select(User).where(User.email == NEW)).one()
        assert user.password_hash == "" and user.notify_mode == "instant"
    send_daily_digest(date.today())
    assert inbox.to(NEW) == []
