"""Cohorts: municipalities that run the programme together, and how far each of them has come."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter
from sqlalchemy import func
from sqlmodel import Session, col, select

from roadmap.domain.catalogues import FocusArea, Instrument
from roadmap.domain.permissions import Permission
from roadmap.domain.safe_text import checked_text
from roadmap.domain.schedule import ANSWER_DAYS, REVIEW_DAYS, stage_due
from roadmap.domain.stages import Role, Stage, Status
from roadmap.errors import InvalidInput, NotFound, PermissionDenied, RoadmapError
from roadmap.imports.files import read_yaml, yaml_to_model
from roadmap.services.access import Who, require, resolve_actor, visible_municipalities
from roadmap.services.municipalities import SLUG_PATTERN, find_municipality
from roadmap.services.releases import latest_releases
from roadmap.store.db import unit_of_work
from roadmap.store.files import file_store, keep
from roadmap.store.repository import write_admin_audit
from roadmap.store.stamped import kept
from roadmap.store.tables import (
    ActorIntroduction,
    Cohort,
    CohortConsultant,
    Municipality,
    RoadmapExport,
    StageRecord,
    SupportApplication,
    SupportAward,
    User,
    export_file_name,
)


def _catalogue_file(path: Path) -> list[dict[str, Any]]:
    raw = read_yaml(path)
    try:
        areas = TypeAdapter(list[FocusArea]).validate_python(raw or [])
    except ValueError as error:
        raise InvalidInput("input.invalid", [str(error)], path=Path(path).name) from None
    if not areas:
        raise InvalidInput("cohort.empty_catalogue", path=path)
    return [area.model_dump() for area in areas]


def create_cohort(
    email: str | None,
    slug: str,
    name: str,
    starts: date,
    ends: date,
    instrument: Path | None = None,
    catalogue: Path | None = None,
) -> Cohort:
    """A coordinator opens a cohort for a period, with the programme's own instrument if it has one."""
    if not SLUG_PATTERN.fullmatch(slug):
        raise InvalidInput("municipality.bad_slug", slug=slug)
    if ends <= starts:
        raise InvalidInput("cohort.bad_period", starts=starts, ends=ends)
    name = checked_text(name, "name")
    tool = yaml_to_model(instrument, Instrument).model_dump() if instrument else None
    areas = _catalogue_file(catalogue) if catalogue else None
    with unit_of_work() as session:
        require(resolve_actor(session, email), Permission.MANAGE)
        if find_cohort(session, slug) is not None:
            raise RoadmapError("cohort.exists", slug=slug)
        cohort = Cohort(
            slug=slug, name=name.strip(), starts=starts, ends=ends, instrument=tool, catalogue=areas
        )
        session.add(cohort)
        session.flush()
        return cohort


def find_cohort(session: Session, slug: str) -> Cohort | None:
    return session.exec(select(Cohort).where(Cohort.slug == slug)).first()


def _cohort(session: Session, slug: str) -> Cohort:
    cohort = find_cohort(session, slug)
    if cohort is None:
        raise NotFound("notfound.cohort", slug=slug)
    return cohort


MAX_LOGO_BYTES = 1024 * 1024


def _logo(path: Path) -> tuple[bytes, str]:
    """A partner's logo, checked to be a PNG or JPEG image of reasonable size, and its media type."""
    from PIL import Image, UnidentifiedImageError

    if not path.is_file():
        raise NotFound("notfound.file", path=path)
    if path.stat().st_size > MAX_LOGO_BYTES:
        raise InvalidInput("input.too_big", path=path.name, limit=1)
    try:
        with Image.open(path) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        kind = None
    if kind not in {"PNG", "JPEG"}:
        raise InvalidInput("cohort.bad_logo", path=path.name)
    return path.read_bytes(), f"image/{kind.lower()}"


