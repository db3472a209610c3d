"""Property-based tests: any text either goes through faithfully or is refused with a reason.

A short run in CI; `HYPOTHESIS_PROFILE=long pytest -m fuzz tests/unit/test_properties.py` runs many more.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap.domain.catalogues import instrument
from roadmap.domain.content import Stakeholder
from roadmap.imports.stakeholders import focus_keys, read_stakeholders
from roadmap.imports.survey import parse_answer
from roadmap.render.word import WordBuilder, breakable, clean
from roadmap.settings import TEMPLATES_DIR
from roadmap.text import fold_name, tr_lower, tr_upper

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "long", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

pytestmark = pytest.mark.fuzz

# Turkish, Arabic (right to left), emoji, control characters, template and formula syntax.
NASTY = st.one_of(
    st.text(),
    st.sampled_from(
        [
            "İĞÜŞÖÇıığüşöç",
            "مجلس المدينة",
            "🎉👩‍👩‍👧",
            "{{ 7*7 }}",
            "{% raw %}",
            "<b>x</b>",
            '=HYPERLINK("http://x")',
            "\x00\x0b\x1f",
            "a" * 5000,
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
)
SCALE = {fold_name(label): value for value, labels in instrument().scale.items() for label in labels.values()}


@given(NASTY)
def test_any_text_goes_into_a_word_document_that_opens_and_reads_back_cleaned(tmp_path_factory, text):
    builder = WordBuilder(TEMPLATES_DIR / "reference.docx")
    builder.paragraph(text)
    builder.table(["Ad"], [[text]])
    path = tmp_path_factory.mktemp("doc") / "x.docx"
    builder.save(path)
    document = Document(str(path))
    assert document.paragraphs[0].text == clean(text).replace("\r", "\n")
    # A cell may also get break chances after "@", "." and "/" in a long address: invisible, nothing lost.
    assert document.tables[0].rows[1].cells[0].text.replace("\n", "") == breakable(clean(text)).replace(
        "\n", ""
    ).replace("\r", "")


@given(NASTY)
def test_a_stakeholder_name_is_kept_or_refused_with_a_reason(text):
    try:
        stakeholder = Stakeholder(name=text, type="cso")
    except ValueError as error:
        assert str(error)
    else:
        assert stakeholder.name == text.strip()


@given(st.text(max_size=30))
def test_any_answer_is_a_score_no_answer_or_a_named_reason(value):
    try:
        answer = parse_answer(value, SCALE)
    except ValueError as error:
        assert str(error) in {"unreadable", "not_whole", "out_of_range"}
    else:
        assert answer is None or 1 <= answer <= 5


@given(st.text(max_size=60))
def test_folding_names_is_stable_and_casing_round_trips_turkish_letters(text):
    assert fold_name(fold_name(text)) == fold_name(text)
    turkish = "".join(ch for ch in text if ch in "abcçdefgğhıijklmnoöprsştuüvyz")
    assert tr_lower(tr_upper(turkish)) == turkish


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(NASTY, min_size=1, max_size=5))
def test_a_stakeholder_list_with_any_names_never_crashes(tmp_path: Path, names):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["ad", "tür"])
    writer.writerows([[name, "STK"] for name in names])
    path = tmp_path / "p.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        parsed = read_stakeholders(path, focus_keys({}, {}))
    except Exception as error:  # only our own, worded errors may come out
        from roadmap.errors import RoadmapError

        assert isinstance(error, RoadmapError), repr(error)
        return
    for _, stakeholder in parsed.stakeholders:
        assert stakeholder.name == " ".join(stakeholder.name.split())
    assert all(p.text() for p in parsed.problems)
