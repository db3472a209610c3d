"""Themes on the stage-4 page, with plain forms (no script): suggest, accept and rename."""

from __future__ import annotations

import re

from conftest import CONSULTANT, SLUG, TEAM
from test_web import client, signed_in, token, web, web_template  # noqa: F401

from roadmap.domain.stages import Stage
from roadmap.services import stages as svc
from roadmap.services.themes import theme_synthesis


def test_the_team_suggests_accepts_and_renames_a_theme_on_the_stage_page(web):  # noqa: F811
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="Temaları ekleyin.")
    browser = signed_in(TEAM)
    page = browser.get(f"/m/{SLUG}/stages/4").text
    assert "Görüş ve önerilerdeki temalar" in page and "Henüz tema yok." in page

    version = svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS).version
    done = browser.post(
        f"/m/{SLUG}/themes/suggest",
        data={"csrf_token": token(page), "version": str(version)},
        follow_redirects=True,
    )
    assert done.status_code == 200 and "Temalar önerildi" in done.text
    theme = re.search(r'name="theme" value="([^"]+)"', done.text).group(1)  # type: ignore[union-attr]
    assert "“Gençlik meclisine küçük proje bütçesi ayrılsın.”" in done.text  # verbatim

    for action, extra in (("accept", {}), ("rename", {"name": "Gençlerin sesi"})):
        version = svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS).version
        form = {"csrf_token": token(done.text), "version": str(version), "theme": theme, "action": action}
        done = browser.post(f"/m/{SLUG}/themes", data=form | extra, follow_redirects=True)
        assert done.status_code == 200

    assert "Gençlerin sesi" in done.text and "Tema yeniden adlandırıldı." in done.text
    _, report = theme_synthesis(TEAM, SLUG, refresh=False)
    renamed = next(t for t in report.themes if t.id == theme)
    assert renamed.accepted and renamed.name == "Gençlerin sesi"


def test_the_coordinator_sees_the_themes_that_recur_across_the_cohort(web):  # noqa: F811
    from datetime import date

    from conftest import COORDINATOR

    from roadmap.services.cohorts import add_to_cohort, create_cohort

    create_cohort(COORDINATOR, "kohort", "Kohort 2026", date(2026, 3, 1), date(2026, 12, 1))
    add_to_cohort(COORDINATOR, "kohort", [SLUG], [])
    page = signed_in(COORDINATOR).get("/cohort/kohort/themes")
    assert page.status_code == 200
    assert "Ortak temalar" in page.text and "Henüz birden fazla belediyede ortak bir tema yok." in page.text
