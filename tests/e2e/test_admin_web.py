"""The administration pages through the web app: who may open them, errors beside their field, the
forgotten-password page that says the same for every address, and one's own e-mail preferences."""

from __future__ import annotations

import re

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from test_web import OTHER, client, signed_in, token, web, web_template  # noqa: F401

from roadmap.services.notifications import my_preferences
from roadmap.services.people import list_people

ADMIN_PAGES = ["/admin/municipalities", "/admin/people", "/admin/cohorts", "/admin/people/1"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_a_team_member_cannot_open_the_administration_pages(web, path):  # noqa: F811
    response = signed_in(TEAM).get(path)
    assert response.status_code == 403 and "Yönetim" not in response.text
    assert signed_in(COORDINATOR).get(path).status_code == 200


def test_a_consultant_sees_the_people_of_their_municipalities_and_nothing_else_of_the_administration(web):  # noqa: F811
    consultant = signed_in(CONSULTANT)
    people = consultant.get("/admin/people")
    assert people.status_code == 200 and TEAM in people.text and "ali@baskakoy.bel.tr" not in people.text
    assert ">Kişiler</a>" in people.text and "Yönetim" not in people.text
    for path in (
        "/admin/municipalities",
        "/admin/cohorts",
        "/admin/people/1",
        f"/admin/municipalities/{SLUG}",
    ):
        assert consultant.get(path).status_code == 403, path
    assert consultant.get(f"/admin/municipalities/{OTHER}").status_code == 404


def test_the_coordinator_has_a_yonetim_link_in_the_header(web):  # noqa: F811
    assert '<a href="/admin/people">Yönetim</a>' in signed_in(COORDINATOR).get("/cohort").text
    assert "/admin/" not in signed_in(TEAM).get(f"/m/{SLUG}").text


def test_a_wrong_value_is_shown_beside_its_field_not_on_an_error_page(web):  # noqa: F811
    browser = signed_in(COORDINATOR)
    csrf = token(browser.get("/admin/people").text)
    response = browser.post(
        "/admin/people",
        data={"csrf_token": csrf, "email": "adres-degil", "name": "Zeynep Kaya", "role": "team_member",
              "municipality": SLUG, "lang": "tr"},
    )  # fmt: skip
    assert response.status_code == 422
    assert re.search(r'id="f-email"[^>]*aria-invalid="true"', response.text)
    assert 'id="f-email-error">' in response.text and 'value="Zeynep Kaya"' in response.text
    response = browser.post(
        "/admin/municipalities",
        data={
            "csrf_token": csrf,
            "slug": "Yeni Köy!",
            "name": "Yeniköy Belediyesi",
            "province": "",
            "kind": "",
        },
    )
    assert response.status_code == 422 and 'id="f-slug-error"' in response.text


def test_the_coordinator_invites_from_the_people_page(web):  # noqa: F811
    browser = signed_in(COORDINATOR)
    csrf = token(browser.get("/admin/people").text)
    response = browser.post(
        "/admin/people",
        data={"csrf_token": csrf, "email": "zeynep@ornekkoy.bel.tr", "name": "Zeynep Kaya",
              "role": "team_member", "municipality": SLUG, "lang": "en"},
    )  # fmt: skip
    assert response.status_code == 303
    assert "Davet gönderildi: zeynep@ornekkoy.bel.tr." in browser.get("/admin/people").text
    (invited,) = list_people(COORDINATOR, "zeynep")
    assert (invited.slug, invited.active) == (SLUG, False)


def test_forgetting_a_password_gets_the_same_answer_whatever_the_address(web):  # noqa: F811
    answers = []
    for address in (TEAM, "kimse@ornekkoy.bel.tr"):
        browser = client()
        csrf = token(browser.get("/password/forgot").text)
        response = browser.post("/password/forgot", data={"csrf_token": csrf, "email": address})
        answers.append((response.status_code, response.text.replace(csrf, "")))
    assert answers[0] == answers[1] and answers[0][0] == 200
    assert "Bu adresin bir hesabı varsa" in answers[0][1]
    assert "Parolamı unuttum" in client().get("/login").text


def test_a_made_up_link_is_not_found(web):  # noqa: F811
    assert client().get("/password/set/uydurma-bir-baglanti").status_code == 404


def test_a_person_chooses_a_daily_digest_in_english(web):  # noqa: F811
    browser = signed_in(TEAM)
    page = browser.get("/preferences").text
    assert "Bildirim tercihleri" in page and 'value="instant" checked' in page
    response = browser.post(
        "/preferences", data={"csrf_token": token(page), "notify_mode": "digest", "language": "en"}
    )
    assert response.status_code == 303
    prefs = my_preferences(TEAM)
    assert (prefs.notify_mode, prefs.language) == ("digest", "en")
    bad = browser.post("/preferences", data={"csrf_token": token(page), "notify_mode": "x", "language": "en"})
    assert bad.status_code == 422 and "Bildirimlerin nasıl geleceğini seçin." in bad.text


def test_a_long_list_of_people_comes_in_pages_and_municipalities_are_found_the_turkish_way(web):  # noqa: F811
    from roadmap.domain.stages import Role
    from roadmap.services.municipalities import find_municipality, upsert_user
    from roadmap.store.db import unit_of_work

    with unit_of_work() as session:
        own = find_municipality(session, SLUG)
        for n in range(120):
            upsert_user(session, f"uye{n}@ornekkoy.bel.tr", f"Üye {n}", Role.TEAM_MEMBER, own)
    browser = signed_in(COORDINATOR)
    first = browser.get("/admin/people").text
    assert "100 tanesi gösteriliyor" in first and "sayfa 1 / 2" in first
    second = browser.get("/admin/people?q=&page=2").text
    assert "sayfa 2 / 2" in second and 'rel="prev"' in second
    found = browser.get("/admin/municipalities?q=BASKAKOY").text
    assert "Başkaköy Belediyesi" in found and "Örnekköy Belediyesi" not in found


def test_the_coordinator_corrects_a_municipalitys_kind_and_an_english_reader_sees_it_in_english(web):  # noqa: F811
    browser = signed_in(COORDINATOR)
    page = browser.get(f"/admin/municipalities/{OTHER}").text
    response = browser.post(
        f"/admin/municipalities/{OTHER}",
        data={"csrf_token": token(page), "name": "Başkaköy Belediyesi", "province": "Bursa", "kind": "ilçe"},
    )
    assert response.status_code == 303
    browser.cookies.set("roadmap_lang", "en")
    listed = browser.get("/admin/municipalities?q=baska").text
    assert "<td>District municipality</td>" in listed and "Name of the municipality" in listed
    wrong = browser.post(
        f"/admin/municipalities/{OTHER}",
        data={"csrf_token": token(page), "name": "B", "province": "Bursa", "kind": "ilçe"},
    )
    assert wrong.status_code == 422 and 'id="f-name-error"' in wrong.text
