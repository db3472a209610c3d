"""Civic actors and the support programme in the web app: the directory, a municipality's matches, an
application from the form through the reviewers' forms to an award on its page; then the same pages in
a real browser at laptop and phone width (axe-core)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from test_releases import approve_all
from test_web import OTHER_TEAM, PASSWORD, signed_in, token, web, web_template  # noqa: F401

from roadmap.domain.stages import Role
from roadmap.domain.support import SupportKind
from roadmap.services.accounts import set_password
from roadmap.services.actors import import_actors, list_actors
from roadmap.services.matchmaking import introductions
from roadmap.services.municipalities import add_user
from roadmap.services.support import apply_for_support, create_call
from roadmap.services.support_awards import awards_for_action, record_award
from roadmap.services.support_review import decide_application, review_application
from roadmap.settings import EXAMPLES_DIR
from roadmap.web.support import awards_fragment

PROGRAMME = EXAMPLES_DIR / "programme"
SECOND = "ikinci@katiliyoruz.example.org"


@pytest.fixture
def programme(web):  # noqa: F811
    import_actors(COORDINATOR, PROGRAMME / "sivil-aktorler.csv")
    approve_all()
    add_user(COORDINATOR, SECOND, "İkinci Değerlendirici", Role.COORDINATOR)
    set_password(COORDINATOR, SECOND, PASSWORD)
    today = date.today()
    create_call(
        COORDINATOR,
        "2027-1",
        "2027 ilk çağrı",
        today - timedelta(days=1),
        today + timedelta(days=30),
        PROGRAMME / "destek-olcutleri.yaml",
    )
    return web


def _id(name: str) -> int:
    return next(a.id for a in list_actors(COORDINATOR) if a.name == name)


def test_the_directory_shows_a_contact_only_where_it_may_be_listed_and_only_staff_may_edit(programme):
    team = signed_in(TEAM)
    listing = team.get("/actors?province=Örnekil").text
    assert "Örnekköy Gençlik Derneği" in listing and "iletisim@ornekkoygenclik.org" in listing
    assert "kooperatif@example.org" not in listing and "Listelenmiyor" in listing
    assert "Gençlik Çalışmaları Federasyonu" not in team.get("/actors").text  # no KVKK consent
    assert 'method="post" action="/actors"' not in listing  # no form to add one
    refused = team.post(
        "/actors", data={"csrf_token": token(listing), "name": "Yeni Dernek", "kind": "dernek"}
    )
    assert refused.status_code == 422 and "Yeni Dernek" not in team.get("/actors").text

    staff = signed_in(COORDINATOR)
    page = staff.get("/actors").text
    bad = staff.post(
        "/actors", data={"csrf_token": token(page), "name": "Yeni Dernek", "kind": "dernek", "derbis": "123"}
    )
    assert bad.status_code == 422 and "bir DERBİS kütük numarası değil" in bad.text
    added = staff.post(
        "/actors",
        data={"csrf_token": token(page), "name": "Yeni Umut Derneği", "kind": "dernek", "province": "Örnekil",
              "focus_areas": ["genclik-meclisi"], "kvkk_consent": "on"},
    )  # fmt: skip
    assert added.status_code == 303
    assert "Yeni Umut Derneği" in team.get("/actors").text


def test_a_team_sees_its_matches_with_reasons_and_logs_an_introduction(programme):
    team = signed_in(TEAM)
    page = team.get(f"/m/{SLUG}/actors")
    assert page.status_code == 200
    assert "aynı ilçede (Örnekköy)" in page.text and "hedefin odak alanında çalışıyor" in page.text
    club = _id("Örnekil Üniversitesi Katılım Kulübü")
    logged = team.post(
        f"/m/{SLUG}/actors/introduce",
        data={
            "csrf_token": token(page.text),
            "actor": str(club),
            "action": "2.1",
            "next_step": "Birebir görüşme",
        },
    )
    assert logged.status_code == 303
    assert [(i.actor_name, i.action_code, i.introduced_by) for i in introductions(TEAM, SLUG)] == [
        ("Örnekil Üniversitesi Katılım Kulübü", "2.1", TEAM)
    ]
    again = team.get(f"/m/{SLUG}/actors").text
    assert "Tanıştırma kaydedildi" in again and "Birebir görüşme" in again
    assert "<td>Ayşe Yılmaz</td>" in again and TEAM not in again  # a name, not an e-mail address
    assert signed_in(OTHER_TEAM).get(f"/m/{SLUG}/actors").status_code == 404


def test_an_application_goes_from_the_form_to_an_award_shown_on_its_page(programme):
    team = signed_in(TEAM)
    form = team.get(f"/m/{SLUG}/support").text
    assert "2027 ilk çağrı" in form
    sent = team.post(
        f"/m/{SLUG}/support",
        data={"csrf_token": token(form), "call": "2027-1", "title": "Gençlik meclisi eğitimleri",
              "request": "Kolaylaştırıcı eğitimi ve salon", "actions": ["2.1"],
              "actors": [str(_id("Örnekköy Gençlik Derneği"))]},
    )  # fmt: skip
    assert sent.status_code == 303
    url = sent.headers["location"]
    assert "Gençlik meclisi eğitimleri" in team.get(url).text
    assert 'name="score-uygunluk"' not in team.get(url).text  # teams do not review

    scores = {
        "score-uygunluk": "4",
        "score-katilim": "5",
        "score-uygulanabilirlik": "3",
        "score-surdurulebilirlik": "4",
    }
    first = signed_in(COORDINATOR)
    page = first.get(url).text
    assert (
        first.post(
            f"{url}/review", data={"csrf_token": token(page), **scores, "comment": "Güçlü ortaklık"}
        ).status_code
        == 303
    )
    early = first.post(
        f"{url}/decide", data={"csrf_token": token(page), "decision": "award", "reason": "Erken"}
    )
    assert early.status_code == 422 and "en az 2 farklı değerlendirici" in early.text
    conflicted = signed_in(CONSULTANT)  # a consultant is not a reviewer: refused
    assert (
        conflicted.post(
            f"{url}/conflict", data={"csrf_token": token(conflicted.get(url).text), "reason": "x y"}
        ).status_code
        == 422
    )

    second = signed_in(SECOND)
    page = second.get(url).text
    second.post(
        f"{url}/review", data={"csrf_token": token(page), **scores, "score-katilim": "4", "comment": "İyi"}
    )
    decided = first.post(
        f"{url}/decide",
        data={"csrf_token": token(first.get(url).text), "decision": "award", "reason": "Yüksek puan"},
    )
    assert decided.status_code == 303
    awarded = first.post(
        f"{url}/award",
        data={"csrf_token": token(first.get(url).text), "action": "2.1", "kind": "training",
              "description": "Kolaylaştırıcı eğitimi", "quantity": "2", "unit": "gün", "value": "40.000",
              "given_on": "2027-02-10"},
    )  # fmt: skip
    assert awarded.status_code == 303
    shown = team.get(url).text
    assert "desteklendi" in shown and "Kolaylaştırıcı eğitimi" in shown and "40.000 TL" in shown
    assert "10 Şubat 2027" in shown
    monitoring = awards_fragment("en", awards_for_action(TEAM, SLUG, "2.1"))  # the action's monitoring page
    assert "Support given" in monitoring and "40,000 TRY" in monitoring and "10 February 2027" in monitoring
    assert signed_in(OTHER_TEAM).get(url).status_code == 404


@pytest.mark.browser
def test_the_civic_actor_and_support_pages_read_well_at_laptop_and_phone_width(programme):
    from browsing import Person, launch, live_server
    from playwright.sync_api import sync_playwright

    for email in (TEAM, COORDINATOR):
        set_password(COORDINATOR, email, "yenikoy-parola-2026")
    number = apply_for_support(
        TEAM, SLUG, "2027-1", ["2.1", "2.2"], "Gençlik meclisi eğitimleri", "Eğitim ve salon"
    )
    review_application(
        SECOND, number, {"uygunluk": 4, "katilim": 5, "uygulanabilirlik": 3, "surdurulebilirlik": 4}, "İyi"
    )
    awarded = apply_for_support(
        TEAM, SLUG, "2027-1", ["3.1"], "Talep izleme sayfası", "Yazılım ve eğitim desteği"
    )
    for reviewer in (SECOND, COORDINATOR):
        review_application(
            reviewer,
            awarded,
            {"uygunluk": 5, "katilim": 4, "uygulanabilirlik": 4, "surdurulebilirlik": 4},
            "İyi",
        )
    decide_application(COORDINATOR, awarded, True, "Yüksek puan")
    record_award(
        COORDINATOR, awarded, SupportKind.TECHNICAL, "Yazılım danışmanlığı", 3, "gün", 27500, date(2027, 3, 1)
    )
    for base in live_server():
        with sync_playwright() as playwright:
            browser = launch(playwright)
            problems: list[str] = []
            person = Person(browser, base, TEAM, "actors-team", audit=True)
            for path in ("/actors", f"/m/{SLUG}/actors", f"/m/{SLUG}/support", "/support"):
                person.go(path)
            problems += person.problems
            staff = Person(browser, base, COORDINATOR, "actors-staff", audit=True)
            staff.go(f"/actors/{_id('Örnekköy Gençlik Derneği')}")
            staff.go("/actors")
            staff.go(f"/m/{SLUG}/support/{number}")
            staff.go("/support")
            staff.go(f"/m/{SLUG}/support/{awarded}")
            problems += staff.problems
            browser.close()
    assert not problems, "\n".join(problems)


def test_programme_staff_import_the_directory_and_open_a_call_from_the_web(web):  # noqa: F811
    staff = signed_in(COORDINATOR)
    page = staff.get("/actors").text
    bad = staff.post(
        "/actors/import",
        data={"csrf_token": token(page)},
        files={"file": ("rehber.csv", "Kuruluş adı;Tür\nYeni Dernek;topluluk\n".encode(), "text/csv")},
    )
    assert bad.status_code == 422 and "Satır 2, sütun 'Tür'" in unescape(bad.text)
    assert list_actors(COORDINATOR) == []
    done = staff.post(
        "/actors/import",
        data={"csrf_token": token(page)},
        files={"file": ("sivil-aktorler.csv", (PROGRAMME / "sivil-aktorler.csv").read_bytes(), "text/csv")},
    )
    assert done.status_code == 303
    shown = unescape(staff.get("/actors").text)
    assert "9 kuruluş eklendi" in shown and "Açık Veri Platformu" in shown
    assert "'Acik Veri Platfomu', kayıttaki 'Açık Veri Platformu' ile aynı kurum olabilir" in shown

    calls = staff.get("/support").text
    today = date.today()
    opened = staff.post(
        "/support",
        data={"csrf_token": token(calls), "key": "2027-1", "name": "2027 ilk çağrı",
              "opens": today.isoformat(), "closes": (today + timedelta(days=30)).isoformat()},
        files={"rubric": ("olcutler.yaml", (PROGRAMME / "destek-olcutleri.yaml").read_bytes(), "application/yaml")},
    )  # fmt: skip
    assert opened.status_code == 303
    team = signed_in(TEAM)
    listing = team.get("/support").text
    assert "2027 ilk çağrı" in listing and "Sürdürülebilirlik" in listing
    assert 'action="/support"' not in listing  # teams do not open calls
    refused = team.post(
        "/support",
        data={"csrf_token": token(listing), "key": "2027-2", "name": "Ekibin çağrısı",
              "opens": today.isoformat(), "closes": today.isoformat()},
        files={"rubric": ("olcutler.yaml", (PROGRAMME / "destek-olcutleri.yaml").read_bytes(), "application/yaml")},
    )  # fmt: skip
    assert refused.status_code == 422 and "Ekibin çağrısı" not in team.get("/support").text


def test_a_team_adds_a_directory_organisation_to_its_register_from_the_organisations_page(programme):
    from roadmap.domain.stages import Stage
    from roadmap.services import stages as stage_service

    team = signed_in(TEAM)
    social = _id("Sosyal Fayda Girişimi")
    page = team.get(f"/actors/{social}").text
    assert "Örnekköy Belediyesi paydaş listesine ekle" in page
    refused = team.post(f"/m/{SLUG}/actors/register", data={"csrf_token": token(page), "actor": str(social)})
    assert refused.status_code == 303  # the stakeholder map is approved: said on the page, nothing added
    assert "Sosyal Fayda Girişimi" not in str(
        stage_service.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).content
    )
    stage_service.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Yeni paydaşlar")
    added = team.post(f"/m/{SLUG}/actors/register", data={"csrf_token": token(page), "actor": str(social)})
    assert added.status_code == 303
    said = unescape(team.get(added.headers["location"]).text)
    assert "paydaş listenize eklendi" in said  # both notices, the refusal's and the success's
    assert "durumundaki bir aşama düzenlenemez" in said
    names = [
        s["name"] for s in stage_service.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).content["stakeholders"]
    ]
    assert "Sosyal Fayda Girişimi" in names


def test_the_pages_speak_english_to_a_reader_who_chose_it(programme):
    team = signed_in(TEAM)
    team.get("/lang/en?next=/")
    matches = unescape(team.get(f"/m/{SLUG}/actors").text)
    assert "in the same district (Örnekköy)" in matches and "not yet in your stakeholder register" in matches
    assert "Youth council and youth participation" in matches  # the catalogue's English title
    support = unescape(team.get(f"/m/{SLUG}/support").text)
    assert "Apply for support" in support and "Technical and in-kind support asked for" in support
    for page in (matches, support, unescape(team.get("/actors").text)):
        assert "match.reason." not in page and "web.support." not in page and "actors.kind." not in page


def test_a_stale_edit_of_an_organisation_is_refused_and_shows_the_newer_version(programme):
    first, second = signed_in(COORDINATOR), signed_in(COORDINATOR)
    club = _id("Örnekil Üniversitesi Katılım Kulübü")
    page_one, page_two = first.get(f"/actors/{club}").text, second.get(f"/actors/{club}").text
    version = re.search(r'name="version" value="(\d+)"', page_one).group(1)  # type: ignore[union-attr]
    fields = {"name": "Örnekil Üniversitesi Katılım Kulübü", "kind": "universite_kulubu", "province": "Örnekil",
              "kvkk_consent": "on", "version": version}  # fmt: skip
    assert (
        first.post(
            f"/actors/{club}", data={"csrf_token": token(page_one), **fields, "district": "Merkez"}
        ).status_code
        == 303
    )
    late = second.post(
        f"/actors/{club}", data={"csrf_token": token(page_two), **fields, "district": "Örnekköy"}
    )
    assert late.status_code == 409
    assert 'value="Merkez"' in late.text  # the newer version, to edit again


def test_a_team_whose_roadmap_is_not_approved_is_told_so_instead_of_a_form(web):  # noqa: F811
    today = date.today()
    create_call(
        COORDINATOR,
        "2027-1",
        "2027 ilk çağrı",
        today,
        today + timedelta(days=9),
        PROGRAMME / "destek-olcutleri.yaml",
    )
    page = signed_in(TEAM).get(f"/m/{SLUG}/support").text
    assert "yol haritası (5. aşama) onaylandığında" in unescape(page) and 'name="title"' not in page
