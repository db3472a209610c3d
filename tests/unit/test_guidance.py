"""Every stage explains itself in Turkish and in English."""

import pytest

from roadmap.domain.guidance import guidance
from roadmap.domain.stages import Stage


@pytest.mark.parametrize("lang", ["tr", "en"])
@pytest.mark.parametrize("stage", list(Stage))
def test_every_stage_has_what_why_tips_and_a_good_result(stage, lang):
    text = guidance(stage, lang)
    assert text.title and len(text.what) > 80 and text.why and text.good
    assert len(text.tips) >= 2


def test_guidance_speaks_the_stage_gate_numbers():
    assert "en az dört" in guidance(Stage.TEAM, "tr").what
    assert "100 hours" in guidance(Stage.TEAM, "en").why