def set_cohort_partners(email: str | None, slug: str, partners: list[tuple[str, Path | None]]) -> int:
    """A coordinator names the programme's partners (with logos) for the cover of the cohort's roadmaps;
    an empty list removes them. Returns how many there are."""
    for name, _ in partners:
        if len(name.strip()) < 2:
            raise InvalidInput("cohort.bad_partner", name=name)
    checked = [(checked_text(name.strip(), "name"), _logo(logo) if logo else None) for name, logo in partners]
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.MANAGE)
        cohort = _cohort(session, slug)
        cohort.partners = [
            {"name": name, "logo_sha256": keep(session, *logo, actor.email) if logo else ""}
            for name, logo in checked
        ] or None
        session.add(cohort)
    return len(checked)


def _cohort_consultant(session: Session, consultant_email: str) -> User:
    consultant = session.exec(select(User).where(User.email == consultant_email.strip().lower())).first()
    if consultant is None:
        raise InvalidInput("notfound.user", field="consultant", email=consultant_email)
    if Role(consultant.role) != Role.CONSULTANT:
        raise InvalidInput("user.not_consultant", field="consultant", email=consultant_email)
    return consultant


def _member(session: Session, slug: str) -> Municipality:
    municipality = find_municipality(session, slug)
    if municipality is None:
        raise NotFound("notfound.municipality", slug=slug)
    return municipality


def add_to_cohort(
    email: str | None, slug: str, municipalities: list[str], consultants: list[str]
) -> tuple[int, int]:
    """A coordinator puts municipalities (and consultants) in a cohort; all or nothing."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.MANAGE)
        cohort = _cohort(session, slug)
        for municipality_slug in municipalities:
            municipality = _member(session, municipality_slug)
            municipality.cohort_id = cohort.id
            session.add(municipality)
            write_admin_audit(session, actor.email, "cohort_join", municipality, cohort.slug)
        for consultant_email in consultants:
            consultant = _cohort_consultant(session, consultant_email)
            if _membership(session, cohort, consultant) is None:
                assert cohort.id is not None and consultant.id is not None
                session.add(CohortConsultant(cohort_id=cohort.id, user_id=consultant.id))
                write_admin_audit(
                    session, actor.email, "cohort_join", None, f"{cohort.slug}: {consultant.email}"
                )
        return len(municipalities), len(consultants)


def _membership(session: Session, cohort: Cohort, consultant: User) -> CohortConsultant | None:
    """The row that makes a consultant one of the cohort's, if there is one."""
    return session.exec(
        select(CohortConsultant).where(
            CohortConsultant.cohort_id == cohort.id, CohortConsultant.user_id == consultant.id
        )
    ).first()


def remove_from_cohort(
    email: str | None, slug: str, municipalities: list[str], consultants: list[str]
) -> tuple[int, int]:
    """A coordinator takes municipalities (and consultants) out of a cohort; returns how many were in it."""
    removed = [0, 0]
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.MANAGE)
        cohort = _cohort(session, slug)
        for municipality_slug in municipalities:
            municipality = _member(session, municipality_slug)
            if municipality.cohort_id == cohort.id:
                municipality.cohort_id = None
                session.add(municipality)
                write_admin_audit(session, actor.email, "cohort_leave", municipality, cohort.slug)
                removed[0] += 1
        for consultant_email in consultants:
            consultant = _cohort_consultant(session, consultant_email)
            known = _membership(session, cohort, consultant)
            if known is not None:
                session.delete(known)
                write_admin_audit(
                    session, actor.email, "cohort_leave", None, f"{cohort.slug}: {consultant.email}"
                )
                removed[1] += 1
    return removed[0], removed[1]


def cohort_consultants(who: Who, slug: str) -> list[str]:
    """The e-mails of the cohort's consultants."""
    with unit_of_work() as session:
        require(resolve_actor(session, who), Permission.MANAGE)
        cohort = _cohort(session, slug)
        return list(
            session.exec(
                select(User.email)
                .join(CohortConsultant, col(CohortConsultant.user_id) == User.id)
                .where(CohortConsultant.cohort_id == cohort.id)
                .order_by(col(User.email))
            ).all()
        )


