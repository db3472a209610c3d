"""SQLModel tables: the source of truth for workflow state."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Cohort(SQLModel, table=True):
    """Municipalities that run the programme together, over one period, with one instrument."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True, max_length=80)
    name: str = Field(max_length=200)
    starts: date
    ends: date
    # The programme's own self-assessment instrument and focus-area catalogue (None: the bundled ones).
    instrument: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    catalogue: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # The programme's partners for every roadmap's cover: [{"name": …, "logo_sha256": a stored PNG/JPEG or ""}].
    partners: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(default_factory=utcnow)


class Municipality(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True, max_length=80)
    name: str = Field(max_length=200)
    province: str = Field(default="", max_length=100)
    programme: str = Field(default="", max_length=200)
    # büyükşehir, il, ilçe or belde (empty when not known)
    kind: str = Field(default="", max_length=20)
    cohort_id: int | None = Field(default=None, foreign_key="cohort.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)


class CohortConsultant(SQLModel, table=True):
    __tablename__ = "cohort_consultant"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohort.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, unique=True, max_length=200)
    name: str = Field(max_length=200)
    role: str = Field(max_length=20)
    municipality_id: int | None = Field(default=None, foreign_key="municipality.id")
    # argon2 hash; empty: the account cannot sign in to the web app (the CLI acts with --as).
    password_hash: str = Field(default="", max_length=200)
    # How notices reach them by e-mail: "instant", "digest" (once a day) or "none" (in the web app only).
    notify_mode: str = Field(default="instant", max_length=20, sa_column_kwargs={"server_default": "instant"})
    # The language of their e-mails (tr or en).
    language: str = Field(default="tr", max_length=5, sa_column_kwargs={"server_default": "tr"})


class ConsultantAssignment(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("user_id", "municipality_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)


class TeamMemberRow(SQLModel, table=True):
    """A coordination team member; stage 0's members live here rather than in JSON."""

    __tablename__ = "team_member"

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    position: int
    record_id: str = Field(max_length=64)  # the member's id inside stage 0's content
    name: str = Field(max_length=200)
    directorate: str = Field(max_length=200)
    role: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=200)
    is_coordinator: bool = False


class StageRecord(SQLModel, table=True):
    """One per municipality and stage: status, content and the optimistic-lock version."""

    __tablename__ = "stage_record"
    __table_args__ = (UniqueConstraint("municipality_id", "stage"),)

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    stage: int
    status: str = Field(default="draft", max_length=20)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    version: int = 1
    submissions: int = 0
    opened_early: bool = False
    needs_recheck: bool = False
    # Requirements a consultant waived for this stage: problem key -> the consultant's comment.
    waivers: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="", max_length=200)


class StageVersion(SQLModel, table=True):
    """A frozen copy of a stage as it was submitted."""

    __tablename__ = "stage_version"
    __table_args__ = (UniqueConstraint("stage_record_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    stage_record_id: int = Field(foreign_key="stage_record.id", index=True)
    number: int
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    submitted_at: datetime = Field(default_factory=utcnow)
    submitted_by: str = Field(max_length=200)


class AuditRecord(SQLModel, table=True):
    """Who did what to which stage, when, and why."""

    __tablename__ = "audit_record"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=200)
    municipality_id: int | None = Field(default=None, foreign_key="municipality.id", index=True)
    stage: int | None = None
    action: str = Field(max_length=30)
    from_status: str = Field(default="", max_length=20)
    to_status: str = Field(default="", max_length=20)
    version: int | None = None
    comment: str = Field(default="", max_length=4000)


class ChangeStamp(SQLModel, table=True):
    """One row whose counter goes up with every transaction that writes (``store.db``): what a page
    derived from many rows may be kept for, until the next write anywhere, in any process."""

    __tablename__ = "change_stamp"

    id: int = Field(default=1, primary_key=True)
    # Random, made with the database: a database emptied and made anew at the same URL restarts the
    # counter, and must not be taken for the one whose pages were kept.
    epoch: str = Field(max_length=32)
    counter: int = Field(default=0, sa_type=BigInteger)


class ReviewComment(SQLModel, table=True):
    """A comment on a stage (as a whole, a field, or a document section), with its thread."""

    __tablename__ = "review_comment"

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    stage: int
    field: str = Field(default="", max_length=200)
    record_id: str = Field(default="", max_length=64)  # the record it is about, when it is about one
    parent_id: int | None = Field(default=None, foreign_key="review_comment.id")
    author: str = Field(max_length=200)
    author_name: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    text: str = Field(max_length=4000)
    resolved: bool = False
    resolved_by: str = Field(default="", max_length=200)
    source: str = Field(default="tool", max_length=20)


class StoredFile(SQLModel, table=True):
    """A file in the file store (roadmap.store.files), known by the SHA-256 of its bytes."""

    __tablename__ = "stored_file"

    sha256: str = Field(primary_key=True, max_length=64)
    size: int
    media_type: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=200)


