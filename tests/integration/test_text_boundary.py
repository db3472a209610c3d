"""Any text a person types is stored faithfully or refused at the boundary, and never breaks an export.

Arbitrary Unicode (control characters, lone surrogates, U+FFFE/U+FFFF, emoji, right-to-left text)
goes into a municipality's name, a cohort's name, a review comment and a stakeholder's name through
the services; whatever was accepted, the Word roadmap with its comments and the cohort workbook are
still written.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap.domain.safe_text import xml_unsafe
from roadmap.domain.stages import Stage
from roadmap.errors import InvalidInput, TransitionRefused
from roadmap.pipeline import build_roadmap_document
from roadmap.render.cohort_report import write_report_xlsx
from roadmap.services import review
from roadmap.services import stages as svc
from roadmap.services.access import SYSTEM
from roadmap.services.cohorts import add_to_cohort, cohort_progress, create_cohort, list_cohorts
from roadmap.services.municipalities import add_municipality

TEXT = st.text(
    alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()),
    min_size=0,
    max_size=40,
)


def _words(text: str) -> str:
    """Text as Word keeps it: a line break becomes a new paragraph, so compare word by word."""
    return " ".join(text.split())


HARD = ["Ali\x00Veli", "Ali\x0bVeli", "Ali\ufffeVeli", "Ali\uffffVeli", "Ali\ud800Veli", "x" * 250]


@pytest.mark.parametrize("text", HARD)
def test_text_a_document_cannot_hold_is_refused_everywhere_it_enters(example, text):
    with pytest.raises(InvalidInput):
        add_municipality(COORDINATOR, "yenikoy", text)
    with pytest.raises(InvalidInput):
        create_cohort(COORDINATOR, "kohort", text, date(2027, 1, 1), date(2027, 9, 1))
    with pytest.raises((InvalidInput, TransitionRefused)):
        review.add_comment(CONSULTANT, SLUG, Stage.STAKEHOLDERS, text if text.strip("x") else text * 20)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=TEXT, comment=TEXT)
def test_whatever_is_accepted_still_exports_to_word_with_comments_and_to_the_workbook(
    example, tmp_path_factory, name, comment
):
    accepted: list[str] = []
    try:
        review.add_comment(CONSULTANT, SLUG, Stage.STAKEHOLDERS, comment)
        accepted.append(comment.strip())
    except (InvalidInput, TransitionRefused):
        assert xml_unsafe(comment) or not comment.strip() or len(comment.strip()) > 4000
    view = svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS)
    if view.status.value == "approved":
        svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Notlar")
        view = svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS)
    view.content["stakeholders"][0]["notes"] = name
    try:
        svc.update_stage(TEAM, SLUG, Stage.STAKEHOLDERS, view.content, view.version)
    except InvalidInput:
        assert xml_unsafe(name) or len(name.strip()) > 2000
    folder = tmp_path_factory.mktemp("out")
    document = build_roadmap_document(SLUG, out=folder / "yol.docx", with_comments=True)
    stored = [_words(c.text) for c in Document(str(document.path)).comments]
    for text in accepted:
        if _words(text):
            assert any(_words(text) in c for c in stored)  # faithful: not cleaned, not cut
    if not list_cohorts(COORDINATOR):  # the first example opens the cohort; the others reuse it
        create_cohort(COORDINATOR, "kohort", "Kohort", date(2027, 1, 1), date(2027, 9, 1))
        add_to_cohort(COORDINATOR, "kohort", [SLUG], [])
    write_report_xlsx(cohort_progress(SYSTEM, "kohort"), "tr", folder / "rapor.xlsx")
