"""The stakeholder rounds page: linked from the journey once the map is approved; a round opened and
scored through its forms; a changed score without a reason comes back beside its row with nothing
stored; the grid picture draws the round; the silent key stakeholders and the suggestions shown."""

from __future__ import annotations

import re
from datetime import date

from conftest import CONSULTANT, SLUG, TEAM
from test_releases import approve_all
from test_web import signed_in, token, web, web_template  # noqa: F401

from roadmap.domain.rounds import ScoreEntry, quarter_of
from roadmap.domain.stages import Stage
from roadmap.services import stages as svc
from roadmap.services.rounds import reassess, stakeholder_rounds

PAGE = f"/m/{SLUG}/stakeholders/rounds"


def _ids() -> dict[str, str]:
    view = stakeholder_rounds(TEAM, SLUG)
    return {code: sid for sid, code in view.codes.items()}


def _form(page: str) -> dict[str, str]:
    """The scores form as the browser would post it untouched: every select's chosen value."""
    fields = dict(
        re.findall(r'<select name="([^"]+)"[^>]*>(?:<option>\d</option>)*<option selected>(\d)', page)
    )
    fields["version"] = re.search(r'name="version" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    fields["csrf_token"] = token(page)
    return fields


def test_the_journey_links_the_rounds_once_the_map_is_approved(web):  # noqa: F811
    team = signed_in(TEAM)
    assert PAGE in team.get(f"/m/{SLUG}").text  # the example's map is approved
    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Gençlik kulüpleri eksik")
    assert PAGE not in team.get(f"/m/{SLUG}").text
    page = team.get(PAGE)
    assert page.status_code == 200
    assert "paydaş haritası (3. aşama) onaylandıktan sonra açılır" in page.text
    assert "Turu aç" not in page.text


def test_a_round_is_opened_and_scored_on_the_page_and_a_change_needs_its_reason(web):  # noqa: F811
    approve_all()
    team = signed_in(TEAM)
    opened = team.post(
        PAGE, data={"csrf_token": token(team.get(PAGE).text), "day": "2027-03-20", "kind": "quarter"}
    )
    assert opened.status_code == 303 and opened.headers["location"] == f"{PAGE}?round=2027-Q1"
    page = team.get(opened.headers["location"]).text
    assert "2027-Q1 turu açıldı." in page and "2027-Q1 turunda puanlar" in page
    ids = _ids()
    posted = _form(page) | {f"power.{ids['P6']}": "5"}  # Kültür ve Sosyal İşler 3 → 5, no reason
    refused = team.post(f"{PAGE}/2027-Q1", data=posted)
    assert refused.status_code == 422
    assert "Değişen her puan bir gerekçe ister; hiçbir puan kaydedilmedi." in refused.text
    assert (
        f'id="e-{ids["P6"]}">P6 Kültür ve Sosyal İşler Müdürlüğü: puanı değişti ama gerekçesi yazılmadı'
        in (refused.text)
    )
    assert stakeholder_rounds(TEAM, SLUG).rounds[0].scores == {}  # nothing stored
    posted[f"reason.{ids['P6']}"] = "Kültür festivalinin sahibi oldu"
    posted[f"contact.{ids['P8']}"] = "on"
    saved = team.post(f"{PAGE}/2027-Q1", data=posted)
    assert saved.status_code == 303
    page = team.get(saved.headers["location"]).text
    assert "Kültür festivalinin sahibi oldu" in page and "3 / 3" in page and "5 / 3" in page
    record = stakeholder_rounds(TEAM, SLUG).rounds[0]
    assert record.scores[ids["P6"]].power == 5 and record.scores[ids["P8"]].contact
    picture = team.get(f"{PAGE}/2027-Q1/grid.png")
    assert picture.status_code == 200 and picture.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert team.get(f"{PAGE}/2099-Q1/grid.png").status_code == 404


def test_a_stale_form_and_a_closed_round_are_refused_on_the_page(web):  # noqa: F811
    approve_all()
    reassess(
        TEAM, SLUG, "2027-Q1", [ScoreEntry(stakeholder="P1", power=4, interest=5)], today=date(2027, 3, 1)
    )
    team = signed_in(TEAM)
    page = team.get(PAGE).text
    reassess(TEAM, SLUG, "2027-Q1", [ScoreEntry(stakeholder="P2", power=3, interest=3)])  # someone else saved
    stale = team.post(f"{PAGE}/2027-Q1", data=_form(page))
    assert stale.status_code == 422 and "başka biri bu arada puan girdi" in stale.text
    reassess(TEAM, SLUG, "2027-Q2", [], today=date(2027, 6, 1))
    old = team.get(f"{PAGE}?round=2027-Q1").text
    assert "2027-Q1 turunda puanlar" not in old  # an earlier round is read, never edited
    closed = team.post(f"{PAGE}/2027-Q1", data=_form(page))
    assert closed.status_code == 422 and "2027-Q1 turu kapandı: yerini 2027-Q2 turu aldı." in closed.text


def test_the_page_flags_silent_key_stakeholders_and_shows_suggestions_in_english(web):  # noqa: F811
    approve_all()
    reassess(TEAM, SLUG, "2027-Q1", [], today=date(2027, 3, 1))
    reassess(TEAM, SLUG, "2027-Q2", [], today=date(2027, 6, 1))
    team = signed_in(TEAM)
    team.get("/lang/en")
    page = team.get(PAGE).text
    assert "Fen İşleri Müdürlüğü: no contact in 2027-Q1, 2027-Q2 (last contact: none)" in page
    assert "Örnekköy Üniversitesi Gönüllülük Kulübü: power 2 → 3. Partner of action 2.1." in page


def test_a_consultant_reads_the_rounds_without_a_form(web):  # noqa: F811
    approve_all()
    reassess(TEAM, SLUG, quarter_of(date(2027, 3, 1)), [], today=date(2027, 3, 1))
    page = signed_in(CONSULTANT).get(PAGE)
    assert page.status_code == 200 and "2027-Q1" in page.text
    assert "Turu aç" not in page.text and "Puanları kaydet" not in page.text
