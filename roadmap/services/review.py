"""Consultant review: comment threads, the review queue, and what changed between versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, col, select

from roadmap.domain.checklist import counts
from roadmap.domain.content import records_in
from roadmap.domain.diff import StageChanges, change_messages, record_changes
from roadmap.domain.safe_text import checked_text
from roadmap.domain.stages import Role, Stage, Status
from roadmap.errors import NotFound, PermissionDenied, TransitionRefused
from roadmap.i18n import Message
from roadmap.services.access import (
    actor_and_municipality,
    resolve_actor,
    visible_municipalities,
    visible_municipality,
)
from roadmap.services.checks import checklist
from roadmap.services.notifications import notify_comment
from roadmap.store.db import unit_of_work
from roadmap.store.repository import load_content, stage_records
from roadmap.store.tables import Municipality, ReviewComment, StageRecord, StageVersion, User


class CommentView(BaseModel):
    id: int
    stage: Stage
    field: str
    record_id: str = ""  # the record it is about, if any (a Word comment anchors to its line)
    author: str
    author_name: str
    created_at: datetime
    text: str
    resolved: bool
    source: str
    replies: list[CommentView] = []


def _view(comment: ReviewComment, replies: list[ReviewComment]) -> CommentView:
    return CommentView(
        id=comment.id,
        stage=Stage(comment.stage),
        field=comment.field,
        record_id=comment.record_id,
        author=comment.author,
        author_name=comment.author_name,
        created_at=comment.created_at,
        text=comment.text,
        resolved=comment.resolved,
        source=comment.source,
        replies=[_view(r, []) for r in replies],
    )


def add_comment(
    email: str | None, slug: str, stage: Stage, text: str, field: str = "", record_id: str = ""
) -> int:
    """A comment on a stage as a whole, one of its fields or document sections, or one record in it
    (``record_id``: a team member, a stakeholder, an input, an action, …)."""
    if not text.strip():
        raise TransitionRefused("review.empty")
    text, field = checked_text(text, "text", 4000), checked_text(field, "field")
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        if record_id:
            content = load_content(session, stage_records(session, municipality)[stage])
            if record_id not in {r.id for r in records_in(content)}:
                raise NotFound("review.no_record", id=record_id)
        assert municipality.id is not None  # a stored municipality
        comment = ReviewComment(
            municipality_id=municipality.id,
            stage=int(stage),
            field=field.strip(),
            record_id=record_id,
            author=actor.email,
            author_name=actor.name,
            text=text.strip(),
        )
        session.add(comment)
        session.flush()
        assert comment.id is not None  # set by the flush
        notify_comment(session, actor, municipality, stage, comment.text)
        return comment.id


def _comment(session: Session, actor: User, slug: str, comment_id: int) -> ReviewComment:
    municipality = visible_municipality(session, actor, slug)
    comment = session.get(ReviewComment, comment_id)
    if comment is None or comment.municipality_id != municipality.id:
        raise NotFound("review.no_comment", id=comment_id)
    return comment


def reply(email: str | None, slug: str, comment_id: int, text: str) -> int:
    if not text.strip():
        raise TransitionRefused("review.empty")
    text = checked_text(text, "text", 4000)
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        parent = _comment(session, actor, slug, comment_id)
        root = parent.parent_id or parent.id
        answer = ReviewComment(
            municipality_id=parent.municipality_id,
            stage=parent.stage,
            field=parent.field,
            parent_id=root,
            author=actor.email,
            author_name=actor.name,
            text=text.strip(),
        )
        session.add(answer)
        session.flush()
        assert answer.id is not None  # set by the flush
        municipality = session.get(Municipality, parent.municipality_id)
        if municipality is not None:
            notify_comment(session, actor, municipality, Stage(parent.stage), answer.text)
        return answer.id


def resolve(email: str | None, slug: str, comment_id: int) -> None:
    """Close a thread: its author, a consultant or a coordinator may."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        comment = _comment(session, actor, slug, comment_id)
        if comment.author != actor.email and Role(actor.role) == Role.TEAM_MEMBER:
            raise PermissionDenied("review.resolve_refused")
        comment.resolved, comment.resolved_by = True, actor.email
        session.add(comment)


