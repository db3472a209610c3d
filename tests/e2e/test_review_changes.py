"""Reviewing with confidence: the diff page by record, in a list and side by side."""

from __future__ import annotations

import re

from conftest import CONSULTANT, SLUG, TEAM
from test_web import signed_in, web, web_template  # noqa: F401  (fixtures)

from roadmap.domain.stages import Stage
from roadmap.services import stages as svc


def _resubmit_with(stage: Stage, change) -> None:  # type: ignore[no-untyped-def]
    """The consultant reopens the stage or asks for changes, the team edits it and submits it again."""
    if svc.show_stage(TEAM, SLUG, stage).status.value == "approved":
        svc.reopen_stage(CONSULTANT, SLUG, stage, "Paydaş adları güncellenecek.")
    else:
        svc.review_stage(CONSULTANT, SLUG, stage, approve=False, comment="Lütfen güncelleyin.")
    view = svc.show_stage(TEAM, SLUG, stage)
    content = view.content
    change(content)
    svc.update_stage(TEAM, SLUG, stage, content, view.version)
    svc.submit_stage(TEAM, SLUG, stage)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_renamed_stakeholder_is_one_changed_record_with_its_old_and_new_name(web):  # noqa: F811
    renamed = {}

    def rename(content):  # type: ignore[no-untyped-def]
        first = content["stakeholders"][0]
        renamed.update(old=first["name"], id=first["id"])
        first["name"] = first["name"] + " Şubesi"

    _resubmit_with(Stage.STAKEHOLDERS, rename)
    page = signed_in(CONSULTANT).get(f"/m/{SLUG}/stages/3/diff").text
    text = _text(page)
    assert "1 değişiklik" in text
    assert f"Değişti paydaş: {renamed['old']} Şubesi" in text
    assert f"{renamed['old']} → {renamed['old']} Şubesi" in text
    assert "Eklendi" not in text and "Çıkarıldı" not in text  # not a removal plus an addition
    assert f'href="/m/{SLUG}/stages/3#r-{renamed["id"]}"' in page


def test_side_by_side_marks_the_changed_words_in_text_not_colour_alone(web):  # noqa: F811
    def move(content):  # type: ignore[no-untyped-def]
        content["meetings"][3]["place"] = "Örnekköy Kültür Merkezi, Büyük Salon"

    _resubmit_with(Stage.CONSULTATIONS, move)
    browser = signed_in(CONSULTANT)
    listed = browser.get(f"/m/{SLUG}/stages/4/diff").text
    assert 'aria-current="page">Değişiklik listesi' in listed and "view=sides" in listed
    sides = browser.get(f"/m/{SLUG}/stages/4/diff?old=1&new=2&view=sides").text
    assert "Önce (1. sürüm)" in sides and "Sonra (2. sürüm)" in sides
    assert re.search(r"<ins><span class=\"sr-only\">eklenen metin: </span>[^<]*Büyük Salon", sides)
    assert 'aria-current="page">Yan yana' in sides
    english = signed_in(CONSULTANT)
    english.get("/lang/en?next=/")
    page = _text(english.get(f"/m/{SLUG}/stages/4/diff?old=1&new=2&view=sides").text)
    assert "Changes: version 1 → version 2" in page and "inserted text:" in page and "1 change " in page


def test_a_changed_choice_is_said_as_the_form_says_it_not_as_stored(web):  # noqa: F811
    moved = {}

    def involve(content):  # type: ignore[no-untyped-def]
        stakeholder = next(s for s in content["stakeholders"] if s.get("level") == "consult")
        moved["name"] = stakeholder["name"]
        stakeholder["level"] = "involve"

    _resubmit_with(Stage.STAKEHOLDERS, involve)
    text = _text(signed_in(CONSULTANT).get(f"/m/{SLUG}/stages/3/diff").text)
    assert f"paydaş: {moved['name']}" in text and "Danışma → Dâhil etme" in text
    assert "consult" not in text and "involve" not in text


def test_an_added_record_is_one_line_and_its_fields_show_side_by_side(web):  # noqa: F811
    def add(content):  # type: ignore[no-untyped-def]
        content["members"].append(
            {"name": "Zeki Şen", "directorate": "Bilgi İşlem Müdürlüğü", "email": "zeki@ornekkoy.bel.tr"}
        )

    _resubmit_with(Stage.TEAM, add)
    browser = signed_in(CONSULTANT)
    listed = _text(browser.get(f"/m/{SLUG}/stages/0/diff").text)
    assert "Eklendi ekip üyesi: Zeki Şen" in listed and "1 değişiklik" in listed
    sides = browser.get(f"/m/{SLUG}/stages/0/diff?view=sides").text
    assert re.search(r"<ins><span class=\"sr-only\">eklenen metin: </span>Bilgi İşlem Müdürlüğü", sides)
