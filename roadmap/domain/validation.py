"""What each stage needs before it can be submitted, in words a team member understands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from roadmap.domain.content import (
    Consultations,
    Content,
    CoordinationTeam,
    FocusAreas,
    FocusCandidate,
    InputResponse,
    NeedsAnalysis,
    RespondentGroup,
    RoadmapData,
    RoadmapPlan,
    ShareStage,
    StakeholderMap,
)
from roadmap.domain.stages import Stage, Status
from roadmap.i18n import DEFAULT_LANGUAGE, translate
from roadmap.settings import Language
from roadmap.text import shorten


class ProgrammeRules(BaseModel):
    """The gate numbers; a programme may change them."""

    min_members: int = 4
    min_directorates: int = 3
    min_staff_responses: int = 10
    min_focus_areas: int = 1
    max_focus_areas: int = 5
    hours_target: float = 100


class Problem(BaseModel):
    """One thing missing or wrong; ``severity`` warning does not block submission."""

    model_config = ConfigDict(frozen=True)

    key: str
    params: dict[str, Any] = {}
    severity: Literal["error", "warning"] = "error"

    def text(self, lang: Language) -> str:
        return translate(f"problem.{self.key}", lang, **self.params)

    def render(self, lang: Language) -> str:
        return self.text(lang)


def _team(team: CoordinationTeam, data: RoadmapData | None, rules: ProgrammeRules) -> list[Problem]:
    problems = []
    if len(team.members) < rules.min_members:
        problems.append(
            Problem(key="team_size", params={"need": rules.min_members, "have": len(team.members)})
        )
    directorates = {m.directorate.strip() for m in team.members}
    if len(directorates) < rules.min_directorates:
        problems.append(
            Problem(
                key="team_directorates",
                params={"need": rules.min_directorates, "have": len(directorates)},
            )
        )
    coordinators = [m for m in team.members if m.is_coordinator]
    if len(coordinators) != 1:
        problems.append(Problem(key="team_coordinator", params={"have": len(coordinators)}))
    for member in team.members:
        if not (member.email or member.phone):
            problems.append(Problem(key="team_contact", params={"name": member.name}))
    return problems


def team_problems(team: CoordinationTeam, rules: ProgrammeRules | None = None) -> list[Problem]:
    """Stage 0's gate on a team alone (an application's nominated team is held to the same rules)."""
    return _team(team, None, rules or ProgrammeRules())


def _needs(needs: NeedsAnalysis, data: RoadmapData, rules: ProgrammeRules) -> list[Problem]:
    problems = []
    staff = needs.count(RespondentGroup.STAFF)
    if staff < rules.min_staff_responses:
        problems.append(Problem(key="needs_staff", params={"need": rules.min_staff_responses, "have": staff}))
    if needs.count(RespondentGroup.CIVIC) == 0:
        problems.append(Problem(key="needs_civic", severity="warning"))
    return problems


def _focus(focus: FocusAreas, data: RoadmapData, rules: ProgrammeRules) -> list[Problem]:
    problems = []
    selected = focus.selected()
    if not rules.min_focus_areas <= len(selected) <= rules.max_focus_areas:
        problems.append(
            Problem(
                key="focus_count",
                params={
                    "min": rules.min_focus_areas,
                    "max": rules.max_focus_areas,
                    "have": len(selected),
                },
            )
        )
    for candidate in selected:
        name = _title(candidate, data)
        if not candidate.justification:
            problems.append(Problem(key="focus_justification", params={"name": name}))
        if not (candidate.linked_dimension or candidate.strategic_goal):
            problems.append(Problem(key="focus_link", params={"name": name}))
    return problems


def _title(candidate: FocusCandidate, data: RoadmapData) -> str:
    """The name a team knows the area by: its own title, or the catalogue's (in Turkish, the team's language)."""
    return candidate.title or data.catalogues.focus_title(candidate.code, DEFAULT_LANGUAGE)


def _selected_focus(data: RoadmapData) -> list[tuple[str, str]]:
    return [(c.code, _title(c, data)) for c in data.focus.selected()]


def _stakeholders(smap: StakeholderMap, data: RoadmapData, rules: ProgrammeRules) -> list[Problem]:
    problems = []
    if not smap.stakeholders:
        problems.append(Problem(key="stakeholders_empty"))
    for code, title in _selected_focus(data):
        if not any(s.focus_areas and code in s.focus_areas and not s.internal for s in smap.stakeholders):
            problems.append(Problem(key="stakeholders_focus", params={"name": title}))
    for s in smap.stakeholders:
        missing = [f for f in ("power", "interest", "level") if getattr(s, f) is None]
        if missing:
            problems.append(
                Problem(key="stakeholder_fields", params={"name": s.name, "fields": ", ".join(missing)})
            )
    return problems


def _consultations(cons: Consultations, data: RoadmapData, rules: ProgrammeRules) -> list[Problem]:
    problems = []
    held = cons.held()
    for audience in ("internal", "external"):
        if not any(m.audience == audience for m in held):
            problems.append(Problem(key=f"consult_{audience}"))
    consulted = {code for m in held if m.audience == "external" for code in m.focus_areas}
    for code, title in _selected_focus(data):
        if code not in consulted:
            problems.append(Problem(key="consult_focus", params={"name": title}))
    return problems


def _roadmap(plan: RoadmapPlan, data: RoadmapData, rules: ProgrammeRules) -> list[Problem]:
    problems = []
    if plan.start is None:
        problems.append(Problem(key="plan_start"))
    if not plan.goals:
        problems.append(Problem(key="plan_goals"))
    for goal in plan.goals:
        if not goal.actions:
            problems.append(Problem(key="goal_actions", params={"name": goal.title}))
    for _, action in plan.actions():
        name = action.title
        if not action.responsible:
            problems.append(Problem(key="action_responsible", params={"name": name}))
        if action.start_month is None or action.end_month is None:
            problems.append(Problem(key="action_dates", params={"name": name}))
        elif action.start_month > action.end_month or action.end_month > plan.months:
            problems.append(Problem(key="action_period", params={"name": name, "months": plan.months}))
        if not any(i.target is not None and i.unit for i in action.indicators):
            problems.append(Problem(key="action_indicator", params={"name": name}))
    if not plan.monitoring.complete():
        problems.append(Problem(key="plan_monitoring"))
    if not plan.sharing:
        problems.append(Problem(key="plan_sharing"))
    ids, codes = set(plan.action_codes()), plan.codes()
    listed = {input_id for _, action in plan.actions() for input_id in action.answers}
    for _, given in data.consultations.inputs():
        if given.response != InputResponse.ACCEPTED:
            continue
        if not given.action and given.id not in listed:
            problems.append(
                Problem(key="input_unlinked", params={"text": shorten(given.text)}, severity="warning")
            )
        elif given.action and given.action not in ids and given.action not in codes:
            problems.append(
                Problem(
                    key="input_action_missing", params={"text": shorten(given.text), "code": given.action}
                )
            )
    return problems


def _share(share: ShareStage, data: RoadmapData, rules: ProgrammeRules) -> list[Problem]:
    problems = []
    for stage, status in data.statuses.items():
        if stage < Stage.SHARE and status != Status.APPROVED:
            problems.append(Problem(key="share_unapproved", params={"stage": int(stage)}))
    if not share.shares:
        problems.append(Problem(key="share_empty"))
    return problems


_GATES: dict[Stage, Callable[[Any, RoadmapData, ProgrammeRules], list[Problem]]] = {
    Stage.TEAM: _team,
    Stage.NEEDS: _needs,
    Stage.FOCUS: _focus,
    Stage.STAKEHOLDERS: _stakeholders,
    Stage.CONSULTATIONS: _consultations,
    Stage.ROADMAP: _roadmap,
    Stage.SHARE: _share,
}


def validate_stage(
    stage: Stage, content: Content, data: RoadmapData, rules: ProgrammeRules | None = None
) -> list[Problem]:
    """Every problem that stands between this stage's content and its submission.

    ``data`` gives the other stages (stage 3 checks the focus areas chosen in stage 2).
    """
    return _GATES[stage](content, data, rules or ProgrammeRules())


def blocking(problems: list[Problem], waived: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    """The errors that stop a submission: not warnings, and not what a consultant waived."""
    return [p for p in problems if p.severity == "error" and p.key not in waived]
