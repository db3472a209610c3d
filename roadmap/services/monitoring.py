"""Monitoring an approved roadmap: check-ins per action and quarter, a consultant's verification of
a "complete", and progress computed from the approved (and amended) plan.

A roadmap is monitored once stage 5 is approved. The approved plan stays the baseline; approved
amendments (``roadmap.services.amendments``) change the plan that progress is read against.
"""

from __future__ import annotations

import mimetypes
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlmodel import Session, col, select

from roadmap.analysis.progress import ProgressReport, current_period, progress_report_of
from roadmap.domain.amendments import AmendmentChange, amended_plan
from roadmap.domain.content import Consultations, RoadmapAction, RoadmapPlan
from roadmap.domain.monitoring import (
    CheckinInput,
    CheckinStatus,
    Evidence,
    EvidenceKind,
    Period,
    ProgressWeights,
    Verification,
    checkin_problems,
    indicator_address,
    periods_of,
    planned_in,
)
from roadmap.domain.permissions import Permission
from roadmap.domain.stages import Role, Stage, Status
from roadmap.errors import (
    InvalidInput,
    NotFound,
    PermissionDenied,
    StaleVersion,
    TransitionRefused,
    field_problems,
)
from roadmap.imports.files import MAX_BYTES
from roadmap.services.access import Who, actor_and_municipality, can
from roadmap.services.support import people_names
from roadmap.store.db import unit_of_work
from roadmap.store.files import file_store, keep
from roadmap.store.repository import load_content, stage_records
from roadmap.store.tables import (
    AuditRecord,
    ConsultantAssignment,
    MonitoringCheckin,
    MonitoringRules,
    Municipality,
    Notification,
    PlanAmendment,
    StoredFile,
    User,
    utcnow,
)

DEFAULT_RULES = MonitoringRules(cohort_id=0)
PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp", "image/heic"}


class Monitored(BaseModel):
    """An approved roadmap under monitoring, read in one transaction."""

    municipality_id: int
    slug: str
    name: str
    baseline: RoadmapPlan  # the plan as approved
    plan: RoadmapPlan  # with the approved amendments applied
    grace_days: int
    remind_before_days: int
    weights: ProgressWeights

    def action(self, code: str) -> tuple[str, RoadmapAction]:
        """The action with code "1.2" (or its id), as amended."""
        codes = self.plan.codes()
        if code in codes:
            return code, codes[code]
        by_id = self.plan.action_codes()
        if code in by_id:
            return by_id[code], codes[by_id[code]]
        raise NotFound("monitoring.unknown_action", action=code, known=", ".join(codes))

    def period(self, text: str) -> Period:
        period = Period.parse(text)
        periods = periods_of(self.plan)
        if period not in periods:
            raise InvalidInput(
                "monitoring.period_outside",
                period=period.label,
                first=periods[0].label if periods else "-",
                last=periods[-1].label if periods else "-",
            )
        return period


def rules_of(session: Session, municipality: Municipality) -> MonitoringRules:
    """The cohort's monitoring rules (the defaults outside a cohort or before the programme sets any)."""
    if municipality.cohort_id is None:
        return DEFAULT_RULES
    return session.get(MonitoringRules, municipality.cohort_id) or DEFAULT_RULES


def approved_changes(session: Session, municipality_id: int) -> dict[str, list[AmendmentChange]]:
    rows = session.exec(
        select(PlanAmendment)
        .where(PlanAmendment.municipality_id == municipality_id, PlanAmendment.state == "approved")
        .order_by(col(PlanAmendment.number))
    ).all()
    found: dict[str, list[AmendmentChange]] = {}
    for row in rows:
        found.setdefault(row.action_id, []).append(AmendmentChange.model_validate(row.changes))
    return found


def monitored(session: Session, municipality: Municipality) -> Monitored:
    """The municipality's roadmap under monitoring; refused until stage 5 is approved."""
    record = stage_records(session, municipality)[Stage.ROADMAP]
    if record.status != Status.APPROVED.value:
        raise TransitionRefused("monitoring.not_approved", name=municipality.name)
    baseline = load_content(session, record)
    assert isinstance(baseline, RoadmapPlan) and municipality.id is not None
    rules = rules_of(session, municipality)
    return Monitored(
        municipality_id=municipality.id,
        slug=municipality.slug,
        name=municipality.name,
        baseline=baseline,
        plan=amended_plan(baseline, approved_changes(session, municipality.id)),
        grace_days=rules.grace_days,
        remind_before_days=rules.remind_before_days,
        weights=ProgressWeights(actions="budget" if rules.weighting == "budget" else "equal"),
    )


