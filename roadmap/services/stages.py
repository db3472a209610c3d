"""Stage use cases: show, update, submit, review, reopen, override, status."""

from __future__ import annotations

from typing import Any, cast

from pydantic import BaseModel
from sqlalchemy import func, update
from sqlmodel import Session, col, select

from roadmap.domain.checklist import Finding, counts
from roadmap.domain.content import (
    Consultations,
    Content,
    RoadmapData,
    RoadmapPlan,
    link_inputs_by_id,
    parse_content,
)
from roadmap.domain.permissions import Permission
from roadmap.domain.stages import Action, Role, Stage, Status
from roadmap.domain.validation import Problem, ProgrammeRules, blocking, validate_stage
from roadmap.domain.workflow import dependants, is_open, next_status, require_editable, role_refusal
from roadmap.errors import InvalidInput, PermissionDenied, StaleVersion, TransitionRefused
from roadmap.i18n import msg
from roadmap.services.access import actor_and_municipality, can
from roadmap.services.checks import checklist
from roadmap.services.notifications import notify_stage
from roadmap.services.snapshots import current_records, snapshot
from roadmap.store.db import unit_of_work
from roadmap.store.repository import load_content, roadmap_data, stage_records, store_content
from roadmap.store.tables import (
    AuditRecord,
    Municipality,
    ReviewComment,
    StageRecord,
    StageVersion,
    User,
    utcnow,
)


class StageView(BaseModel):
    slug: str
    stage: Stage
    status: Status
    version: int
    content: dict[str, Any]
    updated_by: str = ""  # who saved it last


class StageStatus(BaseModel):
    stage: Stage
    status: Status
    open: bool
    version: int
    submissions: int
    needs_recheck: bool
    problems: list[Problem]
    waivers: dict[str, str] = {}
    open_comments: int = 0
    next_step: str


class StatusReport(BaseModel):
    slug: str
    name: str
    stages: list[StageStatus]
    team_hours: float
    hours_target: float
    checks: list[Finding] = []  # the checklist: every stage's gate and the chain checks, resolved or not

    def check_counts(self, stage: Stage | None = None) -> dict[str, int]:
        return counts([f for f in self.checks if stage is None or f.stage == stage])

    def checks_of(self, stage: Stage) -> list[Finding]:
        return [f for f in self.checks if f.stage == stage]

    def waiting(self) -> list[StageStatus]:
        return [s for s in self.stages if s.status != Status.APPROVED]


def write_audit(
    session: Session,
    actor: User,
    municipality: Municipality,
    stage: Stage,
    action: Action,
    before: Status,
    after: Status,
    version: int,
    comment: str = "",
) -> None:
    session.add(
        AuditRecord(
            actor=actor.email,
            municipality_id=municipality.id,
            stage=int(stage),
            action=action.value,
            from_status=before.value,
            to_status=after.value,
            version=version,
            comment=comment,
        )
    )


def write_version(session: Session, record: StageRecord, expected: int, actor: User, **values: Any) -> int:
    """Write ``values`` only if the record is still at version ``expected``; returns the new version."""
    result = session.exec(
        update(StageRecord)
        .where(col(StageRecord.id) == record.id, col(StageRecord.version) == expected)
        .values(version=expected + 1, updated_at=utcnow(), updated_by=actor.email, **values)
    )
    if result.rowcount != 1:
        session.refresh(record)
        raise StaleVersion("refused.stale", given=expected, current=record.version)
    session.refresh(record)
    return expected + 1


def show_stage(email: str | None, slug: str, stage: Stage) -> StageView:
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        record = stage_records(session, municipality)[stage]
        content = load_content(session, record).model_dump(mode="json")
        return StageView(
            slug=slug,
            stage=stage,
            status=Status(record.status),
            version=record.version,
            content=content,
            updated_by=record.updated_by or "",
        )


def update_stage(
    email: str | None,
    slug: str,
    stage: Stage,
    raw: dict[str, Any],
    expected_version: int,
    source: str = "-",
) -> int:
    """Replace a stage's content; refused if the stage moved on since ``expected_version``."""
    content = parse_content(stage, raw, source)
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        record = stage_records(session, municipality)[stage]
        return save_content(session, actor, municipality, record, content, expected_version)


def editable_record(session: Session, actor: User, municipality: Municipality, stage: Stage) -> StageRecord:
    """The stage's record, if this actor may change its content now.

    A team works on a stage once it is open (the one before approved, or opened early by its
    consultant); the programme may prepare a later stage's content (examples, restores, prefills).
    """
    if not can(session, actor, Permission.EDIT, municipality):
        raise PermissionDenied("refused.unauthorised", who=actor.email)
    records = stage_records(session, municipality)
    record = records[stage]
    require_editable(Status(record.status))
    if Role(actor.role) == Role.TEAM_MEMBER:
        statuses = {s: Status(r.status) for s, r in records.items()}
        if not is_open(stage, statuses, record.opened_early):
            assert stage.previous is not None  # the first stage is always open
            raise TransitionRefused("refused.locked", previous=msg(f"stage.{stage.previous.key}"))
    return record


