"""A stage's record ids are unique: content the team sends with an id twice is refused, while content
read back from the database (checked when it was written) is not walked again for it."""

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