def checkins_of(session: Session, municipality_id: int) -> list[MonitoringCheckin]:
    return list(
        session.exec(
            select(MonitoringCheckin)
            .where(MonitoringCheckin.municipality_id == municipality_id)
            .order_by(col(MonitoringCheckin.period), col(MonitoringCheckin.id))
        ).all()
    )


def audit(session: Session, actor: User, municipality_id: int, action: str, comment: str) -> None:
    session.add(
        AuditRecord(
            actor=actor.email,
            municipality_id=municipality_id,
            stage=int(Stage.ROADMAP),
            action=action,
            comment=comment[:4000],
        )
    )


def notify(
    session: Session,
    actor: User | None,
    municipality: Municipality,
    people: list[User],
    kind: str,
    **params: Any,
) -> int:
    """A monitoring notice to each of ``people`` (never to the one who caused it), through the outbox."""
    link = params.pop("link", f"/m/{municipality.slug}/monitoring")
    written = 0
    for person in people:
        if actor is not None and person.email == actor.email:
            continue
        session.add(
            Notification(
                recipient=person.email,
                kind=kind,
                params={"municipality": municipality.name, **params},
                municipality_id=municipality.id,
                link=link,
            )
        )
        written += 1
    return written


def consultants_of(session: Session, municipality: Municipality) -> list[User]:
    return list(
        session.exec(
            select(User)
            .join(ConsultantAssignment, col(ConsultantAssignment.user_id) == col(User.id))
            .where(ConsultantAssignment.municipality_id == municipality.id)
        ).all()
    )


def team_of(session: Session, municipality: Municipality) -> list[User]:
    return list(
        session.exec(
            select(User).where(User.municipality_id == municipality.id, User.role == Role.TEAM_MEMBER.value)
        ).all()
    )


# --- recording a check-in ---------------------------------------------------------------------------


class EvidenceUpload(BaseModel):
    """A file given as evidence: kept in the file store, linked by its hash."""

    name: str
    data: bytes


