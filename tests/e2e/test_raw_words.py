"""Words a person reads: counts in the right form, names rather than e-mails, links rather than commands."""

from __future__ import annotations

import re

from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from test_web import OTHER, signed_in, web, web_template  # noqa: F401  (fixtures)

from roadmap.domain.stages import Stage
from roadmap.services import stages as svc
from roadmap.services.cohorts import add_to_cohort, create_cohort


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _english(email: str):  # type: ignore[no-untyped-def]
    browser = signed_in(email)
    browser.get("/lang/en?next=/")
    return browser


def test_the_review_banner_names_the_reviewer_as_comments_do(web):  # noqa: F811
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="T2 listesi eksik.")
    page = _text(signed_in(TEAM).get(f"/m/{SLUG}/stages/4").text)
    assert re.search(r"Son inceleme: [^,@]+, ", page), page[:400]
    assert CONSULTANT not in page


def test_a_team_member_who_opens_another_municipality_gets_links_not_commands(web):  # noqa: F811
    page = signed_in(TEAM).get(f"/m/{OTHER}")
    assert page.status_code == 404
    text = _text(page.text)
    assert "Sayfa bulunamadı" in text and "Buradan devam edebilirsiniz:" in text
    assert f'href="/m/{SLUG}"' in page.text and "Örnekköy Belediyesi: aşamalar ve belgeler" in text
    assert "roadmap " not in text.replace("Yol Haritası", "") and "--" not in text
    consultant = signed_in(CONSULTANT).get("/yok-boyle-bir-sayfa").text
    assert 'href="/review"' in consultant and 'href="/cohort"' in consultant


def test_a_version_that_does_not_exist_is_said_without_telling_anyone_what_to_type(web):  # noqa: F811
    page = signed_in(CONSULTANT).get(f"/m/{SLUG}/stages/3/diff?old=9&new=current").text
    assert "diye bir sürüm yok" in page and "current" not in _text(page).replace("current draft", "")


def test_english_counts_use_the_singular_for_one(web):  # noqa: F811
    from datetime import date

    create_cohort(COORDINATOR, "tek", "Tek", date(2026, 9, 1), date(2027, 8, 31))
    add_to_cohort(COORDINATOR, "tek", [SLUG], [])
    cohort = _text(_english(COORDINATOR).get("/cohort?cohort=tek").text)
    assert "Showing 1 of 1 municipality." in cohort
    turkish = _text(signed_in(COORDINATOR).get("/cohort?cohort=tek").text)
    assert "Gösterilen: 1 / 1 belediye." in turkish and "tanesi" not in turkish
    queue = _text(_english(CONSULTANT).get("/review").text)
    assert not re.search(r"\b1 (warnings|notes|submissions|changes)\b", queue)


def test_a_field_error_inside_a_card_names_the_field_not_its_key(web):  # noqa: F811
    from test_web import token

    svc.open_stage_early(CONSULTANT, SLUG, Stage.ROADMAP, "Eylem planına başlanabilir.")
    browser = signed_in(TEAM)
    page = browser.get(f"/m/{SLUG}/stages/5").text
    goals = int(re.search(r'name="goals.count" value="(\d+)"', page).group(1))  # type: ignore[union-attr]
    version = re.search(r'name="version" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    refused = browser.post(
        f"/m/{SLUG}/stages/5",
        data={
            "csrf_token": token(page),
            "version": version,
            "goals.count": str(goals),
            f"goals.{goals - 1}.title": "Gençlerin katılımı",
        },
    )
    assert refused.status_code == 422
    errors = _text(refused.text.split('id="form-errors"')[1].split("</div>")[0])
    assert f"Odak alanı ({goals}. satır)" in errors and "field." not in errors
