"""In a real browser: the journey's list of documents offers a version's PDF beside its Word document and
the download is that PDF; an upload's "Vazgeç" (cancel) removes the waiting file. Each page is scanned
by axe-core and measured at phone width."""

from __future__ import annotations

import hashlib

import pytest
from browsing import PASSWORD, Person, launch, live_server
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM

from roadmap.domain.stages import Stage
from roadmap.pipeline import build_roadmap_document
from roadmap.render.pdf import libreoffice_available
from roadmap.services.accounts import set_password
from roadmap.services.stages import reopen_stage
from roadmap.settings import EXAMPLES_DIR, get_settings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not libreoffice_available(), reason="LibreOffice makes the PDFs"),
]


@pytest.fixture
def server(example, tmp_path):
    """Örnekköy with one export made with its PDF, and the app on a free port."""
    set_password(COORDINATOR, TEAM, PASSWORD)
    build_roadmap_document(SLUG, out=tmp_path / "out" / "yol.docx", pdf=True, actor=TEAM)
    yield from live_server()


def test_the_pdf_is_downloaded_from_the_journey_and_a_cancelled_upload_is_not_kept(server, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        team = Person(browser, server, TEAM, "export-pdf", audit=True)
        page = team.page
        team.go(f"/m/{SLUG}")
        link = page.locator(f"#exports a[href='/m/{SLUG}/exports/1.pdf']")
        assert link.inner_text() == "İndir (.pdf)"
        with page.expect_download() as downloading:
            link.click()
        download = downloading.value
        assert download.suggested_filename == f"{SLUG}-yol-haritasi-v1-tr.pdf"
        got = hashlib.sha256((tmp_path / "out" / "yol.pdf").read_bytes()).hexdigest()
        assert hashlib.sha256(download.path().read_bytes()).hexdigest() == got

        reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Liste yeniden yüklenecek")
        team.go(f"/m/{SLUG}/stages/3")
        page.set_input_files("#upload-file", str(EXAMPLES_DIR / "ornekkoy" / "paydaslar.csv"))
        team.click("#upload-title ~ form button[type=submit]", "preview")
        assert "Onayla ve kaydet" in page.inner_text("main")
        team.check("preview")
        assert list((get_settings().data_dir / "uploads").glob("*/*.csv"))
        team.click("button[formaction$='/upload/discard']", "cancelled")
        assert page.url.endswith(f"/m/{SLUG}/stages/3")
        assert list((get_settings().data_dir / "uploads").glob("*")) == []
        assert team.problems == []
        browser.close()
