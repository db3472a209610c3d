"""The public pages through the web app: open without signing in, only what was published, cacheable."""

from __future__ import annotations

import re
from html import unescape

from conftest import CONSULTANT, SLUG, TEAM
from test_releases import EMAIL, PHONE, approve_all, never_published, words
from test_web import client, signed_in, token, web, web_template  # noqa: F401

from roadmap.domain.stages import Stage
from roadmap.pipeline import load_roadmap
from roadmap.services import stages as svc
from roadmap.services.cohorts import add_to_cohort, create_cohort
from roadmap.services.releases import publish_release, release_history, withdraw_release


def visible_text(html: str) -> str:
    return words(unescape(re.sub(r"<[^>]+>", " ", html)))


def test_the_published_roadmap_opens_without_signing_in_and_the_team_pages_still_need_one(web):  # noqa: F811
    approve_all()
    publish_release(TEAM, SLUG, pdf=False)
    anyone = client()
    index = anyone.get("/p")
    assert index.status_code == 200 and "Örnekköy Belediyesi" in index.text
    page = anyone.get("/p/ornekkoy")
    assert page.status_code == 200 and "set-cookie" not in page.headers
    data = load_roadmap(SLUG).data
    shown = visible_text(page.text)
    assert data.plan.vision in shown
    for _, action in data.plan.actions():
        assert action.title in shown and f"/p/ornekkoy/actions/{action.id}" in page.text
        for indicator in action.indicators:
            assert indicator.name in shown
    english = anyone.get("/p/ornekkoy?lang=en")
    assert '<html lang="en">' in english.text and "How inputs were used" in english.text
    for path in ("/m/ornekkoy", "/m/ornekkoy/stages/6", "/m/ornekkoy/history"):
        response = anyone.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert anyone.post("/m/ornekkoy/publish").status_code in (303, 403)  # no session: nothing published
    assert [r.number for r in release_history(TEAM, SLUG)] == [1]


def test_no_public_page_shows_a_contact_a_minor_or_who_was_not_invited(web):  # noqa: F811
    approve_all()
    publish_release(TEAM, SLUG, pdf=False)
    data = load_roadmap(SLUG).data
    hidden = never_published(data)
    anyone = client()
    pages = ["/p", "/p/ornekkoy", "/p/ornekkoy?lang=en", "/p/ornekkoy/releases/1"]
    pages += [f"/p/ornekkoy/actions/{action.id}" for _, action in data.plan.actions()]
    for path in pages:
        response = anyone.get(path)
        assert response.status_code == 200, path
        text = visible_text(response.text)
        assert not EMAIL.findall(text) and not PHONE.findall(text), path
        for why, values in hidden.items():
            for value in values:
                assert value not in text, f"{path} shows {value!r} ({why})"


def test_a_draft_change_after_publishing_waits_for_the_next_release(web):  # noqa: F811
    approve_all()
    publish_release(TEAM, SLUG, pdf=False)
    svc.reopen_stage(CONSULTANT, SLUG, Stage.ROADMAP, "Vizyon güncellenecek")
    view = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)
    draft = "Taslakta yazılan yeni vizyon cümlesi."
    svc.update_stage(TEAM, SLUG, Stage.ROADMAP, {**view.content, "vision": draft}, view.version)
    anyone = client()
    before = anyone.get("/p/ornekkoy")
    assert draft not in before.text
    svc.submit_stage(TEAM, SLUG, Stage.ROADMAP)
    svc.review_stage(CONSULTANT, SLUG, Stage.ROADMAP, approve=True)
    assert draft not in anyone.get("/p/ornekkoy").text  # approved is not published yet
    publish_release(TEAM, SLUG, pdf=False)
    after = anyone.get("/p/ornekkoy")
    assert draft in after.text and after.headers["etag"] != before.headers["etag"]
    assert draft not in anyone.get("/p/ornekkoy/releases/1").text  # release 1 stays as it was