def authorise_cohort_run(email: Who, slug: str) -> Cohort:
    """Building or reporting a whole cohort is the programme's job."""
    with unit_of_work() as session:
        require(resolve_actor(session, email), Permission.RUN_COHORT)
        return _cohort(session, slug)


class CohortSummary(BaseModel):
    slug: str
    name: str
    starts: date
    ends: date


def list_cohorts(email: str | None) -> list[CohortSummary]:
    """Cohorts the actor works in: all for a coordinator, those with their municipalities for a consultant."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        cohorts = session.exec(select(Cohort).order_by(col(Cohort.starts).desc(), col(Cohort.slug))).all()
        if Role(actor.role) == Role.TEAM_MEMBER:
            raise PermissionDenied("cohort.refused")
        if Role(actor.role) == Role.CONSULTANT:
            theirs = {m.cohort_id for m in visible_municipalities(session, actor)}
            cohorts = [c for c in cohorts if c.id in theirs]
        return [CohortSummary.model_validate(c, from_attributes=True) for c in cohorts]


def newest_documents(who: Who, slug: str) -> list[tuple[str, bytes]]:
    """The newest exported Word document of each municipality in the cohort (file name, bytes)."""
    with unit_of_work() as session:
        require(resolve_actor(session, who), Permission.RUN_COHORT)
        cohort = _cohort(session, slug)
        newest = (
            select(RoadmapExport.municipality_id, func.max(RoadmapExport.number).label("number"))
            .join(Municipality, col(Municipality.id) == RoadmapExport.municipality_id)
            .where(Municipality.cohort_id == cohort.id)
            .group_by(col(RoadmapExport.municipality_id))
            .subquery()
        )
        rows = session.exec(
            select(Municipality.slug, RoadmapExport.number, RoadmapExport.lang, RoadmapExport.sha256)
            .join(
                newest,
                (newest.c.municipality_id == RoadmapExport.municipality_id)
                & (newest.c.number == RoadmapExport.number),
            )
            .join(Municipality, col(Municipality.id) == RoadmapExport.municipality_id)
            .order_by(col(Municipality.slug))
        ).all()
    store = file_store()
    names = [(export_file_name(m, n, lang), sha256) for m, n, lang, sha256 in rows]
    return [(name, store.get(sha256, name)) for name, sha256 in names]


def cohort_members(who: Who, slug: str) -> dict[str, str]:
    """The municipalities of a cohort, slug to name (for programme work: builds, reports)."""
    with unit_of_work() as session:
        require(resolve_actor(session, who), Permission.RUN_COHORT)
        cohort = _cohort(session, slug)
        rows = session.exec(
            select(Municipality.slug, Municipality.name)
            .where(Municipality.cohort_id == cohort.id)
            .order_by(col(Municipality.slug))
        ).all()
        return dict(rows)


# --- progress ------------------------------------------------------------------------


class Overdue(BaseModel):
    stage: Stage
    kind: str  # "schedule" (the stage is behind the cohort's plan), "review" or "answer"
    days: int


class CohortRow(BaseModel):
    slug: str
    name: str
    kind: str
    province: str
    stage: Stage | None  # the first stage not yet approved; None when every stage is approved
    status: Status | None
    waiting_on: str  # "team", "consultant" or "" (finished)
    since_days: int
    approved: int
    overdue: list[Overdue]
    exports: int
    # The release standing on its public page: number, when, and who published it (None: unpublished).
    published: int | None = None
    published_at: datetime | None = None
    published_by: str = ""
    shared: int = 0  # entries of the sharing log marked done (stage 6)
    # The civic-actor work: introductions logged, support applications, those awarded, and the value
    # of the support given (TL, from the support programme's ledger).
    introductions: int = 0
    applications: int = 0
    awarded: int = 0
    support_try: float = 0


class CohortStatus(BaseModel):
    slug: str
    name: str
    starts: date
    ends: date
    today: date
    consultants: list[str]
    rows: list[CohortRow]

    def by_stage(self) -> dict[str, int]:
        """How many municipalities are at each stage ('done' when all are approved)."""
        counts = Counter(row.stage.key if row.stage is not None else "done" for row in self.rows)
        return {key: counts.get(key, 0) for key in [*(s.key for s in Stage), "done"]}

    def overdue_rows(self) -> list[CohortRow]:
        return [row for row in self.rows if row.overdue]


def _days(since: datetime, today: date) -> int:
    moment = since if since.tzinfo else since.replace(tzinfo=UTC)
    return max(0, (today - moment.date()).days)


# Enum lookups by value (``Stage(n)`` costs a few microseconds, 2,800 times for a national cohort).
_STAGES = {int(stage): stage for stage in Stage}
_STATUSES = {status.value: status for status in Status}


def _row(
    due: dict[Stage, date],
    municipality: Municipality,
    current: Any,
    approved: int,
    exports: int,
    today: date,
) -> CohortRow:
    """One municipality's line; ``current`` is its first unapproved stage (stage, status, updated_at),
    ``due`` when each stage is due by the cohort's plan."""
    stage = _STAGES[current.stage] if current is not None else None
    status = _STATUSES[current.status] if current is not None else None
    since = _days(current.updated_at, today) if current is not None else 0
    overdue: list[Overdue] = []
    if stage is not None and due[stage] < today:  # behind the cohort's plan
        overdue.append(Overdue.model_construct(stage=stage, kind="schedule", days=(today - due[stage]).days))
    if status == Status.SUBMITTED and since > REVIEW_DAYS:
        assert stage is not None  # a status comes with its stage
        overdue.append(Overdue.model_construct(stage=stage, kind="review", days=since - REVIEW_DAYS))
    if status == Status.CHANGES_REQUESTED and since > ANSWER_DAYS:
        assert stage is not None
        overdue.append(Overdue.model_construct(stage=stage, kind="answer", days=since - ANSWER_DAYS))
    # Built from typed database values: skip re-validating 1,400 rows (model_construct).
    return CohortRow.model_construct(
        slug=municipality.slug,
        name=municipality.name,
        kind=municipality.kind,
        province=municipality.province,
        stage=stage,
        status=status,
        waiting_on="" if status is None else "consultant" if status == Status.SUBMITTED else "team",
        since_days=since,
        approved=approved,
        overdue=overdue,
        exports=exports,
    )


