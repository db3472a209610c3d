"""Load the fictional example municipality from its plain files in ``examples/``."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, RootModel

from roadmap.analysis.stakeholders import merge_register
from roadmap.domain.attendance import apply_attendance
from roadmap.domain.catalogues import instrument
from roadmap.domain.content import (
    Consultations,
    CoordinationTeam,
    Explanation,
    FocusAreas,
    HoursEntry,
    NeedsAnalysis,
    RespondentGroup,
    RoadmapPlan,
    StakeholderMap,
    TeamMember,
)
from roadmap.domain.responses import merge_responses
from roadmap.domain.stages import Role, Stage
from roadmap.domain.translation import Unit
from roadmap.errors import InvalidInput, RoadmapError
from roadmap.imports.attendance import read_attendance
from roadmap.imports.files import (
    flag,
    read_csv,
    reject,
    rows_to_models,
    yaml_to_model,
)
from roadmap.imports.stakeholders import focus_lookup_for, read_stakeholders
from roadmap.imports.survey import read_mapping, read_survey
from roadmap.services import stages as stage_service
from roadmap.services.municipalities import (
    create_municipality,
    delete_municipality,
    find_municipality,
    upsert_user,
)
from roadmap.services.translations import save_translations, translation_units
from roadmap.settings import EXAMPLES_DIR
from roadmap.store.db import unit_of_work


class ExampleUser(BaseModel):
    email: str
    name: str
    role: Role


class ExampleSurvey(BaseModel):
    file: str
    group: RespondentGroup
    mapping: str | None = None


class ExampleStakeholders(BaseModel):
    file: str
    merge_duplicates: bool = False


class ExampleAttendance(BaseModel):
    meeting: str
    file: str


class ExampleManifest(BaseModel):
    slug: str
    name: str
    province: str = ""
    programme: str = ""
    users: list[ExampleUser]
    surveys: list[ExampleSurvey] = []
    stakeholders: ExampleStakeholders
    attendance: list[ExampleAttendance] = []
    approved_stages: list[Stage] = []
    submitted_stages: list[Stage] = []
    # The team's reasons for points of the checklist, for stages whose content comes from files
    explanations: dict[Stage, list[Explanation]] = {}
    # The English of the team's texts, as a translator's memory (Turkish → English): a file beside
    translations: str = ""
    # The first quarter of monitoring, recorded by ``prepare_demo`` (a file beside)
    monitoring: str = ""

    def user(self, role: Role) -> str:
        return next(u.email for u in self.users if u.role == role)


def _read_surveys(directory: Path, manifest: ExampleManifest) -> NeedsAnalysis:
    needs = NeedsAnalysis()
    for survey in manifest.surveys:
        mapping = read_mapping(directory / survey.mapping if survey.mapping else None)
        parsed = read_survey(directory / survey.file, survey.group, instrument(), mapping)
        if parsed.problems:
            raise reject(directory / survey.file, parsed.problems)
        needs, _, _ = merge_responses(needs, parsed)
    return needs


def _read_stakeholders(directory: Path, manifest: ExampleManifest, focus: FocusAreas) -> StakeholderMap:
    path = directory / manifest.stakeholders.file
    parsed = read_stakeholders(path, focus_lookup_for(focus))
    if parsed.problems:
        raise reject(path, parsed.problems)
    merged = merge_register([], parsed.stakeholders, manifest.stakeholders.merge_duplicates)
    return StakeholderMap(stakeholders=merged.stakeholders)


def _read_consultations(
    directory: Path, manifest: ExampleManifest, focus: FocusAreas, register: StakeholderMap
) -> Consultations:
    consultations = yaml_to_model(directory / "meetings.yaml", Consultations)
    keys = focus_lookup_for(focus)
    names = [s.name for s in register.stakeholders]
    for item in manifest.attendance:
        sheet = read_attendance(directory / item.file, keys)
        meeting = consultations.find(item.meeting)
        if meeting is None:
            raise InvalidInput("meetings.unknown", meeting=item.meeting, known="?")
        if sheet.problems:
            raise reject(directory / item.file, sheet.problems)
        updated, _ = apply_attendance(meeting, sheet, names)
        consultations = Consultations(
            meetings=[updated if m is meeting else m for m in consultations.meetings]
        )
    return consultations


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
    focus = yaml_to_model(directory / "focus_areas.yaml", FocusAreas)
    register = _read_stakeholders(directory, manifest, focus)
    content: dict[Stage, BaseModel] = {
        Stage.TEAM: CoordinationTeam(members=members, hours=hours),
        Stage.NEEDS: _read_surveys(directory, manifest),
        Stage.FOCUS: focus,
        Stage.STAKEHOLDERS: register,
        Stage.CONSULTATIONS: _read_consultations(directory, manifest, focus, register),
        Stage.ROADMAP: yaml_to_model(directory / "roadmap.yaml", RoadmapPlan),
    }
    for stage, reasons in manifest.explanations.items():
        content[stage] = content[stage].model_copy(update={"explanations": reasons})
    return manifest, content


class Remembered(BaseModel):
    tr: str
    en: str


class TranslationMemory(RootModel[list[Remembered]]):
    """A translator's memory: each Turkish text once, with its English."""

    def targets(self, units: list[Unit]) -> dict[str, tuple[str, str]]:
        known = {item.tr.strip(): item.en for item in self.root}
        return {u.unit: (u.source, known[u.source.strip()]) for u in units if u.source.strip() in known}