def threads(email: str | None, slug: str, include_resolved: bool = False) -> list[CommentView]:
    """Comment threads, oldest first, each with its replies."""
    with unit_of_work() as session:
        municipality = visible_municipality(session, resolve_actor(session, email), slug)
        assert municipality.id is not None  # a stored municipality
        return open_threads(session, municipality.id, include_resolved)


def open_threads(session: Session, municipality_id: int, include_resolved: bool = False) -> list[CommentView]:
    rows = session.exec(
        select(ReviewComment)
        .where(ReviewComment.municipality_id == municipality_id)
        .order_by(col(ReviewComment.id))
    ).all()
    replies: dict[int, list[ReviewComment]] = {}
    for row in rows:
        if row.parent_id:
            replies.setdefault(row.parent_id, []).append(row)
    views = []
    for r in rows:
        if r.parent_id is None and (include_resolved or not r.resolved):
            assert r.id is not None  # a stored row
            views.append(_view(r, replies.get(r.id, [])))
    return views


class QueueItem(BaseModel):
    slug: str
    name: str
    stage: Stage
    submission: int
    submitted_at: datetime
    open_comments: int
    checks: dict[str, int] = {}  # the stage's open points of the checklist, by severity


def review_queue(email: str | None) -> list[QueueItem]:
    """Submitted stages waiting for this consultant, across their municipalities, oldest first."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        if Role(actor.role) == Role.TEAM_MEMBER:
            raise PermissionDenied("review.queue_refused")
        items = []
        for municipality in visible_municipalities(session, actor):
            assert municipality.id is not None  # a stored municipality
            comments = open_threads(session, municipality.id)
            records = stage_records(session, municipality)
            if not any(Status(r.status) == Status.SUBMITTED for r in records.values()):
                continue
            findings = checklist(session, municipality, records)
            for stage, record in records.items():
                if Status(record.status) != Status.SUBMITTED:
                    continue
                version = session.exec(
                    select(StageVersion).where(
                        StageVersion.stage_record_id == record.id, StageVersion.number == record.submissions
                    )
                ).first()
                items.append(
                    QueueItem(
                        slug=municipality.slug,
                        name=municipality.name,
                        stage=stage,
                        submission=record.submissions,
                        submitted_at=version.submitted_at if version else record.updated_at,
                        open_comments=sum(1 for c in comments if c.stage == stage),
                        checks=counts([f for f in findings if f.stage == stage]),
                    )
                )
    return sorted(items, key=lambda item: item.submitted_at)


def stage_diff(email: str | None, slug: str, stage: Stage, old: str, new: str) -> list[Message]:
    """What changed between two versions of a stage ("current" is the live draft), in sentences."""
    before, after = _two_versions(email, slug, stage, old, new)
    return change_messages(before, after)


def stage_changes(email: str | None, slug: str, stage: Stage, old: str, new: str) -> StageChanges:
    """The same comparison record by record (matched by their ids), with each field's old and new value."""
    before, after = _two_versions(email, slug, stage, old, new)
    return record_changes(before, after)


def _two_versions(
    email: str | None, slug: str, stage: Stage, old: str, new: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two versions of a stage's content: a submission's number, or "current" for the live draft."""
    with unit_of_work() as session:
        municipality = visible_municipality(session, resolve_actor(session, email), slug)
        record: StageRecord = stage_records(session, municipality)[stage]

        def snapshot(label: str) -> dict[str, Any]:
            if label.strip().lower() in {"current", "güncel", "guncel"}:
                return load_content(session, record).model_dump(mode="json")
            number = int(label) if label.strip().isdigit() else -1
            version = session.exec(
                select(StageVersion).where(
                    StageVersion.stage_record_id == record.id, StageVersion.number == number
                )
            ).first()
            if version is None:
                raise NotFound("review.no_version", version=label, count=record.submissions)
            return version.data

        return snapshot(old), snapshot(new)
