"""In a real browser, audited at laptop and phone width: the diff in both views, the cohort's
rebuild asked for and followed, and a team member adding a row for a fourth member."""

from __future__ import annotations

from datetime import date

import pytest
from browsing import Person, launch, live_server
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM

from roadmap.domain.stages import Role, Stage
from roadmap.runner import Engine
from roadmap.services import stages as svc
from roadmap.services.accounts import set_password
from roadmap.services.cohorts import add_to_cohort, create_cohort
from roadmap.services.jobs import run_next_job
from roadmap.services.municipalities import add_municipality, add_user

pytestmark = pytest.mark.browser
NEW_TEAM = "ekip@yenikoy.bel.tr"
COHORT = "katiliyoruz-2026"


@pytest.fixture
def server(example):  # type: ignore[no-untyped-def]
    """Örnekköy with its stakeholder map resubmitted (one stakeholder renamed, one moved), a new
    municipality with an empty team, a cohort of both, and the web app on a free port."""
    from browsing import PASSWORD

    for email in (TEAM, CONSULTANT, COORDINATOR):
        set_password(COORDINATOR, email, PASSWORD)
    add_municipality(COORDINATOR, "yenikoy", "Yeniköy Belediyesi", "Örnekil")
    add_user(COORDINATOR, NEW_TEAM, "Elif Ekip", Role.TEAM_MEMBER, "yenikoy")
    set_password(COORDINATOR, NEW_TEAM, PASSWORD)
    create_cohort(COORDINATOR, COHORT, "KATILIYORUZ 2026–2027", date(2026, 9, 1), date(2027, 8, 31))
    add_to_cohort(COORDINATOR, COHORT, [SLUG, "yenikoy"], [CONSULTANT])
    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Paydaş adları güncellenecek.")
    view = svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS)
    content = view.content
    content["stakeholders"][0]["name"] += " Şubesi"
    content["stakeholders"][1]["contact_person"] = "Yeni İletişim Kişisi"
    svc.update_stage(TEAM, SLUG, Stage.STAKEHOLDERS, content, view.version)
    svc.submit_stage(TEAM, SLUG, Stage.STAKEHOLDERS)
    yield from live_server()


def test_review_rebuild_and_add_row_in_a_browser(server):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)

        # the diff: a list by record, then side by side; each a plain link
        consultant = Person(browser, server, CONSULTANT, "inceleme", audit=True)
        consultant.go(f"/m/{SLUG}/stages/3/diff")
        listed = consultant.page.inner_text(".changes")
        assert "Şubesi" in listed and "Değişti" in listed and "Eklendi" not in listed
        consultant.click(".view-switch a[href$='view=sides']", "diff-sides")
        consultant.check("diff-sides")
        assert consultant.page.locator(".side.new ins").count() >= 1
        assert "eklenen metin:" in consultant.page.inner_text(".side.new ins >> nth=0")

        # rebuild all: asked first, then followed on the job's page
        coordinator = Person(browser, server, COORDINATOR, "kohort", audit=True)
        coordinator.go(f"/cohort?cohort={COHORT}")
        coordinator.click(f"a[href='/cohort/{COHORT}/build']", "rebuild-asked")
        coordinator.check("rebuild-asked")
        assert "2 belediyenin yol haritası belgesi yeniden oluşturulacak" in coordinator.page.inner_text(
            "main"
        )
        coordinator.click("form[action$='/build'] button.primary", "rebuild-queued")
        coordinator.check("rebuild-queued")
        assert coordinator.page.locator("#job progress").count() == 1
        run_next_job(engine=Engine.INLINE)  # the worker, here in the test's own process
        expect(coordinator.page.locator("#job")).to_contain_text("Bitti", timeout=15_000)  # htmx polls
        coordinator.snap("rebuild-done")

        # a new team: three members in the blank rows, the fourth in a row the button adds
        team = Person(browser, server, NEW_TEAM, "yeni-ekip", audit=True)
        team.go("/m/yenikoy/stages/0")
        page = team.page
        members = [
            ("Elif Ekip", "Strateji Geliştirme Müdürlüğü"),
            ("Kemal Öz", "Kültür ve Sosyal İşler Müdürlüğü"),
            ("Nur Işık", "Basın Yayın ve Halkla İlişkiler Müdürlüğü"),
        ]
        for row, (name, unit) in enumerate(members):
            page.fill(f"[name='members.{row}.name']", name)
            page.fill(f"[name='members.{row}.directorate']", unit)
        rows = page.locator("[name$='.name'][name^='members.']").count()
        page.click("button[data-add-row='members']")
        added = f"members.{rows}"
        expect(page.locator(f"[name='{added}.name']")).to_be_focused()
        assert page.locator("[name='members.count']").input_value() == str(rows + 1)
        team.snap("row-added")
        page.fill(f"[name='{added}.name']", "Zeki Şen")
        page.fill(f"[name='{added}.directorate']", "Bilgi İşlem Müdürlüğü")
        team.click("button.primary[type=submit]", "four-members-saved")
        saved = svc.show_stage(NEW_TEAM, "yenikoy", Stage.TEAM).content["members"]
        assert [m["name"] for m in saved] == ["Elif Ekip", "Kemal Öz", "Nur Işık", "Zeki Şen"]

        # another municipality's page: not found, with links to the team's own pages
        team.go(f"/m/{SLUG}")
        assert "Sayfa bulunamadı" in page.inner_text("h1")
        assert page.locator("main a[href='/m/yenikoy']").count() == 1

        # lists inside cards: a new goal from the button, and a second action inside it
        svc.open_stage_early(CONSULTANT, SLUG, Stage.ROADMAP, "Eylem planına başlanabilir.")
        planner = Person(browser, server, TEAM, "plan")
        planner.go(f"/m/{SLUG}/stages/5")
        page = planner.page
        goals = int(page.locator("[name='goals.count']").input_value())  # stored goals and one blank
        page.click("button[data-add-row='goals']")
        new_goal = f"goals.{goals}"
        page.fill(f"[name='{new_goal}.title']", "Gençlerin katılımı")
        page.select_option(f"[name='{new_goal}.focus_area']", index=1)
        page.fill(f"[name='{new_goal}.actions.0.title']", "Gençlik meclisi kurulması")
        page.click(f"button[data-add-row='{new_goal}.actions']")
        page.fill(f"[name='{new_goal}.actions.1.title']", "Okullarda katılım atölyeleri")
        planner.click("button.primary[type=submit]", "goal-added")
        plan = svc.show_stage(TEAM, SLUG, Stage.ROADMAP).content["goals"]
        assert plan[-1]["title"] == "Gençlerin katılımı"
        assert [a["title"] for a in plan[-1]["actions"]] == [
            "Gençlik meclisi kurulması",
            "Okullarda katılım atölyeleri",
        ]
        browser.close()

    assert consultant.problems + coordinator.problems + team.problems == []
