"""Monitoring after approval: quarterly periods, check-ins on the OGP IRM completion scale, and
progress computed from indicators and status (never typed in as a percentage).

Pure: no database. The services in ``roadmap.services.monitoring`` store check-ins and ask these rules.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from roadmap.domain.content import (
    Content,
    Indicator,
    Prose,
    RoadmapAction,
    RoadmapPlan,
    ShortText,
    occurrences,
)
from roadmap.errors import InvalidInput, keyed_error
from roadmap.i18n import Message, msg

PERIOD = re.compile(r"(\d{4})-?Q([1-4])", re.IGNORECASE)
SHA256 = re.compile(r"[0-9a-f]{64}")
URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


class Period(BaseModel):
    """A calendar quarter of a roadmap's implementation: "2027-Q1"."""

    model_config = ConfigDict(frozen=True)

    year: int
    quarter: int = Field(ge=1, le=4)

    @classmethod
    def parse(cls, text: str) -> Period:
        found = PERIOD.fullmatch(text.strip())
        if not found:
            raise InvalidInput("monitoring.bad_period", value=text)
        return cls(year=int(found.group(1)), quarter=int(found.group(2)))

    @classmethod
    def of(cls, day: date) -> Period:
        return cls(year=day.year, quarter=(day.month - 1) // 3 + 1)

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    def __str__(self) -> str:
        return self.label

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def last_day(self) -> date:
        return date(self.year + self.quarter // 4, 3 * self.quarter % 12 + 1, 1) - timedelta(days=1)

    def deadline(self, grace_days: int) -> date:
        """The last day a check-in for this period is on time: the quarter's end plus the grace days."""
        return self.last_day + timedelta(days=grace_days)

    def next(self) -> Period:
        return Period(year=self.year + self.quarter // 4, quarter=self.quarter % 4 + 1)

    def __lt__(self, other: Period) -> bool:
        return (self.year, self.quarter) < (other.year, other.quarter)

    def __le__(self, other: Period) -> bool:
        return (self.year, self.quarter) <= (other.year, other.quarter)


def month_date(plan: RoadmapPlan, month: int) -> date:
    """The first day of the plan's ``month`` (1: the start month)."""
    assert plan.start is not None  # callers check that the plan has a start
    index = plan.start.year * 12 + plan.start.month - 1 + month - 1
    return date(index // 12, index % 12 + 1, 1)


def periods_of(plan: RoadmapPlan) -> list[Period]:
    """The quarters an approved roadmap runs through, from the quarter of its start month to the
    quarter of its last month."""
    if plan.start is None:
        return []
    first, last = Period.of(plan.start), Period.of(month_date(plan, plan.months))
    found = [first]
    while found[-1] < last:
        found.append(found[-1].next())
    return found


def planned_in(plan: RoadmapPlan, action: RoadmapAction, period: Period) -> bool:
    """Whether the plan has the action running during any month of the period."""
    if plan.start is None:
        return False
    first_day, last_day = period.first_day, period.last_day
    for first, last in occurrences(action):
        if month_date(plan, first) <= last_day and month_date(plan, last) >= first_day:
            return True
    return False


def planned_end(plan: RoadmapPlan, action: RoadmapAction) -> Period | None:
    """The quarter in which the plan has the action finish."""
    if plan.start is None or not action.end_month:
        return None
    return Period.of(month_date(plan, action.end_month))


class CheckinStatus(StrEnum):
    """The OGP Independent Reporting Mechanism's completion scale, and withdrawn (with a reason)."""

    NOT_STARTED = "not_started"
    LIMITED = "limited"
    SUBSTANTIAL = "substantial"
    COMPLETE = "complete"
    WITHDRAWN = "withdrawn"


# How far each step of the scale carries an action (a complete one counts fully once verified).
STATUS_SHARE = {
    CheckinStatus.NOT_STARTED: 0.0,
    CheckinStatus.LIMITED: 1 / 3,
    CheckinStatus.SUBSTANTIAL: 2 / 3,
    CheckinStatus.COMPLETE: 1.0,
}
NEEDS_EVIDENCE = {CheckinStatus.SUBSTANTIAL, CheckinStatus.COMPLETE}


class Verification(StrEnum):
    """A consultant's word on a "complete": waiting, verified, or sent back."""

    NONE = ""
    PENDING = "pending"
    VERIFIED = "verified"
    RETURNED = "returned"


class EvidenceKind(StrEnum):
    FILE = "file"  # a document in the file store
    LINK = "link"  # a web address
    PHOTO = "photo"  # a photo in the file store
    MEETING = "meeting"  # a meeting record of stage 4 (its id) or a meeting's minutes, by name


class Evidence(Content):
    kind: EvidenceKind
    ref: ShortText = Field(min_length=1)  # the file's SHA-256, the address, or the meeting's id
    name: ShortText = ""  # what a reader sees: the file's name, the page's title, the meeting's title

    def problems(self) -> list[Message]:
        if self.kind in (EvidenceKind.FILE, EvidenceKind.PHOTO) and not SHA256.fullmatch(self.ref):
            return [msg("monitoring.evidence_not_stored", name=self.name or self.ref)]
        if self.kind == EvidenceKind.LINK and not URL.fullmatch(self.ref):
            return [msg("monitoring.evidence_bad_link", link=self.ref)]
        return []


def _finite(value: float) -> float:
    if value != value or value in (float("inf"), float("-inf")):
        raise keyed_error("form.error.number")
    return value


class CheckinInput(Content):
    """What a directorate reports for one action and one period."""

    status: CheckinStatus
    reason: Prose = ""  # why it was withdrawn
    actuals: dict[str, float] = {}  # indicator id -> its value at the end of the period
    done: Prose = ""  # what was done
    delays: Prose = ""  # delays and their reasons
    evidence: list[Evidence] = []

    @field_validator("actuals")
    @classmethod
    def _actuals(cls, value: dict[str, float]) -> dict[str, float]:
        return {key: _finite(number) for key, number in value.items()}


def checkin_problems(given: CheckinInput, action: RoadmapAction) -> list[Message]:
    """Why a check-in cannot be recorded as it is (empty: it may)."""
    problems: list[Message] = []
    if given.status == CheckinStatus.WITHDRAWN and len(given.reason.strip()) < 3:
        problems.append(msg("monitoring.withdrawn_needs_reason"))
    if given.status in NEEDS_EVIDENCE and not given.evidence:
        problems.append(msg("monitoring.needs_evidence", status=msg(f"irm.{given.status.value}")))
    known = {indicator.id for indicator in action.indicators}
    for key in given.actuals:
        if key not in known:
            problems.append(msg("monitoring.unknown_indicator", indicator=key))
    for item in given.evidence:
        problems.extend(item.problems())
    return problems


def indicator_address(code: str, action: RoadmapAction, text: str) -> Indicator:
    """``ACTION.N`` (the action's Nth indicator, "1.1.1") for the action with code ``code``."""
    head, _, number = text.strip().rpartition(".")
    if head != code or not number.isdigit() or not 1 <= int(number) <= len(action.indicators):
        raise InvalidInput(
            "monitoring.bad_indicator_address", value=text, action=code, count=len(action.indicators)
        )
    return action.indicators[int(number) - 1]


# --- progress ------------------------------------------------------------------------------------


def indicator_progress(indicator: Indicator, actual: float | None) -> float | None:
    """How far an indicator has come from its baseline to its target (0–1); None without a value."""
    if actual is None or indicator.target is None:
        return None
    baseline = indicator.baseline or 0.0
    span = indicator.target - baseline
    if span == 0:
        return 1.0 if actual == indicator.target else 0.0
    return max(0.0, min(1.0, (actual - baseline) / span))


class ActionState(BaseModel):
    """An action as of a period: its latest status and each indicator's latest value."""

    status: CheckinStatus | None = None
    verification: Verification = Verification.NONE
    actuals: dict[str, float] = {}


def action_progress(action: RoadmapAction, state: ActionState) -> float | None:
    """An action's progress: the mean of its status's share and its indicators' progress; a
    verified "complete" is done; a withdrawn action has none (it leaves the weights)."""
    if state.status == CheckinStatus.WITHDRAWN:
        return None
    if state.status == CheckinStatus.COMPLETE and state.verification == Verification.VERIFIED:
        return 1.0
    status = state.status or CheckinStatus.NOT_STARTED
    # An unverified "complete" counts as "substantial" until a consultant verifies it.
    share = STATUS_SHARE[CheckinStatus.SUBSTANTIAL if status == CheckinStatus.COMPLETE else status]
    measured = [
        p
        for p in (indicator_progress(i, state.actuals.get(i.id)) for i in action.indicators)
        if p is not None
    ]
    if not measured:
        return share
    return (share + sum(measured) / len(measured)) / 2


Weighting = Literal["equal", "budget"]


class ProgressWeights(BaseModel):
    """How a programme weighs actions into a goal's and a roadmap's progress: equally, or by budget."""

    actions: Weighting = "equal"


def weighted(items: list[tuple[RoadmapAction, float | None]], weights: ProgressWeights) -> float | None:
    """The weighted mean of the actions' progress (withdrawn ones left out)."""
    counted = [(action, value) for action, value in items if value is not None]
    if not counted:
        return None
    if weights.actions == "budget":
        total = sum(action.budget_try for action, _ in counted)
        if total > 0:
            return sum(action.budget_try * value for action, value in counted) / total
    return sum(value for _, value in counted) / len(counted)