def save_content(
    session: Session,
    actor: User,
    municipality: Municipality,
    record: StageRecord,
    content: Content,
    expected_version: int,
    comment: str = "",
) -> int:
    """Store new content for an editable stage, version-checked and audited; returns the new version."""
    stage = Stage(record.stage)
    editable_record(session, actor, municipality, stage)
    if record.version != expected_version:
        raise StaleVersion("refused.stale", given=expected_version, current=record.version)
    status = Status(record.status)
    if isinstance(content, Consultations):  # inputs are kept linked to actions by id, never by code
        plan = cast(RoadmapPlan, load_content(session, stage_records(session, municipality)[Stage.ROADMAP]))
        link_inputs_by_id(content, plan)
    data = store_content(session, record, content)
    version = write_version(session, record, expected_version, actor, data=data)
    write_audit(session, actor, municipality, stage, Action.UPDATE, status, status, version, comment)
    return version


def submit_stage(email: str | None, slug: str, stage: Stage, comment: str = "") -> int:
    """Freeze the stage as a numbered submission for review; returns the submission number."""
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        records = stage_records(session, municipality)
        record = records[stage]
        status = Status(record.status)
        target = next_status(Action.SUBMIT, status, Role(actor.role), comment)
        statuses = {s: Status(r.status) for s, r in records.items()}
        if not is_open(stage, statuses, record.opened_early):
            assert stage.previous is not None  # the first stage is always open
            previous = msg(f"stage.{stage.previous.key}")
            raise TransitionRefused("refused.locked", previous=previous)
        data = roadmap_data(session, municipality, records)
        content = data.content(stage)
        problems: list[Problem | Finding] = list(
            blocking(validate_stage(stage, content, data), set(record.waivers))
        )
        # The checklist's blocking points that hold up this stage (an input left unanswered, a minor named)
        chain = checklist(session, municipality, records, data)
        problems += [f for f in chain if f.family == "check" and f.gates == stage and f.blocks]
        if problems:
            raise TransitionRefused("refused.invalid", problems)
        number = record.submissions + 1
        assert record.id is not None  # stage_records flushes new records
        session.add(
            StageVersion(
                stage_record_id=record.id,
                number=number,
                data=content.model_dump(mode="json"),
                submitted_by=actor.email,
            )
        )
        version = write_version(
            session,
            record,
            record.version,
            actor,
            status=target,
            submissions=number,
            needs_recheck=False,
        )
        write_audit(session, actor, municipality, stage, Action.SUBMIT, status, target, version, comment)
        notify_stage(session, actor, municipality, stage, "submitted", comment)  # the consultant's move now
        return number


def review_stage(email: str | None, slug: str, stage: Stage, approve: bool, comment: str = "") -> Status:
    """A consultant approves a submitted stage or sends it back with a comment."""
    action = Action.APPROVE if approve else Action.REQUEST_CHANGES
    return _transition(email, slug, stage, action, comment)


def reopen_stage(email: str | None, slug: str, stage: Stage, reason: str) -> Status:
    """Back to draft; the stages built on it are flagged for a re-check."""
    return _transition(email, slug, stage, Action.REOPEN, reason)


def override_stage(email: str | None, slug: str, stage: Stage, target: Status, reason: str) -> Status:
    """The coordinator's audited escape hatch: any status to any other."""
    return _transition(email, slug, stage, Action.OVERRIDE, reason, target)


def _transition(
    email: str | None,
    slug: str,
    stage: Stage,
    action: Action,
    comment: str,
    target: Status | None = None,
) -> Status:
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        records = stage_records(session, municipality)
        record = records[stage]
        status = Status(record.status)
        new_status = next_status(action, status, Role(actor.role), comment, target)
        version = write_version(session, record, record.version, actor, status=new_status)
        if action == Action.REOPEN:
            for later in dependants(stage):
                if Status(records[later].status) != Status.DRAFT or records[later].data:
                    write_version(session, records[later], records[later].version, actor, needs_recheck=True)
        write_audit(session, actor, municipality, stage, action, status, new_status, version, comment)
        if action in (Action.REQUEST_CHANGES, Action.APPROVE):  # the team's move now
            notify_stage(session, actor, municipality, stage, action.value.replace("request_", ""), comment)
        return new_status


def _require_reviewer(session: Session, actor: User, municipality: Municipality, action: Action) -> None:
    """The municipality's consultant, or the programme."""
    if not can(session, actor, Permission.REVIEW, municipality):
        raise PermissionDenied(role_refusal(action, actor.role, {Role.CONSULTANT, Role.COORDINATOR}))


