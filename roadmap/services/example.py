"""Load the fictional example municipality from its plain files in ``examples/``."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from roadmap.domain.catalogues import instrument
from roadmap.domain.content import (
    Consultations,
    CoordinationTeam,
    FocusAreas,
    HoursEntry,
    NeedsAnalysis,
    RespondentGroup,
    RoadmapPlan,
    Stakeholder,
    StakeholderMap,
    TeamMember,
)
from roadmap.domain.stages import Role, Stage
from roadmap.errors import InvalidInput, RoadmapError
from roadmap.imports.files import (
    flag,
    optional,
    read_csv,
    rows_to_models,
    split_list,
    yaml_to_model,
)
from roadmap.imports.survey import read_mapping, read_survey
from roadmap.services import stages as stage_service
from roadmap.services.municipalities import (
    create_municipality,
    delete_municipality,
    find_municipality,
    upsert_user,
)
from roadmap.services.needs import merge_responses
from roadmap.settings import EXAMPLES_DIR
from roadmap.store.db import unit_of_work
from roadmap.text import say


class ExampleUser(BaseModel):
    email: str
    name: str
    role: Role


class ExampleSurvey(BaseModel):
    file: str
    group: RespondentGroup
    mapping: str | None = None


class ExampleManifest(BaseModel):
    slug: str
    name: str
    province: str = ""
    programme: str = ""
    users: list[ExampleUser]
    surveys: list[ExampleSurvey] = []
    approved_stages: list[Stage] = []
    submitted_stages: list[Stage] = []

    def user(self, role: Role) -> str:
        return next(u.email for u in self.users if u.role == role)


def _read_surveys(directory: Path, manifest: ExampleManifest) -> NeedsAnalysis:
    needs = NeedsAnalysis()
    for survey in manifest.surveys:
        mapping = read_mapping(directory / survey.mapping if survey.mapping else None)
        parsed = read_survey(directory / survey.file, survey.group, instrument(), mapping)
        if parsed.problems:
            raise InvalidInput(
                say("import.rejected", path=directory / survey.file, count=len(parsed.problems)),
                [p.text() for p in parsed.problems],
            )
        needs, _, _ = merge_responses(needs, parsed)
    return needs


def _stakeholder_row(row: dict[str, str]) -> dict:
    return {
        **{k: v for k, v in row.items() if k not in {"power", "interest", "level", "focus_areas"}},
        "power": optional(row.get("power", "")),
        "interest": optional(row.get("interest", "")),
        "level": optional(row.get("level", "")),
        "focus_areas": split_list(row.get("focus_areas", "")),
    }


def read_example(directory: Path) -> tuple[ExampleManifest, dict[Stage, BaseModel]]:
    """Parse every file first, so a broken file stops the load before anything is written."""
    manifest = yaml_to_model(directory / "municipality.yaml", ExampleManifest)
    members = rows_to_models(
        directory / "team.csv",
        read_csv(directory / "team.csv"),
        TeamMember,
        lambda r: {**r, "is_coordinator": flag(r.get("is_coordinator", ""))},
    )
    hours = rows_to_models(directory / "hours.csv", read_csv(directory / "hours.csv"), HoursEntry)
    stakeholders = rows_to_models(
        directory / "stakeholders.csv",
        read_csv(directory / "stakeholders.csv"),
        Stakeholder,
        _stakeholder_row,
    )
    content: dict[Stage, BaseModel] = {
        Stage.TEAM: CoordinationTeam(members=members, hours=hours),
        Stage.NEEDS: _read_surveys(directory, manifest),
        Stage.FOCUS: yaml_to_model(directory / "focus_areas.yaml", FocusAreas),
        Stage.STAKEHOLDERS: StakeholderMap(stakeholders=stakeholders),
        Stage.CONSULTATIONS: yaml_to_model(directory / "meetings.yaml", Consultations),
        Stage.ROADMAP: yaml_to_model(directory / "roadmap.yaml", RoadmapPlan),
    }
    return manifest, content


def load_example(directory: Path | None = None, replace: bool = False) -> ExampleManifest:
    """Create the example municipality, its accounts and content, and walk the review cycle."""
    manifest, content = read_example(directory or EXAMPLES_DIR / "ornekkoy")
    with unit_of_work() as session:
        if replace:
            delete_municipality(session, manifest.slug)
        elif find_municipality(session, manifest.slug) is not None:
            raise RoadmapError(say("example.exists", slug=manifest.slug))
        municipality = create_municipality(
            session, manifest.slug, manifest.name, manifest.province, manifest.programme
        )
        for user in manifest.users:
            upsert_user(session, user.email, user.name, user.role, municipality)
    team, consultant = manifest.user(Role.TEAM_MEMBER), manifest.user(Role.CONSULTANT)
    for stage, model in content.items():
        view = stage_service.show_stage(team, manifest.slug, stage)
        stage_service.update_stage(
            team,
            manifest.slug,
            stage,
            model.model_dump(mode="json"),
            view.version,
            source="examples",
        )
    for stage in manifest.approved_stages:
        stage_service.submit_stage(team, manifest.slug, stage)
        stage_service.review_stage(consultant, manifest.slug, stage, approve=True, comment="Uygundur.")
    for stage in manifest.submitted_stages:
        stage_service.submit_stage(team, manifest.slug, stage)
    return manifest