def settle_notices(slug: str) -> None:
    """Mark the notices that loading the example wrote as sent and read."""
    from datetime import UTC, datetime

    from sqlmodel import select

    from roadmap.store.tables import Notification

    with unit_of_work() as session:
        municipality = find_municipality(session, slug)
        assert municipality is not None  # just created
        now = datetime.now(UTC)
        for notice in session.exec(
            select(Notification).where(Notification.municipality_id == municipality.id)
        ):
            notice.sent_at = notice.read_at = now
            session.add(notice)


def directory_of(directory: Path | None) -> Path:
    return directory or EXAMPLES_DIR / "ornekkoy"


def load_example(directory: Path | None = None, replace: bool = False) -> ExampleManifest:
    """Create the example municipality, its accounts and content, and walk the review cycle."""
    manifest, content = read_example(directory_of(directory))
    with unit_of_work() as session:
        if replace:
            delete_municipality(session, manifest.slug)
        elif find_municipality(session, manifest.slug) is not None:
            raise RoadmapError("example.exists", slug=manifest.slug)
        municipality = create_municipality(
            session, manifest.slug, manifest.name, manifest.province, manifest.programme
        )
        for user in manifest.users:
            upsert_user(session, user.email, user.name, user.role, municipality)
    team, consultant = manifest.user(Role.TEAM_MEMBER), manifest.user(Role.CONSULTANT)
    memory = (  # the English edition's texts, matched by their Turkish
        yaml_to_model(directory_of(directory) / manifest.translations, TranslationMemory)
        if manifest.translations
        else None
    )
    # Stage by stage, as a team works: each is written and translated once it is open, then handed in
    # and reviewed.
    for stage, model in sorted(content.items()):
        records = stage_service.status_report(consultant, manifest.slug).stages
        if not next(row for row in records if row.stage == stage).open:  # drafted while the last is reviewed
            stage_service.open_stage_early(consultant, manifest.slug, stage, "Taslağa başlayabilirsiniz.")
        view = stage_service.show_stage(team, manifest.slug, stage)
        stage_service.update_stage(
            team,
            manifest.slug,
            stage,
            model.model_dump(mode="json"),
            view.version,
            source="examples",
        )
        if memory is not None:
            units = [u for u in translation_units(team, manifest.slug) if u.stage == stage]
            save_translations(team, manifest.slug, memory.targets(units))
        if stage in manifest.approved_stages or stage in manifest.submitted_stages:
            stage_service.submit_stage(team, manifest.slug, stage)
        if stage in manifest.approved_stages:
            stage_service.review_stage(consultant, manifest.slug, stage, approve=True, comment="Uygundur.")
    settle_notices(manifest.slug)  # the example's own history is not news to anyone
    return manifest


DEMO_PASSWORD = "ornekkoy-2026"
DEMO_COHORT = "katiliyoruz-2026"


def prepare_demo(directory: Path | None = None) -> ExampleManifest:
    """Web sign-in for the example's accounts and a cohort to look at (run again: same result)."""
    from datetime import date

    from roadmap.services.accounts import set_password
    from roadmap.services.cohorts import add_to_cohort, create_cohort, find_cohort, set_cohort_partners

    manifest = yaml_to_model((directory or EXAMPLES_DIR / "ornekkoy") / "municipality.yaml", ExampleManifest)
    coordinator = manifest.user(Role.COORDINATOR)
    for user in manifest.users:
        set_password(coordinator, user.email, DEMO_PASSWORD)
    with unit_of_work() as session:
        exists = find_cohort(session, DEMO_COHORT) is not None
    if not exists:
        create_cohort(coordinator, DEMO_COHORT, "KATILIYORUZ 2026–2027", date(2026, 9, 1), date(2027, 8, 31))
        # The programme's partners on every cover (names only: the example carries no one's logo).
        set_cohort_partners(
            coordinator, DEMO_COHORT, [("NDI Türkiye", None), ("Türkiye Kent Konseyleri Birliği", None)]
        )
    add_to_cohort(coordinator, DEMO_COHORT, [manifest.slug], [manifest.user(Role.CONSULTANT)])
    if manifest.monitoring:  # the demo shows monitoring: stages 4 and 5 approved, a quarter of check-ins
        from roadmap.devtools.example_monitoring import load_monitoring

        load_monitoring(
            (directory or EXAMPLES_DIR / "ornekkoy") / manifest.monitoring,
            manifest.slug,
            manifest.user(Role.TEAM_MEMBER),
            manifest.user(Role.CONSULTANT),
            coordinator,
            DEMO_COHORT,
        )
        settle_notices(manifest.slug)
    return manifest
