"""The stage and journey pages keep what they derive from a municipality's content per stage version,
and each person's page until the next write to the database: a save, a review, a waiver or an edit
from another process is seen on the very next page, and nobody is shown another person's page."""

from __future__ import annotations

import re

from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from test_web import signed_in, token, web, web_template  # noqa: F401  (fixtures)

from roadmap.domain.stages import Stage, Status
from roadmap.services import snapshots
from roadmap.services import stages as svc
from roadmap.services.review import add_comment, resolve
from roadmap.store import stamped


def _save_first_stakeholder_name(browser, name: str) -> int:  # type: ignore[no-untyped-def]
    page = browser.get(f"/m/{SLUG}/stages/3").text
    count = re.search(r'name="stakeholders.count" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    version = re.search(r'name="version" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    response = browser.post(
        f"/m/{SLUG}/stages/3",
        data={
            "csrf_token": token(page),
            "version": version,
            "stakeholders.count": count,
            "stakeholders.0.name": name,
        },
    )
    return response.status_code


def test_a_saved_stakeholder_is_shown_at_once_on_the_stage_page(web):  # noqa: F811
    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Adlar düzeltilecek")
    browser = signed_in(TEAM)
    assert browser.get(f"/m/{SLUG}/stages/3").status_code == 200  # the page's snapshot is kept now
    assert _save_first_stakeholder_name(browser, "Yeni Adlı Dernek") == 303
    page = browser.get(f"/m/{SLUG}/stages/3").text
    assert 'value="Yeni Adlı Dernek"' in page
    consultant = signed_in(CONSULTANT).get(f"/m/{SLUG}/stages/3").text  # the read-only view, too
    assert "Yeni Adlı Dernek" in consultant


def test_an_edit_from_another_process_is_seen_on_the_next_page(web):  # noqa: F811
    """The CLI or a second server process writes the database only: the page reads the new version."""
    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Adlar düzeltilecek")
    browser = signed_in(TEAM)
    before = browser.get(f"/m/{SLUG}/stages/3").text
    view = svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS)
    content = {**view.content, "stakeholders": view.content["stakeholders"][1:]}  # one fewer
    svc.update_stage(TEAM, SLUG, Stage.STAKEHOLDERS, content, view.version)
    after = browser.get(f"/m/{SLUG}/stages/3").text
    count = re.compile(r'name="stakeholders.count" value="(\d+)"')
    assert int(count.search(after).group(1)) == int(count.search(before).group(1)) - 1  # type: ignore[union-attr]
    assert f'name="version" value="{view.version + 1}"' in after


def test_the_journey_shows_what_a_stage_still_lacks_as_soon_as_it_changes(web):  # noqa: F811
    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Adlar düzeltilecek")
    browser = signed_in(TEAM)
    journey = browser.get(f"/m/{SLUG}").text
    view = svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS)
    emptied = {**view.content, "stakeholders": []}
    svc.update_stage(TEAM, SLUG, Stage.STAKEHOLDERS, emptied, view.version)
    later = browser.get(f"/m/{SLUG}").text
    assert later != journey
    assert "paydaş" in later.lower() and later.count("<li>") > journey.count("<li>")  # the new gaps listed


def test_a_review_and_a_status_override_show_on_the_stage_page_at_once(web):  # noqa: F811
    team = signed_in(TEAM)
    assert "submitted" in team.get(f"/m/{SLUG}/stages/4").text
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="T2 listesi eksik.")
    page = team.get(f"/m/{SLUG}/stages/4").text
    assert 'class="stage-form"' in page and "T2 listesi eksik." in page  # editable again, with the comment
    svc.override_stage(COORDINATOR, SLUG, Stage.CONSULTATIONS, Status.APPROVED, "Toplantılar tamam.")
    assert 'class="stage-form"' not in team.get(f"/m/{SLUG}/stages/4").text


def test_pages_read_the_same_whether_their_snapshot_was_kept_or_not(web):  # noqa: F811
    browser = signed_in(CONSULTANT)
    paths = [f"/m/{SLUG}", *(f"/m/{SLUG}/stages/{n}" for n in range(7))]
    kept = [browser.get(path).text for path in paths]
    snapshots._kept.clear()  # as a fresh server process would
    stamped._kept.clear()
    fresh = [browser.get(path).text for path in paths]
    assert kept == fresh


def test_a_new_comment_is_counted_on_the_journey_and_shown_on_its_stage_at_once(web):  # noqa: F811
    team = signed_in(TEAM)
    assert "açık yorum" not in team.get(f"/m/{SLUG}").text
    team.get(f"/m/{SLUG}/stages/5")
    comment = add_comment(CONSULTANT, SLUG, Stage.ROADMAP, "Eylem 1.2 için bütçe kaynağı yazılmalı.")
    assert "1 açık yorum" in team.get(f"/m/{SLUG}").text
    assert "Eylem 1.2 için bütçe kaynağı yazılmalı." in team.get(f"/m/{SLUG}/stages/5").text
    resolve(CONSULTANT, SLUG, comment)
    assert "açık yorum" not in team.get(f"/m/{SLUG}").text
    assert "Eylem 1.2 için bütçe kaynağı yazılmalı." not in team.get(f"/m/{SLUG}/stages/5").text


def test_a_kept_page_is_only_ever_served_to_the_person_it_was_made_for(web):  # noqa: F811
    team, consultant = signed_in(TEAM), signed_in(CONSULTANT)
    for _ in range(2):  # the second time from the kept copies
        assert 'name="decision"' not in team.get(f"/m/{SLUG}/stages/4").text
        assert 'name="decision"' in consultant.get(f"/m/{SLUG}/stages/4").text
    other_browser = signed_in(TEAM)  # the same person elsewhere: a form token of its own
    mine = token(other_browser.get(f"/m/{SLUG}/stages/4").text)
    assert mine != token(team.get(f"/m/{SLUG}/stages/4").text)


def test_the_notice_after_a_save_is_shown_although_the_page_was_kept(web):  # noqa: F811
    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Adlar düzeltilecek")
    browser = signed_in(TEAM)
    browser.get(f"/m/{SLUG}/stages/3")
    assert _save_first_stakeholder_name(browser, "Yeni Adlı Dernek") == 303
    shown = browser.get(f"/m/{SLUG}/stages/3").text
    assert '<p class="notice ok" role="status">' in shown and 'value="Yeni Adlı Dernek"' in shown
    assert '<p class="notice ok" role="status">' not in browser.get(f"/m/{SLUG}/stages/3").text  # once