def open_stage_early(email: str | None, slug: str, stage: Stage, comment: str = "") -> None:
    """A consultant lets the team submit a stage before the previous one is approved."""
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        _require_reviewer(session, actor, municipality, Action.OPEN_EARLY)
        record = stage_records(session, municipality)[stage]
        status = Status(record.status)
        version = write_version(session, record, record.version, actor, opened_early=True)
        write_audit(session, actor, municipality, stage, Action.OPEN_EARLY, status, status, version, comment)


def waive_requirement(email: str | None, slug: str, stage: Stage, key: str, comment: str) -> None:
    """A consultant lets a stage be submitted without one requirement, saying why (audited)."""
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        _require_reviewer(session, actor, municipality, Action.WAIVE)
        if not comment.strip():
            raise TransitionRefused("refused.comment_required", action=msg("action.waive"))
        records = stage_records(session, municipality)
        record = records[stage]
        data = roadmap_data(session, municipality, records)
        points = checklist(session, municipality, records, data)
        known = {f.key for f in points if f.stage == stage} | set(record.waivers)
        if key not in known:
            raise InvalidInput("refused.waive_unknown", key=key, known=", ".join(sorted(known)) or "—")
        status = Status(record.status)
        version = write_version(
            session, record, record.version, actor, waivers={**record.waivers, key: comment}
        )
        write_audit(
            session, actor, municipality, stage, Action.WAIVE, status, status, version, f"{key}: {comment}"
        )


def _next_step(status: Status, open_: bool) -> str:
    if status == Status.APPROVED:
        return "next.none"
    if not open_:
        return "next.waiting"
    return {
        Status.DRAFT: "next.team",
        Status.CHANGES_REQUESTED: "next.team_changes",
        Status.SUBMITTED: "next.consultant",
    }[status]


def status_report(email: str | None, slug: str, rules: ProgrammeRules | None = None) -> StatusReport:
    """Every stage with its status, what is missing and whose move it is."""
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        if rules is None or rules == ProgrammeRules():  # the pages' question: its answer is kept per version
            records = current_records(session, municipality)
            kept = snapshot(session, municipality, records)
            return assemble_report(session, municipality, records, kept.data, kept.problems, kept.checks)
        return build_report(session, municipality, rules)


def build_report(
    session: Session, municipality: Municipality, rules: ProgrammeRules, data: RoadmapData | None = None
) -> StatusReport:
    records = stage_records(session, municipality)
    data = data or roadmap_data(session, municipality, records)
    problems = {
        stage: []
        if Status(record.status) == Status.APPROVED
        else validate_stage(stage, data.content(stage), data, rules)
        for stage, record in records.items()
    }
    checks = checklist(session, municipality, records, data, rules)
    return assemble_report(session, municipality, records, data, problems, checks, rules)


def assemble_report(
    session: Session,
    municipality: Municipality,
    records: dict[Stage, StageRecord],
    data: RoadmapData,
    problems: dict[Stage, list[Problem]],
    checks: list[Finding],
    rules: ProgrammeRules | None = None,
    open_comments: dict[int, int] | None = None,
) -> StatusReport:
    """The report from each stage's problems and the checklist, with the open comments counted now
    (unless the caller has counted them: stage -> open threads)."""
    rules = rules or ProgrammeRules()
    open_comments = (
        open_comments
        if open_comments is not None
        else dict(
            session.exec(
                select(ReviewComment.stage, func.count())
                .where(
                    ReviewComment.municipality_id == municipality.id,
                    col(ReviewComment.parent_id).is_(None),
                    col(ReviewComment.resolved).is_(False),
                )
                .group_by(col(ReviewComment.stage))
            ).all()
        )
    )
    rows = []
    for stage, record in sorted(records.items()):
        status = Status(record.status)
        open_ = is_open(stage, data.statuses, record.opened_early)
        rows.append(
            StageStatus(
                stage=stage,
                status=status,
                open=open_,
                version=record.version,
                submissions=record.submissions,
                needs_recheck=record.needs_recheck,
                problems=problems[stage],
                waivers=dict(record.waivers),
                open_comments=open_comments.get(int(stage), 0),
                next_step=_next_step(status, open_),
            )
        )
    return StatusReport(
        slug=municipality.slug,
        name=municipality.name,
        stages=rows,
        team_hours=data.team.total_hours(),
        hours_target=rules.hours_target,
        checks=checks,
    )


def audit_trail(email: str | None, slug: str) -> list[AuditRecord]:
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        return list(
            session.exec(
                select(AuditRecord)
                .where(AuditRecord.municipality_id == municipality.id)
                .order_by(col(AuditRecord.id))
            ).all()
        )