def _visible_members(session: Session, actor: User, cohort: Cohort) -> list[Municipality]:
    """The cohort's municipalities this person may see (team members see no cohort)."""
    if Role(actor.role) == Role.TEAM_MEMBER:
        raise NotFound("notfound.cohort", slug=cohort.slug)
    return visible_municipalities(session, actor, cohort.id)


def cohort_status(email: str | None, slug: str, today: date | None = None) -> CohortStatus:
    """Where every municipality of the cohort stands, who waits on whom, and what is overdue.

    Coordinators see the whole cohort, consultants the municipalities assigned to them. The status is
    kept until the next write to the database and shared between requests: read it, never change it.
    """
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        cohort = _cohort(session, slug)
        day = today or date.today()
        return kept(
            session,
            ("cohort_status", cohort.id, actor.id, actor.role, day),
            lambda: _status(session, cohort, _visible_members(session, actor, cohort), day),
        )


def cohort_progress(who: Who, slug: str, today: date | None = None) -> CohortStatus:
    """The whole cohort's status, for the programme's report."""
    with unit_of_work() as session:
        require(resolve_actor(session, who), Permission.RUN_COHORT)
        cohort = _cohort(session, slug)
        members = session.exec(
            select(Municipality).where(Municipality.cohort_id == cohort.id).order_by(col(Municipality.name))
        ).all()
        return _status(session, cohort, list(members), today or date.today())


def _shared(session: Session, cohort: Cohort) -> dict[int, int]:
    """How many times each municipality of the cohort has shared its roadmap (stage 6's log)."""
    rows = session.exec(
        select(StageRecord.municipality_id, StageRecord.data)
        .join(Municipality, col(Municipality.id) == StageRecord.municipality_id)
        .where(Municipality.cohort_id == cohort.id, StageRecord.stage == int(Stage.SHARE))
    ).all()
    return {mid: sum(1 for s in (data or {}).get("shares", []) if s.get("done")) for mid, data in rows}


