"""A real browser imports a survey file that no reader can place on its own: the page asks what the
reworded columns and the unknown answer word are, the person answers with the selects (no script
needed), checks the preview and confirms; the responses land in the needs analysis. Each page is
scanned by axe-core and measured at phone width."""

from __future__ import annotations

import pytest
from browsing import PASSWORD, Person, launch, live_server
from conftest import COORDINATOR
from test_upload_mapping import RENAMED, reworded_forms_export

from roadmap.domain.stages import Role, Stage
from roadmap.services.accounts import set_password
from roadmap.services.municipalities import add_municipality, add_user, assign_consultant
from roadmap.services.stages import open_stage_early

pytestmark = pytest.mark.browser
TEAM = "ekip@yenikoy.bel.tr"
CONSULTANT = "danisman@katiliyoruz.example.org"


@pytest.fixture
def server(example):
    """A new municipality whose needs analysis the consultant opened early, and the app on a free port."""
    add_municipality(COORDINATOR, "yenikoy", "Yeniköy Belediyesi", "Örnekil")
    add_user(COORDINATOR, TEAM, "Elif Ekip", Role.TEAM_MEMBER, "yenikoy")
    assign_consultant(COORDINATOR, "yenikoy", CONSULTANT)
    set_password(COORDINATOR, TEAM, PASSWORD)
    open_stage_early(CONSULTANT, "yenikoy", Stage.NEEDS, "Anket erken geldi")
    yield from live_server()


def test_a_reworded_survey_is_mapped_in_the_page_previewed_and_imported(server, tmp_path):
    from playwright.sync_api import sync_playwright

    survey = tmp_path / "personel anketi (form).csv"
    survey.write_bytes(reworded_forms_export())
    with sync_playwright() as playwright:
        browser = launch(playwright)
        team = Person(browser, server, TEAM, "upload", audit=True)
        page = team.page
        team.go("/m/yenikoy/stages/1")
        assert page.locator("img[src$='/charts/radar.png']").count() == 0  # no responses yet

        page.set_input_files("#upload-file", str(survey))
        page.select_option("#upload-group", "staff")
        team.click("#upload-title ~ form button[type=submit]", "mapping")
        assert "personel anketi (form).csv: bazı sütunlar ya da değerler okunamadı" in page.inner_text("h2")
        team.check("mapping")

        for index in range(len(RENAMED)):
            header = page.input_value(f"input[name=header-{index}]")
            code = next(code for written, code in RENAMED.values() if written == header)
            page.select_option(f"#column-{index}", code)
        page.select_option("#value-0", "5")  # "Çok katılıyorum" is the scale's top point
        team.click(".mapping-form button[type=submit]", "preview")
        assert "Onayla ve kaydet" in page.inner_text("main"), page.inner_text("main")
        assert "Yurttaşlar önerilerinin sonucunu izleyebiliyor." in page.inner_text("table")
        team.check("preview")

        team.click("main form[action$='/upload/confirm'] button.primary", "imported")
        assert "Bulgular (25 personel, 0 sivil aktör yanıtı)" in page.inner_text("main")
        assert page.locator("img[src$='/charts/radar.png']").count() == 1
        assert page.evaluate("document.querySelector(\"img[src$='/charts/radar.png']\").naturalWidth") > 0
        assert team.problems == [], team.problems
        browser.close()