def test_public_pages_carry_an_etag_and_answer_304_when_unchanged(web):  # noqa: F811
    approve_all()
    publish_release(TEAM, SLUG, pdf=False)
    anyone = client()
    first = anyone.get("/p/ornekkoy")
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = anyone.get("/p/ornekkoy", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    download = anyone.get("/p/ornekkoy/releases/1/files/actions-tr.csv")
    assert download.status_code == 200 and download.headers["cache-control"] == "public, max-age=300"
    assert "immutable" not in download.headers["cache-control"]  # a withdrawal reaches caches soon
    assert anyone.get("/p/ornekkoy/releases/1/files/..%2F..%2Froadmap.db").status_code == 404


def test_a_withdrawn_release_leaves_a_notice_at_its_permanent_link(web):  # noqa: F811
    approve_all()
    publish_release(TEAM, SLUG, pdf=False)
    action = load_roadmap(SLUG).data.plan.goals[0].actions[0]
    withdraw_release(TEAM, SLUG, 1, "Bütçe tablosunda hata vardı")
    anyone = client()
    notice = anyone.get("/p/ornekkoy/releases/1")
    assert notice.status_code == 410 and "Bütçe tablosunda hata vardı" in notice.text
    assert action.title not in notice.text
    assert anyone.get("/p/ornekkoy").status_code == 410
    assert anyone.get(f"/p/ornekkoy/actions/{action.id}").status_code == 404
    assert anyone.get("/p/ornekkoy/releases/1/files/roadmap-tr.json").status_code == 404
    assert "Örnekköy" not in anyone.get("/p").text  # no longer listed as published


def test_the_team_publishes_from_stage_6_and_the_cohort_page_shows_when(web):  # noqa: F811
    team = signed_in(TEAM)
    stage = team.get("/m/ornekkoy/stages/6").text
    assert "Yayımla</button>" not in stage and "4, 5" in stage  # not before 0–5 are approved
    approve_all()
    stage = team.get("/m/ornekkoy/stages/6").text
    assert "Yayımla</button>" in stage
    response = team.post("/m/ornekkoy/publish", data={"csrf_token": token(stage)})
    assert response.status_code == 303 and response.headers["location"].endswith("#releases")
    after = team.get("/m/ornekkoy/stages/6").text
    assert "/p/ornekkoy/releases/1" in after and "1 numaralı yayım yapıldı" in after
    files = client().get("/p/ornekkoy").text
    assert "roadmap-tr.docx" in files and "roadmap-tr.json" in files
    consultant = signed_in(CONSULTANT)
    page = consultant.get("/m/ornekkoy/stages/6").text
    assert "Yayımla</button>" not in page
    assert consultant.post("/m/ornekkoy/publish", data={"csrf_token": token(page)}).status_code == 403
    from datetime import date

    from conftest import COORDINATOR

    create_cohort(COORDINATOR, "kohort", "Kohort", date(2026, 1, 1), date(2026, 12, 31))
    add_to_cohort(COORDINATOR, "kohort", [SLUG], [])
    cohort = signed_in(COORDINATOR).get("/cohort?cohort=kohort").text
    assert "/p/ornekkoy" in cohort


def test_an_actions_link_stays_good_when_a_later_release_drops_the_action(web):  # noqa: F811
    approve_all()
    publish_release(TEAM, SLUG, pdf=False)
    data = load_roadmap(SLUG).data
    linked = {given.action for _, given in data.consultations.inputs()}
    g, a, dropped = next(  # an action no consultation input became: dropping it keeps stage 5 valid
        (g, a, action)
        for g, goal in enumerate(data.plan.goals)
        for a, action in enumerate(goal.actions)
        if action.id not in linked and len(goal.actions) > 1
    )
    svc.reopen_stage(CONSULTANT, SLUG, Stage.ROADMAP, "Eylem 3.2 bir sonraki döneme kalıyor")
    view = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)
    content = view.content
    del content["goals"][g]["actions"][a]
    svc.update_stage(TEAM, SLUG, Stage.ROADMAP, content, view.version)
    svc.submit_stage(TEAM, SLUG, Stage.ROADMAP)
    svc.review_stage(CONSULTANT, SLUG, Stage.ROADMAP, approve=True)
    publish_release(TEAM, SLUG, pdf=False)
    anyone = client()
    assert dropped.title not in anyone.get("/p/ornekkoy").text
    page = anyone.get(f"/p/ornekkoy/actions/{dropped.id}")
    assert page.status_code == 200 and dropped.title in unescape(page.text)
    assert "Bu eylem 2 numaralı güncel yayımda yer almıyor" in page.text