class RoadmapExport(SQLModel, table=True):
    """An exported roadmap: numbered; the document and the data it was built from are in the file store."""

    __tablename__ = "roadmap_export"
    __table_args__ = (UniqueConstraint("municipality_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    number: int  # the export's own number: downloads and the identifier Word comments come back with
    version: int = 0  # the state of the data it was built from: the same data, the same version
    created_at: datetime = Field(default_factory=utcnow)
    actor: str = Field(max_length=200)
    lang: str = Field(max_length=5)
    with_comments: bool = False
    draft: bool = True
    sha256: str = Field(max_length=64, foreign_key="stored_file.sha256")  # the Word document
    data_sha256: str = Field(max_length=64, foreign_key="stored_file.sha256")  # its data, as JSON
    # The PDF made of this very document (``export --pdf``), if one was made: part of the version.
    pdf_sha256: str | None = Field(default=None, max_length=64, foreign_key="stored_file.sha256")


def export_file_name(slug: str, number: int, lang: str) -> str:
    """An exported version's file name, for downloads and for errors about its file."""
    return f"{slug}-yol-haritasi-v{number}-{lang}.docx"


def export_pdf_name(slug: str, number: int, lang: str) -> str:
    """The file name of the PDF kept with an exported version: the document's, as .pdf."""
    return export_file_name(slug, number, lang).removesuffix(".docx") + ".pdf"


class BuildJob(SQLModel, table=True):
    """Work asked for in the web app and done by a worker (``roadmap worker``): its state and progress.

    ``state``: queued → running → done | failed. ``outcome`` keeps the build's summary (counts and
    each failed municipality with its reason).
    """

    __tablename__ = "build_job"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)  # "cohort_build"
    target: str = Field(max_length=80, index=True)  # the cohort's slug
    lang: str = Field(default="tr", max_length=5)
    force: bool = False
    requested_by: str = Field(max_length=200)
    requested_at: datetime = Field(default_factory=utcnow)
    state: str = Field(default="queued", max_length=20, index=True)
    engine: str = Field(default="", max_length=20)
    total: int = 0
    done: int = 0
    failed: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    worker: str = Field(default="", max_length=200)
    outcome: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class Notification(SQLModel, table=True):
    """The outbox: a notice to one person, written in the same transaction as the change that causes
    it; a sender delivers it by e-mail (with retries) and the web shows it until it is read."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    recipient: str = Field(max_length=200, index=True)  # the person's e-mail
    kind: str = Field(max_length=40)  # submitted, changes_requested, approved, comment
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    municipality_id: int | None = Field(default=None, foreign_key="municipality.id", index=True)
    link: str = Field(default="", max_length=400)  # the page it is about, a path on this site
    sent_at: datetime | None = Field(default=None, index=True)
    attempts: int = 0
    last_error: str = Field(default="", max_length=1000)
    read_at: datetime | None = None


class AccountToken(SQLModel, table=True):
    """A one-time link to set a password (an invitation or a reset): only its SHA-256 is kept.

    The secret itself is made when the e-mail is sent (so it never rests in the outbox); until then
    ``token_hash`` is empty. It works once, until ``expires_at``.
    """

    __tablename__ = "account_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    purpose: str = Field(max_length=20)  # "invite" or "reset"
    token_hash: str | None = Field(default=None, max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="", max_length=200)
    expires_at: datetime
    used_at: datetime | None = None


class DigestDay(SQLModel, table=True):
    """The day a daily digest was sent: whoever records it first sends it (one per day)."""

    __tablename__ = "digest_day"

    day: date = Field(primary_key=True)
    started_at: datetime = Field(default_factory=utcnow)
    sent: int = 0


class RoadmapRelease(SQLModel, table=True):
    """A published roadmap: numbered and immutable once written; only a withdrawal (with its reason)
    is ever added to it, and its permanent link then shows a notice instead of the roadmap."""

    __tablename__ = "roadmap_release"
    __table_args__ = (UniqueConstraint("municipality_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    number: int
    published_at: datetime = Field(default_factory=utcnow)
    published_by: str = Field(max_length=200)
    # The public roadmap (the allow-listed data) per language: {"tr": {...}, "en": {...}}.
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    # Its files: name -> {"ref": where save_release_file put it, "sha256": …, "size": …}.
    files: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    withdrawn_at: datetime | None = None
    withdrawn_by: str = Field(default="", max_length=200)
    withdrawal_reason: str = Field(default="", max_length=4000)


class StakeholderRound(SQLModel, table=True):
    """A re-assessment of the stakeholder map after its approval: at a quarter ("2027-Q1") or on
    demand ("2027-02-14"). The approved map is never changed; each round keeps its own scores."""

    __tablename__ = "stakeholder_round"
    __table_args__ = (UniqueConstraint("municipality_id", "label"),)

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    label: str = Field(max_length=20)
    kind: str = Field(max_length=20)  # "quarter" or "on_demand"
    day: date
    opened_at: datetime = Field(default_factory=utcnow)
    opened_by: str = Field(max_length=200)
    version: int = 1  # raised by every recorded score: a form based on an older one is refused


class StakeholderScore(SQLModel, table=True):
    """One stakeholder's power and interest in one round (keyed by the stakeholder's record id), the
    reason when they changed, and whether the municipality was in contact with them."""

    __tablename__ = "stakeholder_score"
    __table_args__ = (UniqueConstraint("round_id", "stakeholder_id"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="stakeholder_round.id", index=True)
    stakeholder_id: str = Field(max_length=64)
    power: int
    interest: int
    reason: str = Field(default="", max_length=2000)
    contact: bool = False
    recorded_at: datetime = Field(default_factory=utcnow)
    recorded_by: str = Field(max_length=200)


# --- monitoring after approval (issue 21) ----------------------------------------------------------


class MonitoringCheckin(SQLModel, table=True):
    """One action's check-in for one quarter: its IRM status, indicator values, what was done, delays
    and evidence; edited in place with a version number, verified by a consultant when "complete"."""

    __tablename__ = "monitoring_checkin"
    __table_args__ = (UniqueConstraint("municipality_id", "action_id", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    action_id: str = Field(max_length=64)  # the action's record id in the approved plan
    period: str = Field(max_length=7, index=True)  # "2027-Q1"
    status: str = Field(max_length=20)
    reason: str = Field(default="", max_length=2000)  # why it was withdrawn
    actuals: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    done: str = Field(default="", max_length=2000)
    delays: str = Field(default="", max_length=2000)
    evidence: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    recorded_at: datetime = Field(default_factory=utcnow)
    recorded_by: str = Field(max_length=200)
    source: str = Field(default="cli", max_length=20)  # cli, web or workbook
    late: bool = False  # recorded after the period's deadline
    verification: str = Field(default="", max_length=20)  # "", pending, verified, returned
    verified_by: str = Field(default="", max_length=200)
    verified_at: datetime | None = None
    verification_comment: str = Field(default="", max_length=4000)
    version: int = 1


class PlanAmendment(SQLModel, table=True):
    """A change to an approved action (dates, targets, responsible) with its reason; it counts once a
    consultant approves it, and the approved plan stays the baseline."""

    __tablename__ = "plan_amendment"
    __table_args__ = (UniqueConstraint("municipality_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    number: int
    action_id: str = Field(max_length=64)
    changes: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    baseline: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))  # the values it replaces
    reason: str = Field(max_length=4000)
    requested_by: str = Field(max_length=200)
    requested_at: datetime = Field(default_factory=utcnow)
    state: str = Field(default="pending", max_length=20)  # pending, approved, rejected
    decided_by: str = Field(default="", max_length=200)
    decided_at: datetime | None = None
    comment: str = Field(default="", max_length=4000)


class MonitoringRules(SQLModel, table=True):
    """A programme's monitoring rules for its cohort: grace days, reminders, weights, and the cohort
    indicators every municipality reports ([{"code": …, "name": …, "unit": …}])."""

    __tablename__ = "monitoring_rules"

    cohort_id: int = Field(foreign_key="cohort.id", primary_key=True)
    grace_days: int = 15
    remind_before_days: int = 14
    weighting: str = Field(default="equal", max_length=20)
    indicators: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class CohortIndicatorValue(SQLModel, table=True):
    """A municipality's value of a cohort indicator for one quarter (they add up across the cohort)."""

    __tablename__ = "cohort_indicator_value"
    __table_args__ = (UniqueConstraint("municipality_id", "period", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    period: str = Field(max_length=7)
    code: str = Field(max_length=64)
    value: float
    recorded_by: str = Field(max_length=200)
    recorded_at: datetime = Field(default_factory=utcnow)


class MonitoringReminder(SQLModel, table=True):
    """A reminder sent about one action's check-in (before or after the deadline): sent once."""

    __tablename__ = "monitoring_reminder"
    __table_args__ = (UniqueConstraint("municipality_id", "action_id", "period", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    action_id: str = Field(max_length=64)
    period: str = Field(max_length=7)
    kind: str = Field(max_length=20)  # before, after
    sent_at: datetime = Field(default_factory=utcnow)


# --- the programme office: calls and applications, events and hours, consulting, the calendar -----


class ProgrammeCall(SQLModel, table=True):
    """A call for applications: its dates and its form (eligibility, questions, scoring criteria)."""

    __tablename__ = "programme_call"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True, unique=True, max_length=80)
    name: str = Field(max_length=200)
    opens: datetime
    closes: datetime  # nothing is accepted after it
    # roadmap.domain.applications.CallForm as JSON: eligible kinds, questions, criteria.
    form: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=200)


class Application(SQLModel, table=True):
    """A municipality's application to a call: a draft reached by a private link (only its hash is
    kept), submitted before the deadline, then accepted (becoming a municipality) or rejected."""

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="programme_call.id", index=True)
    state: str = Field(default="draft", max_length=20, index=True)  # draft, submitted, accepted, rejected
    # roadmap.domain.applications.ApplicationForm as JSON.
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    contact_email: str = Field(max_length=200)
    email_confirmed_at: datetime | None = None
    draft_hash: str = Field(max_length=64, unique=True)
    confirm_hash: str | None = Field(default=None, max_length=64, unique=True)  # made when e-mailed
    confirm_expires: datetime | None = None
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    submitted_at: datetime | None = None
    decided_at: datetime | None = None
    decided_by: str = Field(default="", max_length=200)
    decision_reason: str = Field(default="", max_length=4000)
    municipality_id: int | None = Field(default=None, foreign_key="municipality.id", index=True)


class ApplicationReview(SQLModel, table=True):
    """One reviewer's scores of one application against the call's criteria."""

    __tablename__ = "application_review"
    __table_args__ = (UniqueConstraint("application_id", "reviewer"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    reviewer: str = Field(max_length=200)
    scores: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    comment: str = Field(default="", max_length=4000)
    at: datetime = Field(default_factory=utcnow)


class ProgrammeEvent(SQLModel, table=True):
    """A training, webinar, experience-sharing or quarterly meeting, one-to-one or consulting session
    of a cohort; each attendee is credited its hours."""

    __tablename__ = "programme_event"

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohort.id", index=True)
    kind: str = Field(max_length=30)
    title: str = Field(max_length=200)
    starts: datetime
    hours: float
    online_link: str = Field(default="", max_length=400)
    place: str = Field(default="", max_length=200)
    checkin_code: str = Field(max_length=64, unique=True)  # shown at the event as a link and a QR code
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=200)


class EventRegistration(SQLModel, table=True):
    __tablename__ = "event_registration"
    __table_args__ = (UniqueConstraint("event_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="programme_event.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    by: str = Field(max_length=200)


class EventAttendance(SQLModel, table=True):
    """A person who attended an event, and how it is known: a sign-in sheet, the check-in link, the
    organiser's tick."""

    __tablename__ = "event_attendance"
    __table_args__ = (UniqueConstraint("event_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="programme_event.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    source: str = Field(max_length=20)  # sheet, checkin, organiser
    at: datetime = Field(default_factory=utcnow)
    by: str = Field(max_length=200)


class ConsultingSession(SQLModel, table=True):
    """A process-consulting session with a municipality: when, who, what was discussed and agreed."""

    __tablename__ = "consulting_session"

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    held_on: date
    consultant: str = Field(max_length=200)
    people: str = Field(default="", max_length=1000)
    topics: str = Field(max_length=4000)
    next_steps: str = Field(default="", max_length=4000)
    created_at: datetime = Field(default_factory=utcnow)


class CalendarFeed(SQLModel, table=True):
    """A person's private iCalendar address (calendar apps cannot sign in): only its hash is kept."""

    __tablename__ = "calendar_feed"

    user_id: int = Field(primary_key=True, foreign_key="user.id")
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


# --- civic actors and the support programme ------------------------------------------------------


class CivicActor(SQLModel, table=True):
    """An organisation of the programme-wide directory of civic actors (CSOs, social enterprises, clubs).

    Its contact is shown only when ``contact_listed`` (the person agreed to be listed); ``kvkk_consent``
    records the organisation's consent to its data being shared with the programme's municipalities.
    """

    __tablename__ = "civic_actor"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    name_key: str = Field(max_length=200, index=True)  # the Turkish-aware folded name, for duplicates
    kind: str = Field(max_length=30)
    province: str = Field(default="", max_length=100)
    district: str = Field(default="", max_length=100)
    focus_areas: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    derbis: str = Field(default="", max_length=20)  # an association's DERBİS registry number
    mersis: str = Field(default="", max_length=16)  # a company's (or cooperative's) MERSİS number
    website: str = Field(default="", max_length=200)
    contact_name: str = Field(default="", max_length=200)
    contact_email: str = Field(default="", max_length=200)
    contact_phone: str = Field(default="", max_length=50)
    contact_listed: bool = False
    kvkk_consent: bool = False
    kvkk_consent_at: datetime | None = None
    notes: str = Field(default="", max_length=2000)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="", max_length=200)


class ActorIntroduction(SQLModel, table=True):
    """A civic actor introduced to a municipality for one action of its roadmap: who, when, and what next."""

    __tablename__ = "actor_introduction"

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int = Field(foreign_key="civic_actor.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    action_id: str = Field(default="", max_length=64)  # the roadmap action's record id ("" for none)
    action_code: str = Field(default="", max_length=20)  # its code when introduced, "2.1"
    introduced_by: str = Field(max_length=200)
    introduced_at: datetime = Field(default_factory=utcnow)
    status: str = Field(default="introduced", max_length=20)
    next_step: str = Field(default="", max_length=2000)
    version: int = 1


class SupportCall(SQLModel, table=True):
    """A call of the support programme (Sivil Katılım Destek Programı): open between two dates."""

    __tablename__ = "support_call"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=80, unique=True, index=True)
    name: str = Field(max_length=200)
    opens: date
    closes: date
    rubric_version: int = 1  # the rubric in force; frozen from the day the call opens
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class SupportRubric(SQLModel, table=True):
    """One version of a call's rubric: its criteria with weights. Never changed once written."""

    __tablename__ = "support_rubric"
    __table_args__ = (UniqueConstraint("call_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="support_call.id", index=True)
    number: int
    criteria: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class SupportApplication(SQLModel, table=True):
    """A municipality's application to a call, for a project serving actions of its approved roadmap."""

    __tablename__ = "support_application"

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="support_call.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    title: str = Field(max_length=200)
    request: str = Field(max_length=4000)  # the technical and in-kind support asked for
    action_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    actor_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="submitted", max_length=20)  # submitted, awarded, declined
    submitted_by: str = Field(max_length=200)
    submitted_at: datetime = Field(default_factory=utcnow)
    decided_by: str = Field(default="", max_length=200)
    decided_at: datetime | None = None
    decision_reason: str = Field(default="", max_length=4000)
    version: int = 1


class SupportReview(SQLModel, table=True):
    """One reviewer's scores (criterion key → score) with comments, or their declared conflict of interest."""

    __tablename__ = "support_review"
    __table_args__ = (UniqueConstraint("application_id", "reviewer"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="support_application.id", index=True)
    reviewer: str = Field(max_length=200)
    rubric_version: int
    scores: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    notes: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    comment: str = Field(default="", max_length=4000)
    conflict: bool = False
    at: datetime = Field(default_factory=utcnow)


class SupportAward(SQLModel, table=True):
    """The ledger of support given on an awarded application: what, how much, worth what, when."""

    __tablename__ = "support_award"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="support_application.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    action_id: str = Field(default="", max_length=64)  # the roadmap action it serves
    kind: str = Field(max_length=20)  # technical, in_kind, training, ...
    description: str = Field(max_length=400)
    quantity: float = 0
    unit: str = Field(default="", max_length=40)
    value_try: float = 0
    given_on: date
    recorded_by: str = Field(max_length=200)
    recorded_at: datetime = Field(default_factory=utcnow)


# --- an introduction's one-to-one meeting ----------------------------------------------------------


class IntroductionMeeting(SQLModel, table=True):
    """The one-to-one meeting (a programme event) that an introduction of a civic actor became."""

    __tablename__ = "introduction_meeting"

    id: int | None = Field(default=None, primary_key=True)
    introduction_id: int = Field(foreign_key="actor_introduction.id", unique=True, index=True)
    event_id: int = Field(foreign_key="programme_event.id", index=True)
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
