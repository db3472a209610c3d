"""An upload waiting for its preview belongs to the person who sent it, on the municipality and stage they
sent it to: anyone else holding its token (another municipality's team member, the municipality's own
consultant) is told "not found", exactly as for a token that never existed; the uploader goes on."""

from __future__ import annotations

import re

import pytest
from conftest import CONSULTANT, SLUG, TEAM
from test_upload_mapping import form_fields, uploads_of
from test_web import OTHER, OTHER_TEAM, _visible_text, signed_in, token, web, web_template  # noqa: F401

from roadmap.domain.stages import Stage
from roadmap.services import stages as svc

LISTING = (  # "Birlik" is a type no reader knows: the upload stops at the mapping step
    "Ad;Tür;İletişim kişisi;E-posta;Güç;İlgi\n"
    "Yeşil Vadi Kooperatifi;Birlik;Hatice Demir;hatice.demir@yesilvadi.org;3;4\n"
).encode()
USES = ("confirm", "mapping", "discard")


@pytest.fixture
def sent(web):  # noqa: F811
    """The team member's stakeholder list, mapped in the page and waiting on its preview."""
    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Liste yeniden yüklenecek")
    browser = signed_in(TEAM)
    csrf = token(browser.get("/m/ornekkoy/stages/3").text)
    asked = browser.post(
        "/m/ornekkoy/stages/3/upload",
        data={"csrf_token": csrf},
        files={"file": ("liste.csv", LISTING, "text/csv")},
    )
    choices = form_fields(asked.text, "/m/ornekkoy/stages/3/upload/mapping") | {
        "value-0": "social_enterprise"
    }
    preview = browser.post("/m/ornekkoy/stages/3/upload/mapping", data=choices)
    assert preview.status_code == 200, _visible_text(preview.text)
    upload_token = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)  # type: ignore[union-attr]
    return browser, preview.text, upload_token


def _tries(who: str, slug: str, number: int, upload_token: str) -> list[tuple[int, str]]:
    """Each use of the upload by this person on this address: what status and message they get."""
    browser = signed_in(who)
    csrf = token(browser.get("/preferences").text)
    answers = [
        browser.post(
            f"/m/{slug}/stages/{number}/upload/{use}",
            data={"csrf_token": csrf, "token": upload_token, "value-0": "social_enterprise"},
        )
        for use in USES
    ]
    answers.append(browser.get(f"/m/{slug}/stages/{number}/upload/{upload_token}/mapping.yaml"))
    return [(a.status_code, _visible_text(a.text)) for a in answers]


def _names() -> list[str]:
    return [s["name"] for s in svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).content["stakeholders"]]


def test_another_municipalitys_team_member_with_the_token_is_told_not_found_and_nothing_is_stored(sent):
    browser, preview, upload_token = sent
    before = svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).version
    missing = _tries(OTHER_TEAM, OTHER, 3, "hic-olmayan-bir-anahtar")
    # On their own municipality's address, and on the uploader's: the same answer as no upload at all.
    assert _tries(OTHER_TEAM, OTHER, 3, upload_token) == missing
    assert all(status == 404 for status, _ in _tries(OTHER_TEAM, SLUG, 3, upload_token))
    assert all(status == 404 and "liste.csv" not in said for status, said in missing)
    assert svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).version == before
    assert len([p for p in uploads_of(_data_dir()) if p.suffix == ".csv"]) == 1  # still kept

    done = browser.post(
        "/m/ornekkoy/stages/3/upload/confirm",
        data=form_fields(preview, "/m/ornekkoy/stages/3/upload/confirm"),
    )
    assert done.status_code == 303 and "Yeşil Vadi Kooperatifi" in _names()


def test_the_municipalitys_own_consultant_with_the_token_is_told_not_found_too(sent):
    browser, preview, upload_token = sent
    missing = _tries(CONSULTANT, SLUG, 3, "hic-olmayan-bir-anahtar")
    assert _tries(CONSULTANT, SLUG, 3, upload_token) == missing
    assert all(status == 404 for status, _ in missing)
    assert "Yeşil Vadi Kooperatifi" not in _names()

    # The uploader still downloads the mapping, previews again and imports.
    mapping = browser.get(f"/m/ornekkoy/stages/3/upload/{upload_token}/mapping.yaml")
    assert mapping.status_code == 200 and "social_enterprise" in mapping.text
    choices = form_fields(preview, "/m/ornekkoy/stages/3/upload/confirm")
    again = browser.post("/m/ornekkoy/stages/3/upload/mapping", data=choices)
    assert again.status_code == 200 and "Onayla ve kaydet" in again.text
    done = browser.post("/m/ornekkoy/stages/3/upload/confirm", data=choices)
    assert done.status_code == 303 and "Yeşil Vadi Kooperatifi" in _names()


def test_the_uploaders_own_token_on_another_stage_or_municipality_address_is_not_found(sent):
    _, _, upload_token = sent
    missing = _tries(TEAM, SLUG, 1, "hic-olmayan-bir-anahtar")
    assert _tries(TEAM, SLUG, 1, upload_token) == missing  # the survey stage: not where it was sent
    assert all(status == 404 for status, _ in _tries(TEAM, SLUG, 4, upload_token))
    assert all(status == 404 for status, _ in _tries(TEAM, OTHER, 3, upload_token))
    assert "Yeşil Vadi Kooperatifi" not in _names()


def test_cancel_removes_the_upload_and_its_token_is_then_not_found(sent):
    browser, preview, upload_token = sent
    assert 'formaction="/m/ornekkoy/stages/3/upload/discard"' in preview
    gone = browser.post(
        "/m/ornekkoy/stages/3/upload/discard",
        data=form_fields(preview, "/m/ornekkoy/stages/3/upload/confirm"),
    )
    assert gone.status_code == 303 and gone.headers["location"] == "/m/ornekkoy/stages/3"
    assert uploads_of(_data_dir()) == []
    csrf = token(preview)
    again = browser.post(
        "/m/ornekkoy/stages/3/upload/confirm", data={"csrf_token": csrf, "token": upload_token}
    )
    assert again.status_code == 404 and "Yeşil Vadi Kooperatifi" not in _names()


def test_an_upload_kept_without_a_note_of_its_owner_is_nobodys(sent):
    browser, preview, upload_token = sent
    (_data_dir() / "uploads" / upload_token / "upload-owner.json").unlink()
    done = browser.post(
        "/m/ornekkoy/stages/3/upload/confirm",
        data=form_fields(preview, "/m/ornekkoy/stages/3/upload/confirm"),
    )
    assert done.status_code == 404 and "Yeşil Vadi Kooperatifi" not in _names()


def _data_dir():  # type: ignore[no-untyped-def]
    from roadmap.settings import get_settings

    return get_settings().data_dir
