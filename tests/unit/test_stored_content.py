"""A stage's record ids are unique and its texts carry no control characters: content the team sends
otherwise is refused, while content read back from the database (checked when it was written) is not
walked again for them (the cohort page reads hundreds of approved roadmaps at once)."""

from __future__ import annotations

import pytest

from roadmap.domain.content import STORED, RoadmapPlan
from roadmap.errors import InvalidInput

TWICE = {
    "goals": [
        {
            "id": "hedef-1",
            "focus_area": "FA1",
            "title": "Katılım",
            "actions": [{"id": "eylem-1", "title": "Anket"}],
        },
        {
            "id": "hedef-2",
            "focus_area": "FA2",
            "title": "Şeffaflık",
            "actions": [{"id": "eylem-1", "title": "Rapor"}],
        },
    ]
}


def test_an_id_twice_is_refused_on_writing_and_read_back_as_stored():
    with pytest.raises((InvalidInput, ValueError)) as refused:
        RoadmapPlan.model_validate(TWICE)
    assert "eylem-1" in str(refused.value)
    plan = RoadmapPlan.model_validate(TWICE, context={STORED: True})
    assert [a.title for g in plan.goals for a in g.actions] == ["Anket", "Rapor"]


def test_a_control_character_is_refused_on_writing_only():
    sent = {"vision": "Katılımcı\x0b bir kent"}
    with pytest.raises((InvalidInput, ValueError)):
        RoadmapPlan.model_validate(sent)
    assert RoadmapPlan.model_validate(sent, context={STORED: True}).vision.startswith("Katılımcı")
