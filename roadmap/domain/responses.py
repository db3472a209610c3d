"""Survey responses brought into the needs analysis (pure: no I/O)."""

from __future__ import annotations

from roadmap.domain.content import NeedsAnalysis
from roadmap.imports.survey import SurveyFile


def merge_responses(needs: NeedsAnalysis, survey: SurveyFile) -> tuple[NeedsAnalysis, int, int]:
    """Add the file's responses; a respondent already stored (same group and id) is replaced, not doubled."""
    index = {(r.group, r.respondent): position for position, r in enumerate(needs.responses)}
    responses = list(needs.responses)
    added = updated = 0
    for response in survey.responses:
        position = index.get((response.group, response.respondent))
        if position is None:
            index[(response.group, response.respondent)] = len(responses)
            responses.append(response)
            added += 1
        else:
            responses[position] = response
            updated += 1
    return needs.model_copy(update={"responses": responses}), added, updated
