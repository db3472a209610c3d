"""Every column meaning an upload preview can offer is named in words, in Turkish and in English."""

from __future__ import annotations

import pytest

from roadmap.domain.content import RoadmapData
from roadmap.imports.attendance import FIELDS as ATTENDANCE_FIELDS
from roadmap.imports.stakeholders import FIELDS as STAKEHOLDER_FIELDS
from roadmap.web.mapping_form import target_label


@pytest.mark.parametrize(
    ("kind", "fields"), [("stakeholders", STAKEHOLDER_FIELDS), ("attendance", ATTENDANCE_FIELDS)]
)
@pytest.mark.parametrize("lang", ["tr", "en"])
def test_every_upload_field_has_a_label_not_a_message_key(kind, fields, lang):
    data = RoadmapData.model_construct()
    for field in fields:
        label = target_label(kind, field, data, lang)
        assert label and "import.field" not in label and "." not in label.split()[0], (field, label)


def test_the_consent_column_reads_as_a_sentence_in_turkish():
    label = target_label("stakeholders", "public_consent", RoadmapData.model_construct(), "tr")
    assert label == "Adının yayımlanmasına izin"