def _stored_evidence(session: Session, actor: User, uploads: list[EvidenceUpload]) -> list[Evidence]:
    kept = []
    for upload in uploads:
        if len(upload.data) > MAX_BYTES:
            raise InvalidInput("input.too_big", path=upload.name, limit=MAX_BYTES // 1024 // 1024)
        if not upload.data:
            raise InvalidInput("monitoring.evidence_empty", name=upload.name)
        media = mimetypes.guess_type(upload.name)[0] or "application/octet-stream"
        sha256 = keep(session, upload.data, media, actor.email)
        kind = EvidenceKind.PHOTO if media in PHOTO_TYPES else EvidenceKind.FILE
        kept.append(Evidence(kind=kind, ref=sha256, name=upload.name[-200:]))
    return kept


def _named_meetings(session: Session, municipality: Municipality, evidence: list[Evidence]) -> list[Evidence]:
    """A meeting record given by a stage 4 meeting's code, number or title is linked to that meeting
    (its id, its title); any other is kept as written (a meeting held after the programme)."""
    if not any(e.kind == EvidenceKind.MEETING for e in evidence):
        return evidence
    consultations = load_content(session, stage_records(session, municipality)[Stage.CONSULTATIONS])
    assert isinstance(consultations, Consultations)
    for item in evidence:
        meeting = consultations.find(item.ref) if item.kind == EvidenceKind.MEETING else None
        if meeting is not None:
            item.ref, item.name = meeting.id, item.name or meeting.title
    return evidence


def _actuals_by_id(code: str, action: RoadmapAction, given: dict[str, float]) -> dict[str, float]:
    """Indicator values keyed by id, whether given by id or as ``ACTION.N`` ("1.1.1")."""
    ids = {indicator.id for indicator in action.indicators}
    return {
        key if key in ids else indicator_address(code, action, key).id: value for key, value in given.items()
    }


class CheckinView(BaseModel):
    action_code: str
    period: str
    status: CheckinStatus
    late: bool
    verification: Verification
    version: int
    evidence: int


def _row_view(code: str, row: MonitoringCheckin) -> CheckinView:
    return CheckinView(
        action_code=code,
        period=row.period,
        status=CheckinStatus(row.status),
        late=row.late,
        verification=Verification(row.verification),
        version=row.version,
        evidence=len(row.evidence),
    )


def record_checkin(
    email: Who,
    slug: str,
    action_code: str,
    period: str,
    given: dict[str, Any],
    uploads: list[EvidenceUpload] | None = None,
    expected_version: int | None = None,
    source: str = "cli",
    today: date | None = None,
) -> CheckinView:
    """Record (or correct) one action's check-in for one quarter. ``given`` holds a
    :class:`CheckinInput`'s fields; indicator values may be keyed ``ACTION.N``. A check-in recorded
    after the period's deadline is late, and stays so."""
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        if not can(session, actor, Permission.EDIT, municipality):
            raise PermissionDenied("refused.unauthorised", who=actor.email)
        state = monitored(session, municipality)
        return store_checkin(
            session, actor, municipality, state, action_code, period, given, uploads or [], expected_version, source,
            today or date.today(),
        )  # fmt: skip


def store_checkin(
    session: Session,
    actor: User,
    municipality: Municipality,
    state: Monitored,
    action_code: str,
    period: str,
    given: dict[str, Any],
    uploads: list[EvidenceUpload],
    expected_version: int | None,
    source: str,
    today: date,
) -> CheckinView:
    """One check-in checked and written inside the caller's transaction (the caller asked the gate)."""
    code, action = state.action(action_code)
    quarter = state.period(period)
    try:
        checkin = CheckinInput.model_validate(given)
    except ValidationError as error:
        raise InvalidInput(
            "monitoring.invalid", field_problems(error), action=code, period=quarter.label
        ) from None
    checkin.actuals = _actuals_by_id(code, action, checkin.actuals)
    checkin.evidence = [
        *_named_meetings(session, municipality, checkin.evidence),
        *_stored_evidence(session, actor, uploads),
    ]
    problems = checkin_problems(checkin, action)
    if problems:
        raise InvalidInput("monitoring.refused", problems, action=code, period=quarter.label)
    row = session.exec(
        select(MonitoringCheckin).where(
            MonitoringCheckin.municipality_id == municipality.id,
            MonitoringCheckin.action_id == action.id,
            MonitoringCheckin.period == quarter.label,
        )
    ).first()
    if row is not None and expected_version is not None and row.version != expected_version:
        raise StaleVersion("refused.stale", given=expected_version, current=row.version)
    if row is None:
        row = MonitoringCheckin(
            municipality_id=state.municipality_id,
            action_id=action.id,
            period=quarter.label,
            status=checkin.status.value,
            recorded_by=actor.email,
            late=today > quarter.deadline(state.grace_days),
            version=0,
        )
    row.status, row.reason = checkin.status.value, checkin.reason
    row.actuals, row.done, row.delays = checkin.actuals, checkin.done, checkin.delays
    row.evidence = [e.model_dump(mode="json") for e in checkin.evidence]
    row.recorded_at, row.recorded_by, row.source = utcnow(), actor.email, source
    complete = checkin.status == CheckinStatus.COMPLETE
    row.verification = Verification.PENDING.value if complete else Verification.NONE.value
    row.verified_by, row.verified_at, row.version = "", None, row.version + 1
    session.add(row)
    audit(session, actor, state.municipality_id, "checkin", f"{code} {quarter.label}: {checkin.status.value}")
    if complete:
        notify(
            session,
            actor,
            municipality,
            consultants_of(session, municipality),
            "checkin_complete",
            action=code,
            title=action.title,
            period=quarter.label,
            who=actor.name or actor.email,
            link=f"/m/{state.slug}/monitoring/{code}",
        )
    session.flush()
    return _row_view(code, row)


def verify_checkin(
    email: Who, slug: str, action_code: str, period: str, verified: bool, comment: str = ""
) -> CheckinView:
    """A consultant verifies a "complete" check-in, or sends it back with a comment (as in stage review)."""
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        if not can(session, actor, Permission.REVIEW, municipality):
            raise PermissionDenied("refused.unauthorised", who=actor.email)
        state = monitored(session, municipality)
        code, action = state.action(action_code)
        quarter = state.period(period)
        row = session.exec(
            select(MonitoringCheckin).where(
                MonitoringCheckin.municipality_id == municipality.id,
                MonitoringCheckin.action_id == action.id,
                MonitoringCheckin.period == quarter.label,
            )
        ).first()
        if row is None or row.verification != Verification.PENDING.value:
            raise TransitionRefused("monitoring.nothing_to_verify", action=code, period=quarter.label)
        if not verified and len(comment.strip()) < 3:
            raise TransitionRefused("monitoring.return_needs_comment")
        outcome = Verification.VERIFIED if verified else Verification.RETURNED
        row.verification, row.verified_by, row.verified_at = outcome.value, actor.email, utcnow()
        row.verification_comment, row.version = comment.strip()[:4000], row.version + 1
        session.add(row)
        audit(
            session,
            actor,
            state.municipality_id,
            f"checkin_{outcome.value}",
            f"{code} {quarter.label}: {comment}",
        )
        notify(
            session,
            actor,
            municipality,
            team_of(session, municipality),
            f"checkin_{outcome.value}",
            action=code,
            title=action.title,
            period=quarter.label,
            who=actor.name or actor.email,
            text=comment.strip()[:1000],
            link=f"/m/{slug}/monitoring/{code}",
        )
        session.flush()
        return _row_view(code, row)


def evidence_file(email: Who, slug: str, sha256: str) -> tuple[bytes, str, str]:
    """A stored evidence file of this municipality's check-ins: its bytes, name and media type."""
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        assert municipality.id is not None
        for row in checkins_of(session, municipality.id):
            for item in row.evidence:
                if item.get("ref") == sha256 and item.get("kind") in ("file", "photo"):
                    stored = session.get(StoredFile, sha256)
                    media = stored.media_type if stored else "application/octet-stream"
                    return file_store().get(sha256, item.get("name", "")), item.get("name", sha256), media
        raise NotFound("monitoring.no_evidence")


# --- progress ------------------------------------------------------------------------------------------


def roadmap_progress(
    email: Who, slug: str, period: str | None = None, today: date | None = None
) -> ProgressReport:
    """Each action's status, indicators (baseline → actual → target, with progress), evidence and
    lateness as of ``period`` (today's quarter if not given), with goal and roadmap progress."""
    today = today or date.today()
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        state = monitored(session, municipality)
        quarter = state.period(period) if period else current_period(state.plan, today)
        return progress_report_of(state, checkins_of(session, state.municipality_id), quarter, today)


def monitoring_open(email: Who, slug: str) -> bool:
    """Whether the municipality's roadmap is approved, so that monitoring is open (for its pages)."""
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        return stage_records(session, municipality)[Stage.ROADMAP].status == Status.APPROVED.value


class CheckinRecord(BaseModel):
    """One stored check-in as the action's page shows it."""

    period: str
    status: CheckinStatus
    reason: str
    actuals: dict[str, float]  # by indicator code, "1.1.1"
    done: str
    delays: str
    evidence: list[Evidence]
    recorded_by: str
    recorded_by_name: str = ""  # the person's name, as the page shows it
    recorded_at: datetime
    late: bool
    verification: Verification
    verified_by: str
    verification_comment: str
    version: int


class ActionMonitoring(BaseModel):
    """Everything the action's monitoring page shows, and what the person may do there."""

    slug: str
    name: str
    code: str
    goal: str
    action: RoadmapAction  # as amended
    approved: RoadmapAction  # as approved: the baseline
    periods: list[str]
    planned: list[str]  # the periods the plan has it running in
    current: str  # the period a new check-in is for by default
    deadlines: dict[str, date]
    checkins: list[CheckinRecord]  # oldest first
    may_check_in: bool
    may_verify: bool


def action_monitoring(email: Who, slug: str, action_code: str, today: date | None = None) -> ActionMonitoring:
    """One action under monitoring: the plan (approved and amended), its check-ins, and the person's rights."""
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        state = monitored(session, municipality)
        code, action = state.action(action_code)
        approved = {a.id: a for _, a in state.baseline.actions()}[action.id]
        goal = next(g for g in state.plan.goals if any(a.id == action.id for a in g.actions))
        periods = periods_of(state.plan)
        addresses = {i.id: f"{code}.{n}" for n, i in enumerate(action.indicators, start=1)}
        rows = [r for r in checkins_of(session, state.municipality_id) if r.action_id == action.id]
        names = people_names(session, {r.recorded_by for r in rows})
        return ActionMonitoring(
            slug=slug,
            name=municipality.name,
            code=code,
            goal=goal.title,
            action=action,
            approved=approved,
            periods=[p.label for p in periods],
            planned=[p.label for p in periods if planned_in(state.plan, action, p)],
            current=current_period(state.plan, today or date.today()).label,
            deadlines={p.label: p.deadline(state.grace_days) for p in periods},
            checkins=[
                CheckinRecord(
                    period=r.period,
                    status=CheckinStatus(r.status),
                    reason=r.reason,
                    actuals={addresses.get(k, k): float(v) for k, v in r.actuals.items()},
                    done=r.done,
                    delays=r.delays,
                    evidence=[Evidence.model_validate(e) for e in r.evidence],
                    recorded_by=r.recorded_by,
                    recorded_by_name=names.get(r.recorded_by, r.recorded_by),
                    recorded_at=r.recorded_at,
                    late=r.late,
                    verification=Verification(r.verification),
                    verified_by=r.verified_by,
                    verification_comment=r.verification_comment,
                    version=r.version,
                )
                for r in rows
            ],
            may_check_in=can(session, actor, Permission.EDIT, municipality),
            may_verify=can(session, actor, Permission.REVIEW, municipality),
        )


def monitored_plan(email: Who, slug: str) -> RoadmapPlan:
    """The plan under monitoring: the approved plan with its approved amendments applied."""
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        return monitored(session, municipality).plan