def civic_counts(session: Session, cohort: Cohort) -> dict[int, tuple[int, int, int, float]]:
    """Per municipality of the cohort: introductions to civic actors, support applications, those awarded,
    and the value of the support given (one grouped query each)."""
    in_cohort = Municipality.cohort_id == cohort.id

    def grouped(table: Any, *where: Any, value: Any = None) -> dict[int, Any]:
        measure = func.count() if value is None else func.sum(value)
        query = (
            select(table.municipality_id, measure)
            .join(Municipality, col(Municipality.id) == table.municipality_id)
            .where(in_cohort, *where)
            .group_by(table.municipality_id)
        )
        return dict(session.exec(query).all())

    introductions = grouped(ActorIntroduction)
    applications = grouped(SupportApplication)
    awarded = grouped(SupportApplication, SupportApplication.status == "awarded")
    given = grouped(SupportAward, value=SupportAward.value_try)
    ids = set(introductions) | set(applications) | set(given)
    return {
        i: (introductions.get(i, 0), applications.get(i, 0), awarded.get(i, 0), float(given.get(i) or 0))
        for i in ids
    }


def _status(session: Session, cohort: Cohort, members: list[Municipality], today: date) -> CohortStatus:
    """Asks the database for each municipality's first unapproved stage and its count of approved
    ones (no stage content, one row per municipality), so it stays quick for 1,400 municipalities."""
    in_cohort = Municipality.cohort_id == cohort.id
    joined = (Municipality, col(Municipality.id) == StageRecord.municipality_id)
    first_open = (
        select(StageRecord.municipality_id, func.min(StageRecord.stage).label("stage"))
        .join(*joined)
        .where(in_cohort, StageRecord.status != Status.APPROVED.value)
        .group_by(col(StageRecord.municipality_id))
        .subquery()
    )
    current = {
        row[0]: row  # keyed by municipality_id
        for row in session.exec(
            select(
                StageRecord.municipality_id, StageRecord.stage, StageRecord.status, StageRecord.updated_at
            ).join(
                first_open,
                (first_open.c.municipality_id == StageRecord.municipality_id)
                & (first_open.c.stage == StageRecord.stage),
            )
        )
    }
    approved = dict(
        session.exec(
            select(StageRecord.municipality_id, func.count())
            .join(*joined)
            .where(in_cohort, StageRecord.status == Status.APPROVED.value)
            .group_by(col(StageRecord.municipality_id))
        ).all()
    )
    exports = Counter(
        session.exec(
            select(RoadmapExport.municipality_id)
            .join(Municipality, col(Municipality.id) == RoadmapExport.municipality_id)
            .where(in_cohort)
        ).all()
    )
    consultants = session.exec(
        select(User.email)
        .join(CohortConsultant, col(CohortConsultant.user_id) == User.id)
        .where(CohortConsultant.cohort_id == cohort.id)
        .order_by(col(User.email))
    ).all()
    releases = latest_releases(session, [m.id for m in members if m.id is not None])
    shared = _shared(session, cohort)
    civic = civic_counts(session, cohort)
    due = {stage: stage_due(cohort.starts, cohort.ends, stage) for stage in Stage}
    rows = []
    for m in members:
        assert m.id is not None  # members are stored municipalities
        row = _row(due, m, current.get(m.id), approved.get(m.id, 0), exports[m.id], today)
        row.shared = shared.get(m.id, 0)
        row.introductions, row.applications, row.awarded, row.support_try = civic.get(m.id, (0, 0, 0, 0.0))
        if m.id in releases:
            row.published, row.published_at, row.published_by = releases[m.id]
        rows.append(row)
    return CohortStatus(
        slug=cohort.slug,
        name=cohort.name,
        starts=cohort.starts,
        ends=cohort.ends,
        today=today,
        consultants=list(consultants),
        rows=rows,
    )
