"""The PDF kept with an export version is downloaded from the journey's list of documents, beside its
Word document, by whoever may see the municipality; a version without a PDF offers none. On the local
folder store and on S3 (``any_store``)."""

from __future__ import annotations

import hashlib

import pytest
from conftest import CONSULTANT, SLUG, TEAM
from test_web import OTHER_TEAM, signed_in, web, web_template  # noqa: F401

from roadmap.pipeline import build_roadmap_document
from roadmap.render.pdf import libreoffice_available
from roadmap.services.exports import export_versions

pytestmark = pytest.mark.skipif(not libreoffice_available(), reason="LibreOffice makes the PDFs")


def test_the_journey_offers_the_versions_pdf_and_the_download_serves_it_as_a_pdf(web, any_store):  # noqa: F811
    result = build_roadmap_document(SLUG, out=web / "out" / "yol.docx", pdf=True, actor=TEAM)
    assert result.pdf is not None
    without = [v.number for v in export_versions(TEAM, SLUG) if v.pdf_sha256 is None]
    assert without  # the version exported before, without a PDF

    team = signed_in(TEAM)
    journey = team.get(f"/m/{SLUG}").text
    assert f'href="/m/{SLUG}/exports/{result.number}.pdf"' in journey
    assert f'href="/m/{SLUG}/exports/{without[0]}.pdf"' not in journey
    assert f'href="/m/{SLUG}/exports/{without[0]}.docx"' in journey

    for who in (TEAM, CONSULTANT):
        download = signed_in(who).get(f"/m/{SLUG}/exports/{result.number}.pdf")
        assert download.status_code == 200 and download.headers["content-type"] == "application/pdf"
        assert (
            f'filename="{SLUG}-yol-haritasi-v{result.number}-tr.pdf"'
            in download.headers["content-disposition"]
        )
        assert hashlib.sha256(download.content).digest() == hashlib.sha256(result.pdf.read_bytes()).digest()
    assert team.get(f"/m/{SLUG}/exports/{without[0]}.pdf").status_code == 404
    assert signed_in(OTHER_TEAM).get(f"/m/{SLUG}/exports/{result.number}.pdf").status_code == 404
